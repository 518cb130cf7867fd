dataset "logs" {
  uri              = "/data/logs/{YEAR}{MONTH}{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00:00Z"
}

coordinator "c" {
  workflow    = "wf/etl.hcl"
  start       = "2026-11-01T00:00:00Z"
  frequency   = days(1)
  throttle    = 1000000 # ERROR: Invalid throttle
  concurrency = 50000 # ERROR: Invalid concurrency
  input "wide" {
    dataset = "logs"
    from    = current(-5000) # ERROR: Range too large
    to      = current(0)
  }
  input "deep" {
    dataset  = "logs"
    instance = latest(-5000) # ERROR: Range too large
  }
  input "far" {
    dataset  = "logs"
    instance = current(9000000) # ERROR: Invalid instance
  }
  params = { day = "x", inputs = [] }
}
