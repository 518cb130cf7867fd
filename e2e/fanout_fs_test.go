package e2e

import (
	"context"
	"fmt"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
)

// TestWideFanOutFSRunsRegularActivities: the fs items of a fan-out up to
// 32 wide run as local activities (one marker each), those of a wider one
// as regular activities, whose cost grows linearly with the width (local
// ones wake every pending coroutine at each result).
func TestWideFanOutFSRunsRegularActivities(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		width            int
		markers, regular int
	}{{8, 8, 0}, {40, 0, 40}} {
		src := fmt.Sprintf(`workflow "fanout-fs" {
  action "each" {
    for_each    = [for i in range(%d) : tostring(i)]
    parallelism = %d
    fs {
      mkdir { path = "%s/${each.value}" }
    }
  }
}`, c.width, c.width, dir)
		id, _, err := runID(t, compile(t, src, nil))
		if err != nil {
			t.Fatal(err)
		}
		markers, regular := 0, 0
		it := tc.GetWorkflowHistory(context.Background(), id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			e, err := it.Next()
			if err != nil {
				t.Fatal(err)
			}
			switch e.GetEventType() {
			case enumspb.EVENT_TYPE_MARKER_RECORDED:
				if e.GetMarkerRecordedEventAttributes().GetMarkerName() == "LocalActivity" {
					markers++
				}
			case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
				regular++
			}
		}
		if markers != c.markers || regular != c.regular {
			t.Errorf("width %d: %d local activity markers and %d regular activities, want %d and %d", c.width, markers, regular, c.markers, c.regular)
		}
	}
}
