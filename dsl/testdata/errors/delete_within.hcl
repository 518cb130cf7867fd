# PARAM outside=/data/other
# PARAM inside=/data/clicks/2026
workflow "delete_within" {
  param "outside" { within = "/data/clicks" } # ERROR: Parameter value outside its within
  param "inside" { within = "/data/clicks" }
  param "root" { within = "/" }                     # ERROR: Invalid within
  param "climb" { within = "/data/../etc" }         # ERROR: Invalid within
  param "ref" { within = param.inside }             # ERROR: Invalid within
  param "count" {
    type   = number
    within = "/data" # ERROR: Invalid within
  }
  param "bad_default" { # ERROR: Parameter value outside its within
    within  = "/data/clicks"
    default = "/data/clicksX/a"
  }
  param "here" { default = "." }

  action "probe" {
    shell {
      argv           = ["echo", "dir=x"]
      capture_output = true
    }
  }

  action "a" {
    prepare {
      delete = [
        param.inside,
        "${param.inside}/x",
        "${param.here}/output-data/x",
        param.here,                    # ERROR: Refusing to delete a root or empty path
        "${param.here}/",              # ERROR: Refusing to delete a root or empty path
        "${param.here}/../x",          # ERROR: Refusing to delete a root or empty path
      ]
    }
    shell { argv = ["true"] }
  }

  action "run_time" {
    sub_workflow {
      file   = "sub/bounded.hcl"
      params = { out = "/data/clicks/${action.probe.output.dir}", loose = action.probe.output.dir }
    }
  }
}
