workflow "loop_b" {
  action "call_a" {
    sub_workflow {
      file = "loop_a.hcl" # ERROR: Sub-workflow recursion
    }
  }
}
