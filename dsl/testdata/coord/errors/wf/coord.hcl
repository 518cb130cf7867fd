coordinator "daily-etl" {
  workflow  = "etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  params    = { day = coord.nominal_time, inputs = [] }
}
