dataset "logs" {
  uri              = "/data/logs/{YEAR}{MONTH}{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00:00Z"
}

coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  input "in" {
    dataset = "logs"
    from    = latest(-3) # ERROR: Mixed instance functions
    to      = current(0)
  }
  params = { day = "x", inputs = coord.inputs.in }
}
