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
  start     = "2026-11-01T05:00:00Z"
  end       = "2026-12-01T00:00:00Z"
  frequency = hours(1)
  # At midnight (the 20th nominal time) current(-1) is the previous day's last hour: the start comes after the end.
  input "c" { # ERROR: Invalid range
    dataset = "hourly"
    from    = start_of_day(0)
    to      = current(-1)
  }
  # Midnight is not an instance of a dataset at half past each hour.
  input "d" { # ERROR: Invalid range
    dataset = "skewed"
    from    = start_of_day(0)
    to      = current(0)
  }
  # Before the initial instance at the first nominal time.
  input "e" { # ERROR: Invalid range
    dataset = "hourly"
    from    = start_of_month(-11)
    to      = current(0)
  }
  params = { day = "x", inputs = [] }
}
