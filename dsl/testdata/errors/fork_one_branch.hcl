workflow "fork_one_branch" {
  fork "f" {
    branches = [action.a] # ERROR: Fork needs two branches
  }

  action "a" {
    shell { argv = ["true"] }
  }

  join "j" {}
}
