# Imported from testdata/nightly/bundle.xml (uri:oozie:bundle:0.2) by howdah import oozie.
bundle "nightly" {
  kick_off     = "2026-12-01T00:00:00Z"
  coordinators = ["ingest.coordinator.hcl", "report.coordinator.hcl"]
}
