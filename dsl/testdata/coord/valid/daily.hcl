dataset "logs" {
  uri              = "hdfs:///data/logs/{YEAR}/{MONTH}/{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00"
  timezone         = "Europe/Berlin"
}

dataset "report" {
  uri              = "/tmp/howdah-reports/{YEAR}{MONTH}{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00"
  timezone         = "Europe/Berlin"
  done_flag        = ""
}

coordinator "daily-etl" {
  workflow    = "wf/etl.hcl"
  start       = "2026-11-01T02:00"
  end         = "2026-12-01T02:00"
  frequency   = days(1)
  timezone    = "Europe/Berlin"
  concurrency = 2
  execution   = "lifo"

  input "logs" {
    dataset = "logs"
    from    = current(-2)
    to      = current(-1)
  }
  output "report" {
    dataset  = "report"
    instance = current(0)
  }
  params = {
    day    = format_time(coord.nominal_time, "yyyy-MM-dd")
    inputs = coord.inputs.logs
    out    = coord.outputs.report
  }
}
