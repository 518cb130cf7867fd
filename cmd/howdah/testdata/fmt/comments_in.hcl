# leading comment
workflow "c" {   # trailing
  // slash comment
  action "x" {
    shell { argv = ["true"] }   /* block */
  }
}
