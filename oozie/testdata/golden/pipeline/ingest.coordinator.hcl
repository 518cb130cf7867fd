# Imported from testdata/ingest/coordinator.xml (uri:oozie:coordinator:0.5) by howdah import oozie.

# daily logs, landed by the collectors
dataset "logs" {
  uri              = "hdfs://nn:8020/data/logs/{YEAR}/{MONTH}/{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00:00Z"
  timezone         = "Europe/Berlin"
  done_flag        = "_DONE"
}

dataset "hourly" {
  uri              = "hdfs://nn:8020/data/hourly/{YEAR}{MONTH}{DAY}{HOUR}"
  frequency        = minutes(60)
  initial_instance = "2026-01-01T00:00:00Z"
  timezone         = "UTC"
}

dataset "reports" {
  uri              = "hdfs://nn:8020/reports/{YEAR}-{MONTH}-{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00:00Z"
  timezone         = "Europe/Berlin"
  done_flag        = ""
}

coordinator "ingest" {
  workflow    = "ingest.hcl"
  start       = "2026-11-01T02:00:00Z"
  end         = "2027-01-01T02:00:00+01:00"
  frequency   = days(1)
  timezone    = "Europe/Berlin"
  timeout     = 180
  concurrency = 2
  execution   = "last_only"
  throttle    = 4

  input "logs" {
    dataset = "logs"
    from    = current(-6)
    to      = current(0)
  }

  input "latest_hour" {
    dataset  = "hourly"
    instance = latest(0)
  }

  output "report" {
    dataset  = "reports"
    instance = current(0)
  }

  params = {
    inputs = join(",", reverse(coord.inputs.logs))
    out    = coord.outputs.report
    day    = format_time(date_offset(coord.nominal_time, -1, "days", "UTC"), "yyyy-MM-dd", "UTC")
  }
}
