dataset "hourly" {
  uri              = "/data/hourly/{YEAR}{MONTH}{DAY}{HOUR}"
  frequency        = hours(1)
  initial_instance = "2026-01-01T00:00:00Z"
}

dataset "skewed" {
  uri              = "/data/skewed/{YEAR}{MONTH}{DAY}{HOUR}{MINUTE}"
  frequency        = hours(1)
  initial_instance = "2026-01-01T00:30:00Z"
}

coordinator "c" {
  workflow  = "wf/etl.hcl"
  start     = "2026-11-01T00:00:00Z"
  end       = "2026-12-01T00:00:00Z"
  frequency = hours(1)
  input "a" {
    dataset  = "hourly"
    instance = start_of_day(0) # ERROR: Invalid instance
  }
  input "b" {
    dataset = "hourly"
    from    = start_of_day(0) # ERROR: Mixed instance functions
    to      = latest(0)
  }
  input "f" {
    dataset = "hourly"
    from    = current(0) # ERROR: Mixed instance functions
    to      = start_of_day(0)
  }
  params = { day = "x", inputs = [] }
}
