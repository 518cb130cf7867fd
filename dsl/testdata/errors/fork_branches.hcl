workflow "fork_branches" {
  fork "f" {
    branches = [
      action.a,
      action.a, # ERROR: Duplicate branch
    ]
  }

  action "a" {
    shell { argv = ["true"] }
  }

  join "j" {}
}
