coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  params = {
    day    = coord.nominal_time
    inputs = coord.nominal_time # ERROR: Invalid parameter value
  }
}
