coordinator "a" {
  workflow      = "wf/etl.hcl"
  start         = "2026-11-01T00:00:00Z"
  frequency     = days(1)
  execution     = "none"
  tolerance     = "none" # ERROR: Invalid tolerance
  timeout       = -5     # ERROR: Invalid timeout
  poll_interval = "-10s" # ERROR: Invalid poll_interval
  params        = { day = "x", inputs = [] }
}
