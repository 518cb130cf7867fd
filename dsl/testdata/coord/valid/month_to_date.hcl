# A daily report over the month so far: every daily partition from the
# 1st of the nominal time's month (in the dataset's zone) to the day's own.
dataset "logs" {
  uri              = "hdfs:///data/logs/{YEAR}/{MONTH}/{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00"
  timezone         = "Europe/Berlin"
}

coordinator "month-to-date" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-02T06:00"
  end       = "2027-03-01T06:00"
  frequency = days(1)
  timezone  = "Europe/Berlin"

  input "logs" {
    dataset = "logs"
    from    = start_of_month(0)
    to      = current(0)
  }
  params = {
    day    = format_time(coord.nominal_time, "yyyy-MM-dd")
    inputs = coord.inputs.logs
    out    = "/tmp/howdah-reports/mtd"
  }
}
