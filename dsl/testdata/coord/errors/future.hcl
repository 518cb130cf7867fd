dataset "logs" {
  uri              = "/data/logs/{YEAR}{MONTH}{DAY}"
  frequency        = days(1)
  initial_instance = "2026-01-01T00:00:00Z"
}

coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  frequency = days(1)
  input "a" {
    dataset  = "logs"
    instance = future(-1, 3) # ERROR: Invalid instance
  }
  input "b" {
    dataset  = "logs"
    instance = future(3, 3) # ERROR: Invalid instance
  }
  input "c" {
    dataset  = "logs"
    instance = future(0, 5000) # ERROR: Invalid instance
  }
  input "d" {
    dataset = "logs"
    from    = future(0, 5) # ERROR: Mixed instance functions
    to      = future(1, 6)
  }
  input "e" {
    dataset = "logs"
    from    = future(0, 5)
    to      = future(4, 5)
  }
  output "out" { # ERROR: Invalid output
    dataset  = "logs"
    instance = future(0, 2)
  }
  params = { day = "x", inputs = [] }
}
