coordinator "c" {
  workflow    = "wf/etl.hcl"
  start       = "2026-11-01T00:00:00Z"
  frequency   = days(1)
  execution   = "newest" # ERROR: Invalid execution
  concurrency = 0 # ERROR: Invalid concurrency
  throttle    = -1 # ERROR: Invalid throttle
  params      = { day = "x", inputs = [] }
}
