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

// ParseCron checks a cron expression (five fields, with Quartz's day
// specials, or a descriptor).
func ParseCron(expr string) error {
	_, err := parseCron(expr)
	return err
}

// NewSeries returns the series of f starting at anchor in loc.
func NewSeries(f plan.Frequency, anchor time.Time, loc *time.Location) (*Series, error) {
	if err := CheckYear(anchor); err != nil {
		return nil, err
	}
	s := &Series{freq: f, loc: loc}
	if f.Unit == plan.FreqCron {
		sched, err := parseCron(f.Cron)
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
		// The end of the anchor's day, as Oozie aligns it: the next
		// midnight, even when the anchor is a midnight already.
		a = wallTime(a.Year(), a.Month(), a.Day()+1, 0, 0, 0, loc)
	case plan.FreqEndOfMonths:
		// The end of the anchor's month: the next first, even when the
		// anchor is one already.
		a = wallTime(a.Year(), a.Month()+1, 1, 0, 0, 0, loc)
	case plan.FreqEndOfWeeks:
		// The end of the anchor's week: the next Sunday midnight (weeks
		// start on Sunday, as for Oozie on a JVM in the en_US locale),
		// even when the anchor is one already.
		a = wallTime(a.Year(), a.Month(), a.Day()+7-int(a.Weekday()), 0, 0, 0, loc)
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
	case plan.FreqEndOfWeeks:
		return wallTime(s.y, s.mo, s.d+7*k*s.freq.N, s.h, s.mi, s.s, s.loc)
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
	case plan.FreqEndOfWeeks:
		k = int(t.Sub(s.anchor).Hours()/24) / (7 * s.freq.N)
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
			return s.cronNext(s.anchor.Add(-time.Nanosecond))
		}
		return s.anchor
	}
	if s.cron != nil {
		return s.cronNext(t)
	}
	return s.At(s.Index(t) + 1)
}

// cronNext is the first cron time strictly after t. The expression is
// matched against the zone's wall clock, and each matching wall time is
// read back as days() reads one (wallTime): in a spring-forward gap with
// the offset after the change, a time that occurs twice at its first
// occurrence. So cron("30 2 * * *") fires once every day, also on both
// change days, where days(1) from 02:30 does. Wall times that read back to
// an instant at or before t (the repeated hour, a gap's minutes for a
// minutely cron) are passed over.
func (s *Series) cronNext(t time.Time) time.Time {
	w := naiveWall(t.In(s.loc))
	for range 4 * 60 {
		w = s.cron.Next(w)
		if w.IsZero() {
			return w
		}
		if at := wallTime(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), s.loc); at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// naiveWall is t's wall clock as a UTC time, where a cron expression is
// matched without the zone's transitions.
func naiveWall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// wallTime is the instant the wall clock (y, mo, d, h, mi, sec) names in
// loc. A time in a spring-forward gap is read with the offset after the
// change (an hour early on the wall clock, where Oozie lands); a time that
// occurs twice is taken at its first occurrence.
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
	// A gap: read with the offset after the change, as Oozie's calendar
	// arithmetic lands, which is the gap's length early on the wall clock
	// (02:30 in Berlin on the spring-forward day is 00:30Z, 01:30 CET).
	return naive.Add(-time.Duration(after) * time.Second).In(loc)
}

func sameWall(t, naive time.Time) bool {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	ny, nmo, nd := naive.Date()
	nh, nmi, ns := naive.Clock()
	return y == ny && mo == nmo && d == nd && h == nh && mi == nmi && s == ns
}
