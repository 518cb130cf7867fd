workflow "mapreduce" {
  action "nojar" {
    map_reduce { # ERROR: Missing jar
      main_class = "org.example.Driver"
    }
  }

  action "confonly" {
    map_reduce { # ERROR: Configuration-only job without a mapper
      libs = ["lib/job.jar"]
      args = ["x"] # ERROR: args without main_class
    }
  }

  action "conf" {
    map_reduce {
      libs = ["lib/job.jar"]
    }
    configuration = {
      "mapreduce.job.map.class" = "org.example.Map"
      "mapreduce.job.map.class" = "org.example.Other" # ERROR: Duplicate configuration name
    }
  }
}
