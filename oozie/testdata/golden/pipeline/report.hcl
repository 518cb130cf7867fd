# Imported from testdata/report/workflow.xml (uri:oozie:workflow:0.5) by howdah import oozie.
workflow "report-wf" {
  start = end
}
