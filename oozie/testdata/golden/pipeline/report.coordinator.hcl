# Imported from testdata/report/coordinator.xml (uri:oozie:coordinator:0.4) by howdah import oozie.

coordinator "report" {
  workflow  = "report.hcl"
  start     = "2026-11-02T06:00:00Z"
  frequency = cron("0 6 * * 0-4") # Oozie: 0 6 * * 1-5 (Quartz numbers the days of the week 1 = Sunday to 7 = Saturday)
  timezone  = "UTC"
}
