workflow "transitions" {
  start = fail # ERROR: Invalid start

  action "a" {
    shell { argv = ["true"] }
    ok    = action.ghost # ERROR: Reference to undeclared node
    error = "fail" # ERROR: Invalid transition
  }

  action "b" {
    shell { argv = ["true"] }
    ok = action.check # ERROR: Wrong node kind in reference
  }

  decision "check" { # ERROR: Decision without default
    case {
      when = true
      goto = end
    }
  }

  decision "empty" { # ERROR: Decision without cases
    default = end
  }
}
