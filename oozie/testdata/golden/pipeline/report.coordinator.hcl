# Imported from testdata/report/coordinator.xml (uri:oozie:coordinator:0.4) by howdah import oozie.

coordinator "report" {
  workflow  = "report.hcl"
  start     = "2026-11-02T06:00:00Z"
  frequency = cron("0 6 * * 1-5")
  timezone  = "UTC"
}
