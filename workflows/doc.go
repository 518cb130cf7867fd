// Package workflows is the Temporal interpreter of compiled plans.
//
// Run executes a plan.Workflow as one Temporal workflow, registered
// dynamically so the workflow type is the HCL workflow's name ("wordcount",
// not "Interpreter"). Actions run as activities (package activities),
// sub-workflows as child workflows, decisions are evaluated in the workflow
// (their fs_* questions are answered by an activity, so the answers are in
// history), forks and for_each fan-outs run branches with workflow.Go and a
// bounded semaphore.
//
// The code is deterministic: no I/O, no time.Now, no map iteration that
// affects commands, no native goroutines. Changes to the interpreter's
// behaviour must be gated with workflow.GetVersion; replay tests run the
// recorded histories in testdata through the current code.
//
// Each node's state (Oozie-like: PREP, RUNNING, OK, ERROR, USER_RETRY,
// KILLED, SKIPPED) is available through the "state" query; the "suspend" and
// "resume" signals hold and release the start of new nodes.
//
// Coordinators (coordinator.go, coordinator_gate.go, coordinator_instance.go)
// are two more workflow types: [Coordinator], one per coordinator, is the
// clock (the nominal times of package coord's series) and the gate
// (throttle, concurrency, execution order); [Instance], one per nominal
// time, waits for its datasets with timers and a batched check activity,
// then runs the coordinator's workflow through the interpreter in itself.
// Every signal they send is awaited before the workflow completes or
// continues as new: one still pending then is dropped.
package workflows
