# Every minute, once the previous minute's directory under data/events has
# its _SUCCESS flag, count its events into out/counts/<minute>. Relative
# dataset URIs are resolved against this file's directory.
#
#   howdah dev &
#   howdah coordinator apply examples/coordinator/coordinator.hcl --start now
#   examples/coordinator/land-events   # lands the previous minute's events
#   howdah coordinator status event-counts

dataset "events" {
  uri              = "data/events/{YEAR}{MONTH}{DAY}-{HOUR}{MINUTE}"
  frequency        = minutes(1)
  initial_instance = "2026-01-01T00:00:00Z"
}

dataset "counts" {
  uri              = "out/counts/{YEAR}{MONTH}{DAY}-{HOUR}{MINUTE}"
  frequency        = minutes(1)
  initial_instance = "2026-01-01T00:00:00Z"
  done_flag        = ""
}

coordinator "event-counts" {
  description   = "count each minute's events once they have landed"
  workflow      = "count.hcl"
  start         = "2026-11-25T00:00:00Z"
  frequency     = minutes(1)
  timeout       = "10m"
  poll_interval = "5s"
  concurrency   = 2

  input "events" {
    dataset  = "events"
    instance = current(-1)
  }
  output "counts" {
    dataset  = "counts"
    instance = current(-1)
  }

  params = {
    input  = coord.inputs.events[0]
    output = coord.outputs.counts
    minute = format_time(coord.nominal_time, "yyyy-MM-dd HH:mm")
  }
}
