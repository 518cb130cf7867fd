dataset "ancient" {
  uri              = "/data/{YEAR}"
  frequency        = days(1)
  initial_instance = "0001-01-01T00:00:00Z" # ERROR: Invalid time
}

coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "9999-11-01T00:00:00Z" # ERROR: Invalid time
  frequency = days(1)
  input "in" {
    dataset  = "ancient"
    instance = current(0)
  }
  params = { day = "x", inputs = coord.inputs.in }
}
