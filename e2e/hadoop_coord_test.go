package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/internal/hadooptest"
	"github.com/howdah/howdah/workflows/api"
)

// TestHDFSCoordinatorDataset: a coordinator over a dataset on the
// minicluster's HDFS. Its instance waits for a range of two hourly
// partitions (done flags written with the HDFS client), then runs with the
// resolved hdfs:// URIs; the polls' namenode calls are counted.
func TestHDFSCoordinatorDataset(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	co, _ := coordFixture(t, "hdfs", fmt.Sprintf(`
dataset "clicks" {
  uri              = "%s/clicks/{YEAR}{MONTH}{DAY}/{HOUR}"
  frequency        = hours(1)
  initial_instance = "2026-11-01T00:00:00Z"
}
`, dir), `
  start         = "2026-11-02T06:00:00Z"
  end           = "2026-11-02T06:00:01Z"
  frequency     = hours(1)
  poll_interval = "1s"
  timeout       = "2m"
  input "clicks" {
    dataset = "clicks"
    from    = current(-2)
    to      = current(-1)
  }
  params = { nominal = coord.nominal_time, log = "LOG", inputs = coord.inputs.clicks }
`)
	if _, err := client.ApplyCoordinator(context.Background(), tc, co, client.CoordinatorOptions{Namespace: srv.Namespace, TaskQueue: hadoopQueue}); err != nil {
		t.Fatal(err)
	}
	id := coord.InstanceID(co.Name, time.Date(2026, 11, 2, 6, 0, 0, 0, time.UTC))
	first := dir + "/clicks/20261102/04"
	second := dir + "/clicks/20261102/05"
	put(t, first+"/part-00000", "a\n")
	touch(t, c, first+"/_SUCCESS")
	// One partition of two: the instance keeps waiting for the other.
	var st api.InstanceStatus
	waitForLong(t, "the instance to poll with one partition missing", func() bool {
		v, err := tc.QueryWorkflow(context.Background(), id, "", api.QueryInstance)
		return err == nil && v.Get(&st) == nil && st.Polls >= 2 && len(st.Missing) == 1
	})
	if st.Missing[0] != second+"/_SUCCESS" || st.State != api.InstanceWaiting {
		t.Fatalf("waiting: %+v", st)
	}
	put(t, second+"/part-00000", "b\n")
	touch(t, c, second+"/_SUCCESS")
	waitForLong(t, "the instance to succeed", func() bool {
		all, _ := client.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
		return len(all) == 1 && all[0].State == api.InstanceSucceeded
	})
	is, err := client.InstanceResult(context.Background(), tc, id, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := is.Inputs["clicks"]; len(got) != 2 || got[0] != first || got[1] != second {
		t.Fatalf("inputs = %v", got)
	}
	// Two flags in two sibling directories: a listing of their parent
	// and a stat per existing directory's flag, at most. (The counter is
	// the worker's filesystem's, which the test's own puts share.)
	if is.Calls == 0 || is.Calls > 4*is.Polls {
		t.Fatalf("%d namenode calls for %d polls of 2 paths", is.Calls, is.Polls)
	}
	t.Logf("%d polls, %d namenode calls", is.Polls, is.Calls)
}

func touch(t *testing.T, c *hadooptest.Cluster, url string) {
	t.Helper()
	if out, err := c.Run("fs", "-touchz", url); err != nil {
		t.Fatal(out)
	}
}
