coordinator "a" {
  workflow      = "wf/etl.hcl"
  start         = "2026-11-01T00:00:00Z"
  frequency     = days(1)
  timeout       = "soon" # ERROR: Invalid timeout
  poll_interval = "10ms" # ERROR: Invalid poll_interval
  params        = { day = "x", inputs = [] }
}
