workflow "fanout" {
  action "a" {
    shell { argv = ["true"] }
    parallelism = 4 # ERROR: parallelism without for_each
  }

  action "b" {
    for_each    = ["x", "y"]
    parallelism = 0 # ERROR: Invalid parallelism
    shell { argv = ["echo", each.value] }
  }

  action "c" {
    for_each = "x" # ERROR: Incorrect value type
    shell { argv = ["echo", each.value] }
  }
}
