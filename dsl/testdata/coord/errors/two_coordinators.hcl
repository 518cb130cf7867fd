coordinator "a" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  params    = { day = "x", inputs = [] }
}

coordinator "b" { # ERROR: Duplicate coordinator block
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  params    = { day = "x", inputs = [] }
}
