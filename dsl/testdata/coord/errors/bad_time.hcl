coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "11/01/2026" # ERROR: Invalid time
  frequency = days(1)
  params    = { day = "x", inputs = [] }
}
