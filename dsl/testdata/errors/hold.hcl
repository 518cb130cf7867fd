workflow "hold" {
  defaults {
    on_failure = "pause" # ERROR: Invalid on_failure
  }

  action "a" {
    shell { argv = ["true"] }
    hold_timeout = "1h" # ERROR: hold_timeout without a hold
  }

  action "b" {
    shell { argv = ["true"] }
    on_failure   = "hold"
    hold_timeout = "soon" # ERROR: Invalid duration
  }
}
