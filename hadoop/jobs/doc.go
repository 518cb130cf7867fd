// Package jobs submits and follows Hadoop jobs the way an operator on an
// edge node does: the Hadoop client command (`hadoop jar`, `mapred job`,
// `hadoop distcp`) runs on this host with a configuration of the job's own,
// and the job's YARN applications are found by tag and followed through the
// ResourceManager's REST API (one poll for every job a worker follows).
//
// It knows nothing of Temporal: activities/ adapts it (heartbeats, logs,
// retries). What can go wrong is classified here, once: ErrBadInput (the
// job as written cannot run: no retry helps), ErrTransient (the cluster
// could not be reached: retrying, and re-attaching by tag, will), and
// anything else is the job's own failure.
package jobs
