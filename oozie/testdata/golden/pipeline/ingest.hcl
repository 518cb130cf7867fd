# Imported from testdata/ingest/workflow.xml (uri:oozie:workflow:0.5) by howdah import oozie.
workflow "ingest-wf" {
  param "inputs" {}
  param "out" {}
  param "day" {}
  param "queueName" { default = "etl" }

  action "load" {
    shell {
      argv = ["load.sh", param.inputs, param.out, param.day, param.queueName]
    }
  }

  kill "fail" {
    message = "load failed: ${wf.error_message}"
  }
}
