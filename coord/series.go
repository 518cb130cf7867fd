package coord

import (
	"fmt"
	"time"

	"github.com/howdah/howdah/plan"
	"github.com/robfig/cron/v3"
)

// Series is the times a frequency produces from an anchor in a time zone.
// For every unit but cron it has random access: At(k) for any k >= 0.
type Series struct {
	freq   plan.Frequency
	loc    *time.Location
	anchor time.Time // aligned, in loc
	// the anchor's wall clock, for calendar units
	y, d, h, mi, s int
	mo             time.Month
	cron           cron.Schedule
}

// cronParser reads standard five-field expressions and descriptors
// (@daily, @hourly, ...).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseCron checks a cron expression.
func ParseCron(expr string) error {
	_, err := cronParser.Parse(expr)
	return err
}

// NewSeries returns the series of f starting at anchor in loc.
func NewSeries(f plan.Frequency, anchor time.Time, loc *time.Location) (*Series, error) {
	if err := CheckYear(anchor); err != nil {
		return nil, err
	}
	s := &Series{freq: f, loc: loc}
	if f.Unit == plan.FreqCron {
		sched, err := cronParser.Parse(f.Cron)
		if err != nil {
			return nil, fmt.Errorf("cron %q: %w", f.Cron, err)
		}
		s.cron = sched
		s.anchor = anchor.In(loc)
		return s, nil
	}
	if f.N <= 0 {
		return nil, fmt.Errorf("frequency %s: the count must be at least 1", f)
	}
	a := anchor.In(loc)
	switch f.Unit {
	case plan.FreqSeconds, plan.FreqMinutes, plan.FreqDays, plan.FreqMonths:
	case plan.FreqEndOfDays:
		if a.Hour() != 0 || a.Minute() != 0 || a.Second() != 0 || a.Nanosecond() != 0 {
			a = wallTime(a.Year(), a.Month(), a.Day()+1, 0, 0, 0, loc)
		}
	case plan.FreqEndOfMonths:
		if a.Day() != 1 || a.Hour() != 0 || a.Minute() != 0 || a.Second() != 0 || a.Nanosecond() != 0 {
			a = wallTime(a.Year(), a.Month()+1, 1, 0, 0, 0, loc)
		}
	default:
		return nil, fmt.Errorf("unknown frequency unit %q", f.Unit)
	}
	s.anchor = a
	s.y, s.mo, s.d = a.Date()
	s.h, s.mi, s.s = a.Clock()
	return s, nil
}

// Anchor is the series' first time (after alignment).
func (s *Series) Anchor() time.Time { return s.anchor }

// At is the k-th time of the series (k >= 0; At(0) is the anchor). It
// panics for cron series, which have no random access.
func (s *Series) At(k int) time.Time {
	switch s.freq.Unit {
	case plan.FreqSeconds:
		return s.anchor.Add(time.Duration(k) * time.Duration(s.freq.N) * time.Second)
	case plan.FreqMinutes:
		return s.anchor.Add(time.Duration(k) * time.Duration(s.freq.N) * time.Minute)
	case plan.FreqDays, plan.FreqEndOfDays:
		return wallTime(s.y, s.mo, s.d+k*s.freq.N, s.h, s.mi, s.s, s.loc)
	case plan.FreqMonths, plan.FreqEndOfMonths:
		return s.monthly(k * s.freq.N)
	}
	panic("coord: At on a cron series")
}

// monthly is the anchor moved m months, clamped to the month's last day.
func (s *Series) monthly(m int) time.Time {
	first := time.Date(s.y, s.mo+time.Month(m), 1, 12, 0, 0, 0, time.UTC)
	last := time.Date(first.Year(), first.Month()+1, 0, 12, 0, 0, 0, time.UTC).Day()
	return wallTime(first.Year(), first.Month(), min(s.d, last), s.h, s.mi, s.s, s.loc)
}

// Index is the largest k with At(k) <= t, or -1 when t is before the
// anchor. Not for cron series.
func (s *Series) Index(t time.Time) int {
	if t.Before(s.anchor) {
		return -1
	}
	if limit := time.Date(MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC); t.After(limit) {
		t = limit // beyond it nothing is supported; keeps the arithmetic in range
	}
	var k int
	switch s.freq.Unit {
	case plan.FreqSeconds:
		return int(t.Sub(s.anchor) / (time.Duration(s.freq.N) * time.Second))
	case plan.FreqMinutes:
		return int(t.Sub(s.anchor) / (time.Duration(s.freq.N) * time.Minute))
	case plan.FreqDays, plan.FreqEndOfDays:
		k = int(t.Sub(s.anchor).Hours()/24) / s.freq.N
	case plan.FreqMonths, plan.FreqEndOfMonths:
		tl := t.In(s.loc)
		k = ((tl.Year()-s.y)*12 + int(tl.Month()-s.mo)) / s.freq.N
	default:
		panic("coord: Index on a cron series")
	}
	// The estimate is off by at most one or two steps (DST, month lengths).
	for k > 0 && s.At(k).After(t) {
		k--
	}
	for !s.At(k + 1).After(t) {
		k++
	}
	return k
}

// Next is the first time of the series strictly after t (and not before
// the anchor).
func (s *Series) Next(t time.Time) time.Time {
	if t.Before(s.anchor) {
		if s.cron != nil {
			return s.cron.Next(s.anchor.Add(-time.Second))
		}
		return s.anchor
	}
	if s.cron != nil {
		return s.cron.Next(t.In(s.loc))
	}
	return s.At(s.Index(t) + 1)
}

// wallTime is the instant the wall clock (y, mo, d, h, mi, sec) names in
// loc. A time in a spring-forward gap moves forward by the gap; a time
// that occurs twice is taken at its first occurrence.
func wallTime(y int, mo time.Month, d, h, mi, sec int, loc *time.Location) time.Time {
	naive := time.Date(y, mo, d, h, mi, sec, 0, time.UTC)
	// The offsets in force half a day either side cover any transition.
	_, before := naive.Add(-12 * time.Hour).In(loc).Zone()
	_, after := naive.Add(12 * time.Hour).In(loc).Zone()
	want := naive
	var found []time.Time
	for _, off := range []int{before, after} {
		t := naive.Add(-time.Duration(off) * time.Second).In(loc)
		if sameWall(t, want) {
			found = append(found, t)
		}
	}
	switch {
	case len(found) == 2 && !found[0].Equal(found[1]):
		if found[1].Before(found[0]) {
			return found[1]
		}
		return found[0]
	case len(found) > 0:
		return found[0]
	}
	// A gap: the offset before the change puts it past the jump by the
	// gap's length (02:30 -> 03:30).
	return naive.Add(-time.Duration(before) * time.Second).In(loc)
}

func sameWall(t, naive time.Time) bool {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	ny, nmo, nd := naive.Date()
	nh, nmi, ns := naive.Clock()
	return y == ny && mo == nmo && d == nd && h == nh && mi == nmi && s == ns
}
