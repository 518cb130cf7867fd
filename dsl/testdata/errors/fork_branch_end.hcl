workflow "fork_branch_end" {
  fork "f" {
    branches = [action.a, end] # ERROR: Invalid branch
  }

  action "a" {
    shell { argv = ["true"] }
  }

  join "j" {}
}
