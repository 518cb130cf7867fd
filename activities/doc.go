// Package activities holds the Temporal activities that do a workflow's
// work: thin adapters that heartbeat, honour cancellation and classify
// errors, over the clients in hadoop/... (package activities/contract names
// every activity and its input and result, which is all package workflows
// depends on).
//
// Error classification lives in one place, errors.go: every activity
// returns failed(ctx, node, err) (or badInput, actionFailed), which maps
// the kinds of failure (cancelled, transient, Kerberos, bad input,
// permission, timeout, action failed) to Temporal errors. Failures of the
// action itself and bad input are non-retryable ApplicationErrors
// (contract.NonRetryable), so Temporal never retries them on its own: the
// interpreter applies the action's retry policy and error transition.
// Infrastructure failures (a namenode or ResourceManager down, a worker
// that died, a heartbeat timeout) are retried by Temporal.
package activities
