# A parent that runs the same cleaning sub-workflow for two datasets, the
# second with a value computed at run time.
workflow "subworkflow" {
  description = "Clean two datasets with a shared sub-workflow"

  param "base" { default = "out/subworkflow" }

  action "list" {
    shell {
      argv           = ["echo", "second=events"]
      capture_output = true
    }
  }

  action "clean_users" {
    sub_workflow {
      file   = "clean.hcl"
      params = { root = param.base, dataset = "users" }
    }
  }

  action "clean_second" {
    sub_workflow {
      file                    = "clean.hcl"
      params                  = { root = param.base, dataset = action.list.output.second }
      propagate_configuration = true
    }
  }
}
