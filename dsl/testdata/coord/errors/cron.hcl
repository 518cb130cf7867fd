coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = cron("0 25 * * *") # ERROR: Invalid frequency
  params    = { day = "x", inputs = [] }
}
