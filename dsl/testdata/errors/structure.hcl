workflow "structure" {
  description = "unknown blocks and attributes"
  retries     = 3 # ERROR: Unsupported argument

  task "x" {} # ERROR: Unsupported block type

  action "a" {
    shell {
      argv    = ["true"]
      command = "true" # ERROR: Unsupported argument
    }
    timeout = "5 minutes" # ERROR: Invalid duration
  }

  action "b" { # ERROR: Action has no kind
    description = "nothing to run"
  }

  action "c" {
    shell { argv = ["true"] }
    java { # ERROR: Action has two kinds
      jar        = "x.jar"
      main_class = "X"
    }
  }

  action "d" {
    prepare { delete = ["out/d"] }
    prepare { mkdir = ["out/d"] } # ERROR: Duplicate prepare block
    shell { argv = ["true"] }
    retry { attempts = 2 }
    retry { attempts = 3 } # ERROR: Duplicate retry block
  }
}
