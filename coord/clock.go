package coord

import (
	"fmt"
	"time"

	"github.com/howdah/howdah/plan"
)

// Clock is the series of a coordinator's nominal times: from its start, at
// its frequency, in its time zone, before its end.
type Clock struct {
	series *Series
	start  time.Time
	end    *time.Time
	kick   *time.Time
}

// NewClock returns the clock of c.
func NewClock(c *plan.Coordinator) (*Clock, error) {
	loc, err := LoadLocation(c.TimeZone)
	if err != nil {
		return nil, err
	}
	s, err := NewSeries(c.Frequency, c.Start, loc)
	if err != nil {
		return nil, err
	}
	return &Clock{series: s, start: c.Start, end: c.End, kick: c.KickOff}, nil
}

// Next is the first nominal time strictly after t; false when there is
// none before the end.
func (k *Clock) Next(t time.Time) (time.Time, bool) {
	if k.kick != nil && t.Before(*k.kick) {
		t = k.kick.Add(-time.Nanosecond)
	}
	n := k.series.Next(t)
	if n.IsZero() || (k.end != nil && !n.Before(*k.end)) {
		return time.Time{}, false
	}
	return n.UTC(), true
}

// First is the first nominal time; false when the end leaves none.
func (k *Clock) First() (time.Time, bool) { return k.Next(k.start.Add(-time.Nanosecond)) }

// Between lists the nominal times in [from, to), at most limit of them
// (limit <= 0: no limit); more reports whether the list was cut.
func (k *Clock) Between(from, to time.Time, limit int) (times []time.Time, more bool) {
	t, ok := k.Next(from.Add(-time.Nanosecond))
	for ok && t.Before(to) {
		if limit > 0 && len(times) == limit {
			return times, true
		}
		times = append(times, t)
		t, ok = k.Next(t)
	}
	return times, false
}

// InstanceID is the Temporal workflow id of a coordinator's instance at
// nominal time t: the same for a tick, a backfill and a rerun, so none can
// create an instance twice.
func InstanceID(coordinator string, t time.Time) string {
	return fmt.Sprintf("%s@%s", CoordinatorID(coordinator), t.UTC().Format(time.RFC3339))
}

// CoordinatorID is the Temporal workflow id of a coordinator's workflow.
func CoordinatorID(name string) string { return "coord/" + name }

// LastAtOrBefore is the last nominal time at or before t; false when
// there is none. For cron clocks it steps through the times, at most
// maxCronSteps of them, from after.
func (k *Clock) LastAtOrBefore(t, after time.Time) (time.Time, bool) {
	if k.end != nil && !t.Before(*k.end) {
		t = k.end.Add(-time.Nanosecond)
	}
	first, ok := k.First()
	if !ok || t.Before(first) {
		return time.Time{}, false
	}
	if k.series.cron == nil {
		return k.series.At(k.series.Index(t)).UTC(), true
	}
	last, cur := time.Time{}, after
	if cur.Before(first) {
		cur = first.Add(-time.Nanosecond)
	}
	for range maxCronSteps {
		n, ok := k.Next(cur)
		if !ok || n.After(t) {
			break
		}
		last, cur = n, n
	}
	return last, !last.IsZero()
}

// maxCronSteps bounds LastAtOrBefore on cron clocks: a workflow task must
// stay well under Temporal's one-second deadlock detector, so a long
// catch-up of a minutely cron is materialised over several tasks.
const maxCronSteps = 20_000
