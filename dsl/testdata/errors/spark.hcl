workflow "spark-errors" {
  action "standalone" {
    spark {
      master = "spark://host:7077" # ERROR: Unsupported Spark master
      jar    = "job.py"
    }
  }
  action "conflict" {
    spark {
      master = "yarn-cluster"
      mode   = "client" # ERROR: Conflicting Spark mode
      jar    = "job.py"
    }
  }
  action "local_cluster" {
    spark {
      master = "local[*]"
      mode   = "cluster" # ERROR: Invalid Spark mode
      jar    = "job.py"
    }
  }
  action "bad_mode" {
    spark {
      mode = "yarn" # ERROR: Invalid Spark mode
      jar  = "job.py"
    }
  }
  action "python_class" {
    spark {
      main_class = "org.example.Main" # ERROR: Main class for a Python application
      jar        = "job.py"
    }
  }
  action "owned_opts" {
    spark {
      jar        = "job.jar"
      spark_opts = ["--master", "yarn"] # ERROR: Spark option howdah sets
    }
  }
  action "runtime_master" {
    spark {
      master = "local[${wf.id}]" # ERROR: Value must be known at compile time
      jar    = "job.jar"
    }
  }
  action "no_jar" {
    spark { # ERROR: Missing required argument
      main_class = "org.example.Main"
    }
  }
  action "comma_py_files" {
    spark {
      jar      = "job.py"
      py_files = ["lib.zip,/etc/hosts"] # ERROR: Comma in a file name
    }
  }
  action "comma_files" {
    files = ["data,1.csv"] # ERROR: Comma in a file name
    spark {
      jar = "job.py"
    }
  }
}
