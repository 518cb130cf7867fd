coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00"
  frequency = days(1)
  timezone  = "Europe/Atlantis" # ERROR: Invalid time zone
  params    = { day = "x", inputs = [] }
}
