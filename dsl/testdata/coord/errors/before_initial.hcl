dataset "logs" { # NOTE: the context
  uri              = "/data/logs/{YEAR}{MONTH}{DAY}"
  frequency        = days(1)
  initial_instance = "2026-11-05T00:00:00Z"
}

coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  input "in" { # ERROR: Instance before initial instance
    dataset  = "logs"
    instance = current(-1)
  }
  params = { day = "x", inputs = coord.inputs.in }
}
