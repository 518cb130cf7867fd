workflow "unreachable" {
  action "a" {
    shell { argv = ["true"] }
    ok = end
  }

  action "orphan" { # ERROR: Unreachable node
    shell { argv = ["true"] }
  }

  kill "unused" { # ERROR: Unreachable node
    message = "never"
  }
}
