workflow "syntax" {
  action "a" {
    shell { argv = ["echo", "hi" }  # ERROR: Missing item separator
  }
}
