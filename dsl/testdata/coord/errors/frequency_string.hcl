coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = "90ms" # ERROR: Invalid frequency
  params    = { day = "x", inputs = [] }
}
