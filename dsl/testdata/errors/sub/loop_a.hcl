workflow "loop_a" {
  action "call_b" {
    sub_workflow {
      file = "loop_b.hcl"
    }
  }
}
