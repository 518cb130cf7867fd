bundle "b" {
  kick_off     = "2026-11-01T00:00:00Z"
  coordinators = ["wf/coord.hcl", "nope.hcl"] # ERROR: Cannot read coordinator
}

coordinator "daily-etl" { # ERROR: Duplicate coordinator
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  params    = { day = "x", inputs = [] }
}
