workflow "types" {
  action "stream" {
    streaming {
      input    = ["in"]
      output   = "out/x"
      mapper   = "cat" # ERROR: Incorrect value type
      reducers = "many" # ERROR: Incorrect value type
    }
  }

  action "stream2" {
    streaming { # ERROR: Missing required argument
      input  = ["in"]
      mapper = ["cat"]
    }
  }

  action "maponly" {
    streaming {
      input    = ["in"]
      output   = "out/y"
      mapper   = ["cat"]
      reducer  = ["uniq"] # ERROR: reducer in a map-only job
      reducers = 0
    }
  }

  action "empty_argv" {
    shell { argv = [] } # ERROR: Invalid value for argv
  }

  action "neg" {
    streaming {
      input    = ["in"]
      output   = "out/z"
      mapper   = ["cat"]
      reducers = -1 # ERROR: Invalid value for reducers
    }
  }

  action "frac" {
    streaming {
      input    = ["in"]
      output   = "out/w"
      mapper   = ["cat"]
      reducers = 1.5 # ERROR: Invalid value for reducers
    }
  }

  action "nullout" {
    streaming {
      input  = ["in"]
      output = null # ERROR: Missing value
      mapper = ["cat"]
    }
  }
}
