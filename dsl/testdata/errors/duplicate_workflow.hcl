workflow "one" {
  action "a" {
    shell { argv = ["true"] }
  }
}

workflow "two" { # ERROR: Duplicate workflow block
  action "a" {
    shell { argv = ["true"] }
  }
}

coordinator "nightly" {} # ERROR: A coordinator in a workflow file
