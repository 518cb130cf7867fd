# An action kind howdah does not run is one error, listing the kinds.
workflow "unknown_kind" {
  action "notify" {
    email { to = "ops@example.com" } # ERROR: Unknown action kind
  }
}
