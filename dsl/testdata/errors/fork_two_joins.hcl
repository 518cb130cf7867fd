workflow "fork_two_joins" {
  fork "f" { # ERROR: Fork branches end at different joins
    branches = [action.a, action.b]
  }

  action "a" {
    shell { argv = ["true"] }
    ok = join.j1
  }

  action "b" {
    shell { argv = ["true"] }
    ok = join.j2
  }

  join "j1" { # ERROR: Join without fork
    ok = join.j2
  }

  join "j2" {} # ERROR: Join without fork
}
