workflow "fs_ops" {
  action "empty" {
    fs {} # no operation: a step that does nothing, as Oozie's <fs/>
  }

  action "ops" {
    fs {
      chmod {
        path        = "out/x"
        permissions = "rwxr-xr-q" # ERROR: Invalid value for permissions
      }
      setrep {
        path        = "out/x"
        replication = 0 # ERROR: Invalid value for replication
      }
      move { path = "out/x" } # ERROR: Missing required argument
      touchz {
        path  = "out/x/_DONE"
        group = "staff" # ERROR: Unsupported argument
      }
    }
  }
}
