// Package activities holds the Temporal activities that do a workflow's
// work: thin adapters that heartbeat, honour cancellation and classify
// errors, over the clients in hadoop/... (package activities/contract names
// every activity and its input and result, which is all package workflows
// depends on).
//
// Error classification: failures of the action itself (a non-zero exit, a
// failed job) and bad input (a missing executable, an unsafe delete) are
// returned as non-retryable ApplicationErrors of type contract.ErrActionFailed or
// ErrBadInput, so Temporal never retries them on its own: the interpreter
// applies the action's retry policy and error transition. Anything else
// (a worker that died, a heartbeat timeout) is retried by Temporal.
package activities
