# Every construct of an Oozie workflow the importer reads, in one
# application. Not meant to run.
# Imported from TMP/kitchen/workflow.xml (uri:oozie:workflow:0.5) by howdah import oozie.
workflow "kitchen-prod" {
  param "inputDir" { description = "where the day's files land" }
  param "outputDir" { default = "/data/out" }
  param "queueName" { default = "etl" }
  param "nameNode" { default = "hdfs://nn:8020" }
  param "replication" {
    type    = number
    default = 3
  }
  param "day" { default = "2026-11-25" }
  param "lib_dir" {
    description = "directory on the worker host holding the jars of the Oozie application's lib/"
    default     = "TMP/kitchen/lib"
  }
  # Oozie: force.copy
  param "force_copy" {}
  param "app_dir" {
    description = "directory on the worker host holding the Oozie application's files (its scripts), as its app path did in Oozie"
    default     = "TMP/kitchen"
  }
  # Oozie: beeline.password
  param "beeline_password" {
    default   = "s3cret"
    sensitive = true
  }

  defaults {
    configuration = {
      "mapreduce.map.memory.mb" = "1024"
      "mapred.job.queue.name"   = param.queueName
    }
  }

  # filesystem steps, every operation
  action "clean" {
    fs {
      delete { path = "${param.nameNode}${param.outputDir}/tmp" }
      mkdir { path = "${param.nameNode}${param.outputDir}/tmp" }
      move {
        path = "${param.nameNode}${param.outputDir}/a"
        to   = "${param.outputDir}/b"
      }
      chmod {
        path        = "${param.outputDir}/b"
        permissions = "-rwxr-x---"
      }
      chmod {
        path        = "${param.outputDir}/c"
        permissions = "755"
        dir_files   = true
      }
      chgrp {
        path      = "${param.outputDir}/b"
        group     = "etl"
        recursive = true
      }
      touchz { path = "${param.outputDir}/b/_READY" }
      setrep {
        path        = "${param.outputDir}/b/_READY"
        replication = param.replication
      }
    }
  }

  fork "split" {
    branches = [action.stream, action.classic, action.pipes]
  }

  action "stream" {
    prepare {
      delete = ["${param.outputDir}/stream"]
      mkdir  = ["${param.outputDir}/stream-logs"]
    }
    streaming {
      input         = ["${param.inputDir}/a", "${param.inputDir}/b"]
      output        = "${param.outputDir}/stream"
      mapper        = ["python", "mapper.py", "--mode", "two words"]
      reducer       = ["/bin/cat"]
      reducers      = 4
      record_reader = "StreamXmlRecordReader"
      record_reader_mapping = {
        begin = "<page>"
        end   = "</page>"
      }
      env = {
        LANG = "C"
        DAY  = param.day
      }
    }
    # job_xml missing.xml was not found when importing
    configuration = { "stream.num.map.output.key.fields" = "2" }
    files         = ["mapper.py#mapper.py"]
    archives      = ["dict.zip#dict"]
    retry {
      attempts      = 6
      interval      = "2m"
      backoff       = 1
      non_retryable = ["ActionFailed"]
    }
    ok = join.joined
  }

  action "classic" {
    map_reduce {
      jar  = "${param.lib_dir}/b-main.jar"
      libs = ["${param.lib_dir}/a-deps.jar"]
    }
    configuration = {
      "mapred.reducer.class" = "com.example.Reduce"
      "mapred.mapper.class"  = "com.example.Main"
      "mapred.input.dir"     = param.inputDir
      "mapred.output.dir"    = "${param.outputDir}/classic"
    }
    ok = join.joined
  }

  action "pipes" {
    # Oozie map-reduce <pipes>: run with `mapred pipes` on the worker host; its job carries the step's YARN tag.
    shell {
      argv          = ["mapred", "pipes", "-input", param.inputDir, "-output", "${param.outputDir}/pipes", "-map", "org.apache.hadoop.mapred.lib.IdentityMapper", "-program", "bin/wordcount#wordcount"]
      hadoop_client = true
    }
  }

  join "joined" {}

  decision "route" {
    case {
      when = action.stream.counters["RECORDS"]["REDUCE_OUT"] > 0 && fs_exists("${param.outputDir}/stream/_SUCCESS")
      goto = action.java
    }
    case {
      when = param.force_copy == "true"
      goto = action.copy
    }
    case {
      when = false # Oozie: ${wf:transition('clean') eq 'split'}
      goto = end
    }
    default = kill.fail
  }

  action "java" {
    java {
      jar            = "${param.lib_dir}/b-main.jar"
      main_class     = "com.example.Main"
      args           = ["${param.outputDir}/stream", wf.id]
      libs           = ["${param.lib_dir}/a-deps.jar"]
      java_opts      = ["-Xmx1g", "-Dday=${param.day}"]
      capture_output = true
    }
    error = action.notify
  }

  action "copy" {
    distcp {
      from    = ["${param.outputDir}/stream", "${param.outputDir}/classic"]
      to      = "hdfs://backup:8020/copies/${lookup(action.java.output, "day", "")}"
      options = ["-update", "-m", "10"]
    }
    error = action.notify
  }

  action "script" {
    shell {
      argv = ["report.sh", lookup(action.java.output, "rows", "")]
      env = {
        TZ   = "UTC"
        ROOT = param.outputDir
      }
      capture_output = true
    }
    error = action.notify
  }

  action "child" {
    sub_workflow {
      file = "child.hcl"
      params = {
        day       = param.day
        nameNode  = param.nameNode
        queueName = param.queueName
      }
      propagate_configuration = true
    }
    error = action.notify
  }

  action "pig" {
    # Oozie <pig> action: howdah runs `pig` on the worker host; the jobs it submits carry the step's YARN tag.
    shell {
      argv          = ["pig", "-param", "INPUT=${param.inputDir}", "-f", "${param.app_dir}/clean.pig", "-verbose"]
      hadoop_client = true
    }
    error = action.notify
  }

  action "hive" {
    # Oozie <hive> action (Hive CLI): howdah runs it with beeline against the worker's HiveServer2 (--hive-jdbc-url), or set jdbc_url.
    hive {
      script = "${param.app_dir}/load.q"
      params = { DAY = param.day }
    }
    error = action.notify
  }

  action "beeline" {
    hive {
      jdbc_url = "jdbc:hive2://hs2:10000/default"
      query    = "SELECT count(*) FROM t WHERE day = '${param.day}'"
      password = param.beeline_password
    }
    error = action.notify
  }

  action "spark" {
    spark {
      master     = "yarn"
      mode       = "cluster"
      name       = "rollup"
      main_class = "com.example.Rollup"
      jar        = "${param.nameNode}/apps/lib/rollup.jar"
      spark_opts = ["--executor-memory", "2g", "--conf", "spark.x=a b"]
      args       = [param.day]
    }
    error = action.notify
  }

  action "sqoop" {
    # Oozie <sqoop> action: howdah runs `sqoop` on the worker host; the jobs it submits carry the step's YARN tag.
    shell {
      argv          = ["sqoop", "export", "--connect", "jdbc:mysql://db/etl", "--table", "t", "--export-dir", "${param.outputDir}/stream"]
      hadoop_client = true
    }
    error = action.notify
  }

  action "remote" {
    # Oozie <ssh> action: howdah runs `ssh` on the worker host.
    shell {
      argv           = ["ssh", "etl@gateway", "/opt/bin/publish", param.day]
      capture_output = true
    }
    error = action.notify
  }

  action "git" {
    # Oozie <git> action: howdah runs `git clone` on the worker host.
    shell {
      argv = ["git", "clone", "--branch", "main", "https://git.example.com/etl.git", "${param.nameNode}/apps/etl-src"]
    }
    error = action.notify
  }

  action "custom" {
    # Oozie custom action <teradata xmlns="uri:example:teradata:0.1">: replace this step; it fails saying so.
    shell {
      argv = ["sh", "-c", "echo \"$1\" >&2; exit 1", "custom", "Oozie custom action <teradata> (uri:example:teradata:0.1) has no howdah equivalent"]
    }
    ok    = end
    error = action.notify
  }

  action "notify" {
    # Oozie <email> action: howdah runs `mail` on the worker host.
    shell {
      argv = ["sh", "-c", "printf '%s\\n' \"$3\" | mail -s \"$2\" -c \"$4\" -- \"$1\"", "email", "etl@example.com", "${wf.name} failed at ${wf.last_error_node}", wf.error_message, "oncall@example.com"]
    }
    ok = kill.fail
  }

  kill "fail" {
    message = "Failed at [${wf.last_error_node}]: ${wf.error_message}"
  }
}
