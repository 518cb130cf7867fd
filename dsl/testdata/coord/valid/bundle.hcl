bundle "nightly" {
  kick_off     = "2026-11-15T00:00:00Z"
  coordinators = ["daily.hcl"]
}

coordinator "hourly" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = hours(1)
  params = {
    day    = coord.nominal_time
    inputs = []
  }
}
