workflow "fork_entered" {
  decision "route" {
    case {
      when = false
      goto = join.j # ERROR: Transition into another fork's join
    }
    default = fork.f
  }

  fork "f" {
    branches = [action.a, action.b]
  }

  action "a" {
    shell { argv = ["true"] }
    ok = join.j
  }

  action "b" {
    shell { argv = ["true"] }
  }

  join "j" {}
}
