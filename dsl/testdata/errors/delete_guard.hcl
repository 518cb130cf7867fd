# PARAM empty=
workflow "delete_guard" {
  param "empty" {}
  param "root" { default = "/" }
  param "up" { default = "../.." }
  param "dirs" {
    type    = list(string)
    default = ["/tmp/howdah", "/"]
  }

  action "probe" {
    shell {
      argv           = ["echo", "dir=x"]
      capture_output = true
    }
  }

  action "a" {
    prepare {
      delete = [
        "/",                            # ERROR: Refusing to delete a root or empty path
        param.empty,                    # ERROR: Refusing to delete a root or empty path
        "hdfs://nn:8020/",              # ERROR: Refusing to delete a root or empty path
        action.probe.output.dir,        # ERROR: Delete path could resolve to a root or empty path
        "/${action.probe.output.dir}",  # ERROR: Delete path could resolve to a root or empty path
        "/data/${action.probe.output.dir}",
        "/data/${param.empty}",         # ERROR: Refusing to delete a root or empty path
        "/data/x/${param.up}/y",        # ERROR: Refusing to delete a root or empty path
      ]
    }
    shell { argv = ["true"] }
  }

  action "b" {
    fs {
      delete { path = "${param.root}/" } # ERROR: Refusing to delete a root or empty path
      delete { path = "out/../.." } # ERROR: Refusing to delete a root or empty path
    }
  }

  action "c" {
    prepare { delete = param.dirs } # ERROR: Refusing to delete a root or empty path
    shell { argv = ["true"] }
  }
}
