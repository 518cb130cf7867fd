# Count the words in a directory of text files with a streaming job.
#
#   howdah validate examples/wordcount/workflow.hcl
#   howdah graph examples/wordcount/workflow.hcl
workflow "wordcount" {
  description = "Count the words in a directory of text files"

  param "input" {
    description = "directory of text files"
    default     = "examples/wordcount/input"
  }
  param "output" {
    description = "where the counts go (deleted first, so reruns start clean)"
    default     = "out/wordcount"
  }
  param "reducers" {
    type    = number
    default = 2
  }

  defaults {
    retry {
      attempts = 3
      interval = "10s"
      backoff  = 2
    }
    configuration = { "mapreduce.job.queuename" = "default" }
  }

  action "count" {
    prepare { delete = [param.output] }
    streaming {
      input    = [param.input]
      output   = param.output
      mapper   = ["tr", "-s", "[:space:]", "\\n"]
      reducer  = ["uniq", "-c"]
      reducers = param.reducers
    }
    ok    = decision.check
    error = kill.failed
  }

  decision "check" {
    case {
      when = fs_exists("${param.output}/_SUCCESS")
      goto = end
    }
    default = kill.failed
  }

  kill "failed" {
    message = "wordcount failed in ${wf.last_error_node}: ${wf.error_message}"
  }
}
