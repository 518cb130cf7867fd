coordinator "a" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  params = {
    day    = format_time("2026-11-01T00:00:00Z", "yyyy-MM-dd EEE") # ERROR: Invalid function argument
    inputs = []
  }
}
