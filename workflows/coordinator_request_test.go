package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/plan"
)

// A backfill or rerun either says what it queues or is refused with the
// reason: a paused coordinator, a range before its start or past what the
// clock has reached, more instances than the bound.
func TestCoordinatorRequestsTakeEffectOrAreRefused(t *testing.T) {
	start := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	co := &plan.Coordinator{Name: "m", Start: start, Frequency: plan.Frequency{Unit: plan.FreqMinutes, N: 1}, TimeZone: "UTC", Workflow: &plan.Workflow{Name: "w"}}
	g := &gate{}
	if err := g.setPlan(co); err != nil {
		t.Fatal(err)
	}
	day := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	g.st.Cursor = day(2026)
	for _, tc := range []struct {
		name   string
		paused bool
		ev     CoordEvent
		want   string // error text, or "" for accepted
		n      int
	}{
		{"a day", false, CoordEvent{Kind: EventBackfill, From: day(2025), To: day(2025).Add(24 * time.Hour), MaxInstances: 2000}, "", 1440},
		{"56 years of minutes", false, CoordEvent{Kind: EventBackfill, From: day(1970), To: day(2026)}, "more than 10000 instances", 0},
		{"a bound past the most", false, CoordEvent{Kind: EventBackfill, From: day(1970), To: day(2026), MaxInstances: 1 << 30}, "at most 1000000 instances", 0},
		{"before the start", false, CoordEvent{Kind: EventBackfill, From: day(1960), To: day(1965)}, "no nominal time", 0},
		{"in the future", false, CoordEvent{Kind: EventRerun, From: day(2030), To: day(2031)}, "no nominal time", 0},
		{"paused", true, CoordEvent{Kind: EventBackfill, From: day(2025), To: day(2025).Add(time.Hour)}, "is paused", 0},
		{"times", false, CoordEvent{Kind: EventRerun, Times: []time.Time{day(2025), day(2030)}, CarryOver: true}, "", 1},
		{"unknown", false, CoordEvent{Kind: EventPause}, "not \"pause\"", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g.st.Paused = tc.paused
			res, err := g.checkRequest(tc.ev)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want == "" && res.Instances != tc.n:
				t.Errorf("queues %d instances, want %d", res.Instances, tc.n)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %+v, %v; want a refusal with %q", res, err, tc.want)
			}
		})
	}
}
