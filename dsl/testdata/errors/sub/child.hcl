workflow "child" {
  param "dir" {}

  action "list" {
    shell { argv = ["ls", param.dir] }
  }
}
