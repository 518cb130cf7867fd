coordinator "c" {
  workflow  = "nope.hcl" # ERROR: Cannot read workflow
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
}
