dataset "logs" {
  uri              = "/data/logs/{YEAR}{MONTH}{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00:00Z"
}

# By its last nominal time the range names more than 1,000 instances.
coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  end       = "2029-11-01T00:00:00Z"
  frequency = days(1)
  input "d" { # ERROR: Invalid range
    dataset = "logs"
    from    = absolute("2026-10-01T00:00Z")
    to      = current(0)
  }
  params = { day = "x", inputs = [] }
}
