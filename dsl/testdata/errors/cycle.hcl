workflow "cycle" {
  action "a" {
    shell { argv = ["true"] }
  }

  action "b" {
    shell { argv = ["true"] }
  }

  decision "again" {
    case {
      when = true
      goto = action.a # ERROR: Cycle in workflow
    }
    default = end
  }
}
