# Filesystem steps only: archive yesterday's output, set permissions,
# replicate and clean up (Oozie's fs action, with every operation).
workflow "housekeeping" {
  description = "Rotate, protect and clean the daily output"

  param "root" { default = "out/housekeeping" }
  param "day" { default = "2026-11-23" }

  action "layout" {
    fs {
      mkdir { path = "${param.root}/current" }
      mkdir { path = "${param.root}/archive" }
      touchz { path = "${param.root}/current/_SUCCESS" }
    }
  }

  action "rotate" {
    prepare { delete = ["${param.root}/archive/${param.day}"] }
    fs {
      move {
        path = "${param.root}/current"
        to   = "${param.root}/archive/${param.day}"
      }
      chmod {
        path        = "${param.root}/archive/${param.day}"
        permissions = "750"
        recursive   = true
      }
      mkdir { path = "${param.root}/current" }
    }
  }

  action "replicate" {
    description = "keep archives on two datanodes (ignored on local paths)"
    fs {
      setrep {
        path        = "${param.root}/archive/${param.day}/_SUCCESS"
        replication = 2
      }
    }
    error = action.cleanup # replication problems are not fatal
  }

  action "cleanup" {
    fs {
      delete {
        path       = "${param.root}/tmp"
        skip_trash = true
      }
    }
  }
}
