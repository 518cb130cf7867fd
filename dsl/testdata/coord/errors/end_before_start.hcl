coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  end       = "2026-10-01T00:00:00Z" # ERROR: End before start
  frequency = days(1)
  params    = { day = "x", inputs = [] }
}
