dataset "logs" {
  uri              = "/data/logs/{YEAR}{MONTH}{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00:00Z"
}

coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  end       = "2029-11-01T00:00:00Z"
  frequency = days(1)
  input "a" {
    dataset  = "logs"
    instance = absolute("2026-10-01T00:00Z") # ERROR: Invalid instance
  }
  input "b" {
    dataset = "logs"
    from    = absolute("2026-10-01T12:00Z") # ERROR: Invalid instance
    to      = current(0)
  }
  input "c" {
    dataset = "logs"
    from    = absolute("2025-10-01T00:00Z") # ERROR: Invalid instance
    to      = current(0)
  }
  input "e" {
    dataset = "logs"
    from    = absolute("2026-10-01T00:00Z") # ERROR: Mixed instance functions
    to      = latest(0)
  }
  params = { day = "x", inputs = [] }
}
