# Imported from TMP/child/workflow.xml (uri:oozie:workflow:0.3) by howdah import oozie.
workflow "child" {
  param "nameNode" {}
  param "day" {}
  param "queueName" {}

  action "touch" {
    fs {
      touchz { path = "${param.nameNode}/data/${param.day}/_CHILD_${param.queueName}" }
    }
  }

  kill "fail" {
    message = "child failed"
  }
}
