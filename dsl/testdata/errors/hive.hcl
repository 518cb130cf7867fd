workflow "hive-errors" {
  param "pw" {
    sensitive = true
    default   = "x"
  }
  param "plain" { default = "x" }
  action "both" {
    hive {
      jdbc_url = "jdbc:hive2://hs2:10000/default"
      script   = "a.hql"
      query    = "SELECT 1" # ERROR: Both script and query
    }
  }
  action "neither" {
    hive { # ERROR: Missing script or query
      jdbc_url = "jdbc:hive2://hs2:10000/default"
    }
  }
  action "clear_password" {
    hive {
      query    = "SELECT 1"
      password = "hunter2" # ERROR: Password not from a sensitive parameter
    }
  }
  action "plain_password" {
    hive {
      query    = "SELECT 1"
      password = param.plain # ERROR: Password not from a sensitive parameter
    }
  }
  action "two_passwords" {
    hive {
      query         = "SELECT 1"
      password      = param.pw
      password_file = "/etc/howdah/hive.pw" # ERROR: Both password and password_file
    }
  }
  action "url_password" {
    hive {
      jdbc_url = "jdbc:hive2://hs2:10000/default;user=etl;password=x" # ERROR: Invalid jdbc_url
      query    = "SELECT 1"
    }
  }
  action "not_hive" {
    hive {
      jdbc_url = "jdbc:mysql://db/x" # ERROR: Invalid jdbc_url
      query    = "SELECT 1"
    }
  }
  action "owned_args" {
    hive {
      query = "SELECT 1"
      args  = ["--verbose=true", "-p", "x"] # ERROR: Beeline option howdah sets
    }
  }
  action "client_capture" {
    shell {
      argv           = ["pig", "-f", "x.pig"]
      hadoop_client  = true
      capture_output = true # ERROR: capture_output with hadoop_client
    }
  }
}
