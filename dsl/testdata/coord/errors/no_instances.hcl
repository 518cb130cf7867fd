coordinator "c" { # ERROR: No instances
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:30:00Z"
  end       = "2026-11-01T00:45:00Z"
  frequency = cron("0 * * * *")
  params    = { day = "x", inputs = [] }
}
