workflow "names" {
  param "dup" { default = "x" }
  param "dup" { default = "y" } # ERROR: Duplicate parameter

  action "same" {
    shell { argv = ["true"] }
  }

  decision "same" { # ERROR: Duplicate node name
    case {
      when = true
      goto = end
    }
    default = end
  }

  action "end" { # ERROR: Reserved node name
    shell { argv = ["true"] }
  }

  action "bad name" { # ERROR: Invalid action name
    shell { argv = ["true"] }
  }

  defaults {}
  defaults {} # ERROR: Duplicate defaults block
}
