package jobs

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/howdah/howdah/hadoop/yarn"
)

// TestTrackerBatchesPolls: twenty jobs followed at once cost the
// ResourceManager one call per interval, and each gets its own apps.
func TestTrackerBatchesPolls(t *testing.T) {
	var calls atomic.Int64
	rm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var apps []yarn.App
		for i, tag := range strings.Split(r.URL.Query().Get("applicationTags"), ",") {
			apps = append(apps, yarn.App{ID: fmt.Sprintf("application_1_%04d", i), State: "RUNNING", ApplicationTags: tag + ",howdah"})
		}
		json.NewEncoder(w).Encode(map[string]any{"apps": map[string]any{"app": apps}})
	}))
	defer rm.Close()
	c := &Client{YARN: &yarn.Client{RM: []string{rm.URL}}, PollEvery: 100 * time.Millisecond}
	var subs []*Subscription
	for i := 0; i < 20; i++ {
		subs = append(subs, c.Watch(fmt.Sprintf("howdah-%02d", i)))
	}
	for round := 0; round < 3; round++ {
		for i, s := range subs {
			select {
			case snap := <-s.C:
				if snap.Err != nil || len(snap.Apps) != 1 || !snap.Apps[0].HasTag(fmt.Sprintf("howdah-%02d", i)) {
					t.Fatalf("sub %d: %+v", i, snap)
				}
			case <-time.After(2 * time.Second):
				t.Fatalf("sub %d: no snapshot", i)
			}
		}
	}
	if n := calls.Load(); n > 4 {
		t.Errorf("%d ResourceManager calls for 3 rounds of 20 jobs", n)
	}
	for _, s := range subs {
		s.Close()
	}
	time.Sleep(300 * time.Millisecond)
	before := calls.Load()
	time.Sleep(300 * time.Millisecond)
	if calls.Load() != before {
		t.Error("the tracker kept polling with nobody subscribed")
	}
}
