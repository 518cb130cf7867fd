workflow "fork_no_join" {
  fork "f" { # ERROR: Fork without join
    branches = [action.a, action.b]
  }

  action "a" {
    shell { argv = ["true"] }
    ok = end # ERROR: Fork branch ends the workflow
  }

  action "b" {
    shell { argv = ["true"] }
    ok = kill.stop
  }

  kill "stop" {}
}
