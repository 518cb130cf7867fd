package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/howdah/howdah/worker"
	"github.com/spf13/cobra"
	sdkworker "go.temporal.io/sdk/worker"
)

func newWorkerCmd() *cobra.Command {
	var conn connFlags
	var hadoop hadoopFlags
	var queue string
	var maxActivities, maxWorkflowTasks int
	var stopTimeout time.Duration
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run a worker that executes howdah workflows from a task queue",
		Long: `Worker connects to Temporal (flags, TEMPORAL_* environment variables or the
Temporal config profile, including TLS/mTLS and API keys) and runs workflows
and actions from --queue until SIGINT or SIGTERM, then stops gracefully:
it takes no new tasks and lets running ones go on for --stop-timeout.

With a Hadoop configuration (HADOOP_CONF_DIR or --hadoop-conf-dir) the worker
serves hdfs:// paths and submits map_reduce, java, distcp and hdfs://
streaming actions to YARN with the Hadoop client command (--hadoop).`,
		Example: `  howdah worker
  TEMPORAL_ADDRESS=temporal:7233 TEMPORAL_NAMESPACE=etl howdah worker --queue etl-prod --max-activities 20
  HADOOP_CONF_DIR=/etc/hadoop/conf howdah worker --hadoop-user etl`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stopSignals := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			c, err := dialRetrying(ctx, conn, cmd.ErrOrStderr())
			stopSignals()
			if err != nil {
				return err
			}
			defer c.Close()
			warnMissingAttributes(cmd.Context(), c, namespaceOf(conn), cmd.ErrOrStderr(), "runs submitted without them")
			acts, err := hadoop.activities(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			w := worker.New(c, queue, acts, worker.Options{
				MaxConcurrentActivities:    maxActivities,
				MaxConcurrentWorkflowTasks: maxWorkflowTasks,
				StopTimeout:                stopTimeout,
			})
			fmt.Fprintf(cmd.ErrOrStderr(), "howdah worker polling task queue %q\n", queue)
			return w.Run(sdkworker.InterruptCh())
		},
	}
	conn.register(cmd)
	hadoop.register(cmd)
	cmd.Flags().StringVar(&queue, "queue", worker.DefaultTaskQueue, "task queue to serve")
	cmd.Flags().IntVar(&maxActivities, "max-activities", 0, "actions run at once (0: SDK default)")
	cmd.Flags().DurationVar(&stopTimeout, "stop-timeout", 30*time.Second, "on SIGINT/SIGTERM, how long running actions may go on before they are cancelled (YARN jobs are left running for the next worker)")
	cmd.Flags().IntVar(&maxWorkflowTasks, "max-workflow-tasks", 0, "workflow tasks at once (0: SDK default)")
	return cmd
}
