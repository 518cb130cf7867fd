workflow "subworkflow" {
  action "missing" {
    sub_workflow {
      file = "sub/does-not-exist.hcl" # ERROR: Cannot read sub-workflow
    }
  }

  action "loop" {
    sub_workflow {
      file = "sub/loop_a.hcl"
    }
  }

  action "params" {
    sub_workflow { # ERROR: Missing required parameter
      file   = "sub/child.hcl"
      params = { colour = "red" } # ERROR: Unknown parameter
    }
  }
}
