workflow "references" {
  action "plain" {
    shell { argv = ["true"] }
  }

  action "users" {
    shell {
      argv = [
        action.plain.output.x, # ERROR: Action does not capture output
        action.plain.counters, # ERROR: Action has no counters
        action.ghost.status,   # ERROR: Reference to undeclared action
        action.plain.colour,   # ERROR: Unknown action attribute
        action.check.status,   # ERROR: Reference to a non-action node
        wf.owner,              # ERROR: Unknown wf attribute
        each.value,            # ERROR: each is not available here
        local.x,               # ERROR: Unknown variable
        decision.check,        # ERROR: Node reference in a value
      ]
      dir = nosuchfn("x") # ERROR: Call to unknown function
    }
  }

  decision "check" {
    case {
      when = "perhaps" # ERROR: Incorrect value type
      goto = end
    }
    default = end
  }
}
