// Package client starts, reads and steers howdah's runs and coordinators
// on a Temporal server: everything the CLI (cmd/howdah) and the worker's
// Temporal-reading activities do through a Temporal client.
//
//   - Runs (launch.go, rerun.go): Start a compiled plan as a workflow
//     (type = the HCL workflow's name, search attributes, the UI's summary
//     and details); State, Results and RunInput read a run; LoadEnded and
//     StartRerun rerun one; Answer sends an operator's answer to a held
//     node; RunOf, PriorRecord and LatestRuns find runs exactly.
//   - Coordinators (coordinator.go): ApplyCoordinator, Coordinator (its
//     state), Coordinators, Instances, RequestCoordinator (backfill and
//     rerun, accepted or refused), SignalCoordinator, DeleteCoordinator.
//
// It imports the workflow's wire types (package workflows) and no
// activity, Hadoop client or CLI code.
package client
