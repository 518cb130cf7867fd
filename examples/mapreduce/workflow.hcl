# Run Hadoop's own WordCount driver from the examples jar on YARN, then
# branch on its counters.
workflow "mapreduce-wordcount" {
  description = "WordCount from hadoop-mapreduce-examples, with a counter check"

  param "input" { default = "/user/howdah/wordcount/in" }
  param "output" { default = "/user/howdah/wordcount/out" }
  param "examples_jar" {
    description = "path of hadoop-mapreduce-examples.jar on the worker host"
    default     = "lib/hadoop-mapreduce-examples.jar"
  }

  defaults {
    configuration = {
      "mapreduce.job.queuename"                      = "default"
      "mapreduce.map.memory.mb"                      = 512
      "mapreduce.reduce.memory.mb"                   = 512
      "mapreduce.job.reduce.slowstart.completedmaps" = "1.0"
    }
    timeout = "2h"
  }

  action "wordcount" {
    description = "org.apache.hadoop.examples.WordCount"
    prepare { delete = [param.output] }
    map_reduce {
      jar        = param.examples_jar
      main_class = "org.apache.hadoop.examples.WordCount"
      args       = [param.input, param.output]
    }
    configuration = { "mapreduce.job.name" = "howdah-${wf.name}-${wf.id}" }
    retry {
      attempts = 2
      interval = "1m"
    }
  }

  # Oozie's hadoop:counters(node), typed.
  decision "any_output" {
    case {
      when = action.wordcount.counters["org.apache.hadoop.mapreduce.TaskCounter"]["REDUCE_OUTPUT_RECORDS"] > 0
      goto = end
    }
    default = kill.empty
  }

  kill "empty" { message = "wordcount produced no records from ${param.input}" }
}
