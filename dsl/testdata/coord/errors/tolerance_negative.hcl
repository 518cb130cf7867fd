coordinator "b" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  execution = "none"
  tolerance = -1 # ERROR: Invalid tolerance
  params    = { day = "x", inputs = [] }
}
