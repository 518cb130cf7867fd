workflow "retry" {
  defaults {
    retry {
      attempts = 0 # ERROR: Invalid retry attempts
    }
  }

  action "a" {
    shell { argv = ["true"] }
    retry {
      backoff  = 0.5 # ERROR: Invalid retry backoff
      interval = "soon" # ERROR: Invalid duration
    }
  }

  action "b" {
    shell { argv = ["true"] }
    retry { # ERROR: Invalid retry policy
      interval     = "1m"
      max_interval = "10s"
    }
  }

  action "c" {
    shell { argv = ["true"] }
    timeout = action.a.error_message # ERROR: Value must be known at compile time
  }

  action "d" {
    shell { argv = ["true"] }
    timeout = "-5s" # ERROR: Invalid duration
  }
}
