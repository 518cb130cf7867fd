package coord

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/howdah/howdah/plan"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustSeries(t *testing.T, f plan.Frequency, anchor string, loc *time.Location) *Series {
	t.Helper()
	a, err := ParseTime(anchor, loc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSeries(f, a, loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func days(n int) plan.Frequency   { return plan.Frequency{Unit: plan.FreqDays, N: n} }
func months(n int) plan.Frequency { return plan.Frequency{Unit: plan.FreqMonths, N: n} }

// TestDailyAcrossDST: a daily 02:00 series keeps 02:00 local on both
// sides of both changes, so the UTC gaps are 23 h and 25 h on change days.
func TestDailyAcrossDST(t *testing.T) {
	for _, tc := range []struct {
		zone, start    string
		spring, autumn string // the local dates of the changes
	}{
		{"Europe/Berlin", "2026-03-20T02:00", "2026-03-29", "2026-10-25"},
		{"America/New_York", "2026-03-01T02:00", "2026-03-08", "2026-11-01"},
	} {
		loc := mustLoc(t, tc.zone)
		s := mustSeries(t, days(1), tc.start, loc)
		sawShort, sawLong := false, false
		for k := 0; k < 260; k++ {
			at := s.At(k).In(loc)
			date := at.Format("2006-01-02")
			want := 2
			if date == tc.spring {
				// 02:00 does not exist that day (clocks jump 02:00 -> 03:00):
				// read with the new offset, 01:00 on the wall, as Oozie.
				want = 1
			}
			if at.Hour() != want || at.Minute() != 0 {
				t.Errorf("%s k=%d: %s, want %02d:00 local", tc.zone, k, at, want)
			}
			gap := s.At(k + 1).Sub(s.At(k))
			switch gap {
			case 23 * time.Hour:
				sawShort = true
			case 25 * time.Hour:
				sawLong = true
			case 24 * time.Hour:
			default:
				t.Errorf("%s k=%d: gap %s", tc.zone, k, gap)
			}
		}
		if !sawShort || !sawLong {
			t.Errorf("%s: saw 23h %v, 25h %v: the series did not cross both changes", tc.zone, sawShort, sawLong)
		}
	}
}

// TestMissingAndRepeatedSlots pins the documented handling of wall times
// that do not exist or exist twice.
func TestMissingAndRepeatedSlots(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	ny := mustLoc(t, "America/New_York")
	for _, tc := range []struct {
		loc     *time.Location
		start   string
		k       int
		wantUTC string
	}{
		// 02:30 on 2026-03-29 does not exist in Berlin: read as CEST,
		// 00:30Z (01:30 CET), where Oozie lands.
		{berlin, "2026-03-28T02:30", 1, "2026-03-29T00:30:00Z"},
		// and the next day is 02:30 again.
		{berlin, "2026-03-28T02:30", 2, "2026-03-30T00:30:00Z"},
		// 02:30 on 2026-10-25 happens twice: the first (CEST).
		{berlin, "2026-10-24T02:30", 1, "2026-10-25T00:30:00Z"},
		{berlin, "2026-10-24T02:30", 2, "2026-10-26T01:30:00Z"},
		// New York: 02:30 on 2026-03-08 -> read as EDT (06:30Z); 01:30 on 2026-11-01 twice -> EDT.
		{ny, "2026-03-07T02:30", 1, "2026-03-08T06:30:00Z"},
		{ny, "2026-10-31T01:30", 1, "2026-11-01T05:30:00Z"},
		{ny, "2026-10-31T01:30", 2, "2026-11-02T06:30:00Z"},
	} {
		s := mustSeries(t, days(1), tc.start, tc.loc)
		if got := s.At(tc.k).UTC().Format(time.RFC3339); got != tc.wantUTC {
			t.Errorf("%s from %s, k=%d: %s, want %s", tc.loc, tc.start, tc.k, got, tc.wantUTC)
		}
	}
}

func TestMonthsAndEndOf(t *testing.T) {
	utc := time.UTC
	berlin := mustLoc(t, "Europe/Berlin")
	check := func(name string, s *Series, loc *time.Location, want ...string) {
		t.Helper()
		for k, w := range want {
			if got := s.At(k).In(loc).Format("2006-01-02T15:04"); got != w {
				t.Errorf("%s k=%d: %s, want %s", name, k, got, w)
			}
		}
	}
	check("months from the 31st clamp", mustSeries(t, months(1), "2026-01-31T10:00", utc), utc,
		"2026-01-31T10:00", "2026-02-28T10:00", "2026-03-31T10:00", "2026-04-30T10:00")
	check("leap year", mustSeries(t, months(12), "2028-02-29T00:00", utc), utc,
		"2028-02-29T00:00", "2029-02-28T00:00", "2030-02-28T00:00", "2031-02-28T00:00", "2032-02-29T00:00")
	check("end_of_months aligns to the next first", mustSeries(t, plan.Frequency{Unit: plan.FreqEndOfMonths, N: 1}, "2026-01-15T08:00", berlin), berlin,
		"2026-02-01T00:00", "2026-03-01T00:00", "2026-04-01T00:00", "2026-05-01T00:00")
	// Already the first: Oozie still moves it to the next one.
	check("end_of_months already aligned", mustSeries(t, plan.Frequency{Unit: plan.FreqEndOfMonths, N: 2}, "2026-01-01T00:00", utc), utc,
		"2026-02-01T00:00", "2026-04-01T00:00", "2026-06-01T00:00")
	check("end_of_days already aligned", mustSeries(t, plan.Frequency{Unit: plan.FreqEndOfDays, N: 1}, "2026-01-01T00:00", utc), utc,
		"2026-01-02T00:00", "2026-01-03T00:00")
	check("end_of_days", mustSeries(t, plan.Frequency{Unit: plan.FreqEndOfDays, N: 1}, "2026-03-28T08:00", berlin), berlin,
		"2026-03-29T00:00", "2026-03-30T00:00", "2026-03-31T00:00")
	check("monthly 02:30 Berlin on a spring-forward day", mustSeries(t, months(1), "2026-01-29T02:30", berlin), berlin,
		"2026-01-29T02:30", "2026-02-28T02:30", "2026-03-29T01:30", "2026-04-29T02:30")
}

// TestIndexIsTheInverseOfAt: for random instants t, At(Index(t)) <= t <
// At(Index(t)+1), across units and zones: current(n) rests on it.
func TestIndexIsTheInverseOfAt(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}
	freqs := []plan.Frequency{
		{Unit: plan.FreqMinutes, N: 15}, {Unit: plan.FreqMinutes, N: 60}, days(1), days(3), months(1), months(5),
		{Unit: plan.FreqEndOfDays, N: 1}, {Unit: plan.FreqEndOfMonths, N: 1}, {Unit: plan.FreqEndOfWeeks, N: 1}, {Unit: plan.FreqEndOfWeeks, N: 3},
	}
	for i := 0; i < 20000; i++ {
		loc := mustLoc(t, zones[r.IntN(len(zones))])
		f := freqs[r.IntN(len(freqs))]
		anchor := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour)))).Truncate(time.Minute)
		s, err := NewSeries(f, anchor, loc)
		if err != nil {
			t.Fatal(err)
		}
		at := s.Anchor().Add(time.Duration(r.Int64N(int64(6 * 365 * 24 * time.Hour))))
		k := s.Index(at)
		if k < 0 || s.At(k).After(at) || !s.At(k+1).After(at) {
			t.Fatalf("%s %s from %s: Index(%s) = %d, At(k) = %s, At(k+1) = %s", loc, f, anchor, at, k, s.At(k), s.At(k+1))
		}
	}
}

func TestClockEndIsExclusiveAndCronUsesTheZone(t *testing.T) {
	start := time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)
	end := time.Date(2026, 11, 4, 1, 0, 0, 0, time.UTC)
	c, err := NewClock(&plan.Coordinator{Start: start, End: &end, Frequency: days(1), TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	got, more := c.Between(start.Add(-48*time.Hour), end.Add(48*time.Hour), 0)
	if len(got) != 3 || more || !got[0].Equal(start) || !got[2].Equal(end.Add(-24*time.Hour)) {
		t.Fatalf("Between = %v", got)
	}
	if got, more := c.Between(start, end, 2); len(got) != 2 || !more {
		t.Fatalf("limited Between = %v, %v", got, more)
	}
	// cron("0 2 * * *") in Berlin fires at 02:00 local: 01:00Z in winter.
	cc, err := NewClock(&plan.Coordinator{Start: start, Frequency: plan.Frequency{Unit: plan.FreqCron, Cron: "0 2 * * *"}, TimeZone: "Europe/Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := cc.First()
	if first.Format(time.RFC3339) != "2026-11-01T01:00:00Z" {
		t.Fatalf("cron first = %s", first)
	}
}

func TestCurrentAndLatestCandidates(t *testing.T) {
	initial := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ds, err := NewDatasets([]plan.Dataset{{Name: "logs", URI: "hdfs:///logs/{YEAR}/{MONTH}/{DAY}/{HOUR}", Frequency: plan.Frequency{Unit: plan.FreqMinutes, N: 60}, Initial: initial, TimeZone: "UTC", DoneFlag: "_SUCCESS"}})
	if err != nil {
		t.Fatal(err)
	}
	ev := plan.DataEvent{Name: "in", Dataset: "logs", From: plan.InstanceRef{Fn: plan.Current, N: -2}, To: plan.InstanceRef{Fn: plan.Current, N: 0}}
	got, err := ds.Current(ev, initial.Add(5*time.Hour+30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"hdfs:///logs/2026/01/01/03", "hdfs:///logs/2026/01/01/04", "hdfs:///logs/2026/01/01/05"}
	if len(got) != 3 || got[0].URI != want[0] || got[2].URI != want[2] || got[2].Check != want[2]+"/_SUCCESS" {
		t.Fatalf("current(-2..0) = %+v", got)
	}
	// At the initial instance, current(-2..0) keeps only current(0).
	got, _ = ds.Current(ev, initial)
	if len(got) != 1 || got[0].URI != "hdfs:///logs/2026/01/01/00" {
		t.Fatalf("before initial: %+v", got)
	}
	// Before the initial instance nothing resolves.
	got, _ = ds.Current(ev, initial.Add(-time.Minute))
	if len(got) != 0 {
		t.Fatalf("before initial: %+v", got)
	}
	cands, _ := ds.LatestCandidates("logs", initial.Add(2*time.Hour+5*time.Minute), 0, 10)
	if len(cands) != 3 || cands[0].URI != "hdfs:///logs/2026/01/01/02" || cands[2].URI != "hdfs:///logs/2026/01/01/00" {
		t.Fatalf("latest candidates = %+v", cands)
	}
}

// TestDatasetInItsZone: placeholders take the dataset's wall clock.
func TestDatasetInItsZone(t *testing.T) {
	ds, err := NewDatasets([]plan.Dataset{{Name: "d", URI: "/data/{YEAR}{MONTH}{DAY}", Frequency: days(1), Initial: time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC), TimeZone: "Europe/Berlin"}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := ds.Current(plan.DataEvent{Dataset: "d", From: plan.InstanceRef{Fn: plan.Current}, To: plan.InstanceRef{Fn: plan.Current}}, time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC))
	if len(got) != 1 || got[0].URI != "/data/20260330" || got[0].Check != "/data/20260330" {
		t.Fatalf("%+v", got)
	}
}

func TestFormatTimeAndOffsets(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	at := time.Date(2026, 3, 28, 1, 30, 0, 0, time.UTC) // 02:30 CET
	for pattern, want := range map[string]string{
		"yyyyMMdd":           "20260328",
		"yyyy-MM-dd'T'HH:mm": "2026-03-28T02:30",
		"yy/M/d H:m:ss.SSS":  "26/3/28 2:30:00.000",
		"'it''s' yyyy":       "it's 2026",
	} {
		got, err := FormatTime(at, pattern, berlin)
		if err != nil || got != want {
			t.Errorf("FormatTime(%q) = %q, %v; want %q", pattern, got, err, want)
		}
	}
	if _, err := FormatTime(at, "yyyy-MM-dd EEE", berlin); err == nil {
		t.Error("an unsupported letter was accepted")
	}
	next, _ := DateOffset(at, 1, "day", berlin) // 02:30 on the spring-forward day
	if next.In(berlin).Format("15:04") != "01:30" {
		t.Errorf("DateOffset across the gap = %s", next.In(berlin))
	}
	back, _ := DateOffset(time.Date(2026, 3, 31, 10, 0, 0, 0, time.UTC), -1, "months", time.UTC)
	if back.Format("2006-01-02") != "2026-02-28" {
		t.Errorf("DateOffset -1 month from Mar 31 = %s", back)
	}
	if _, err := ParseTime("2026-13-01", time.UTC); err == nil {
		t.Error("a bad time parsed")
	}
	// Oozie's form, without seconds, as an Oozie user types it.
	if got, err := ParseTime("2026-11-03T02:00+01:00", time.UTC); err != nil || !got.Equal(time.Date(2026, 11, 3, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseTime(Oozie form) = %v, %v", got, err)
	}
	if got, err := ParseTime("2026-11-03T02:00Z", time.UTC); err != nil || !got.Equal(time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseTime(Oozie form) = %v, %v", got, err)
	}
}

// TestCronCatchUpIsBounded: finding the last time of a minutely cron over
// a long catch-up takes bounded steps per call (a workflow task must stay
// short), and repeated calls make progress to the end.
func TestCronCatchUpIsBounded(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := NewClock(&plan.Coordinator{Start: start, Frequency: plan.Frequency{Unit: plan.FreqCron, Cron: "* * * * *"}, TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	now := start.AddDate(1, 0, 0)
	from, calls := start, 0
	for {
		calls++
		began := time.Now()
		last, ok := c.LastAtOrBefore(now, from)
		if !ok {
			t.Fatal("no time found")
		}
		if d := time.Since(began); d > 500*time.Millisecond {
			t.Fatalf("one call took %s", d)
		}
		if last.Equal(now) {
			break
		}
		if !last.After(from) || calls > 100 {
			t.Fatalf("no progress: %s after %s (%d calls)", last, from, calls)
		}
		from = last
	}
	t.Logf("a year of minutes in %d bounded calls", calls)
}

func TestYearsOutsideTheSupportedRangeAreRefused(t *testing.T) {
	if _, err := ParseTime("0001-01-01T00:00:00Z", time.UTC); err == nil {
		t.Error("year 1 accepted")
	}
	if _, err := NewSeries(days(1), time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC); err == nil {
		t.Error("year 2500 accepted")
	}
}

// TestCronAcrossDSTFollowsTheDaysRule: cron("30 2 * * *") in Berlin fires
// once every day, at the instants days(1) from 02:30 names, also on the
// spring-forward day (02:30 does not exist) and the fall-back day (02:30
// happens twice).
func TestCronAcrossDSTFollowsTheDaysRule(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	daily := mustSeries(t, days(1), "2026-01-01T02:30", berlin)
	cron := mustSeries(t, plan.Frequency{Unit: plan.FreqCron, Cron: "30 2 * * *"}, "2026-01-01T00:00", berlin)
	at := cron.Next(cron.Anchor().Add(-time.Nanosecond))
	for k := 0; k < 400; k++ {
		if want := daily.At(k); !at.Equal(want) {
			t.Fatalf("cron instance %d = %s, days(1) = %s", k, at.In(berlin), want.In(berlin))
		}
		at = cron.Next(at)
	}
	// A minutely cron passes the fall-back hour once and skips none of
	// the instants between: strictly increasing, one minute apart.
	minutely := mustSeries(t, plan.Frequency{Unit: plan.FreqCron, Cron: "* * * * *"}, "2026-10-25T01:00", berlin)
	prev := minutely.Next(minutely.Anchor().Add(-time.Nanosecond))
	for range 4 * 60 {
		next := minutely.Next(prev)
		if d := next.Sub(prev); d != time.Minute && d != 61*time.Minute {
			t.Fatalf("minutely cron from %s steps %s", prev.In(berlin), d)
		}
		prev = next
	}
}

// TestEndOfWeeks: end_of_weeks(n) starts at the next Sunday midnight,
// even from a Sunday midnight, and steps n weeks in the zone's calendar.
func TestEndOfWeeks(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	eow := func(n int) plan.Frequency { return plan.Frequency{Unit: plan.FreqEndOfWeeks, N: n} }
	for _, c := range []struct {
		start string
		n     int
		want  []string
	}{
		// Wednesday 2016-02-03 01:00 (Oozie's testActionMaterEndOfWeeks start).
		{"2016-02-03T01:00", 1, []string{"2016-02-07T00:00", "2016-02-14T00:00", "2016-02-21T00:00"}},
		{"2026-03-22T00:00", 1, []string{"2026-03-29T00:00", "2026-04-05T00:00"}}, // a Sunday: the next one
		{"2026-03-21T12:00", 2, []string{"2026-03-22T00:00", "2026-04-05T00:00", "2026-04-19T00:00"}},
	} {
		s := mustSeries(t, eow(c.n), c.start, berlin)
		for k, w := range c.want {
			if got := s.At(k).In(berlin).Format("2006-01-02T15:04"); got != w {
				t.Errorf("end_of_weeks(%d) from %s, k=%d: %s, want %s", c.n, c.start, k, got, w)
			}
			if s.Index(s.At(k)) != k {
				t.Errorf("Index(At(%d)) = %d", k, s.Index(s.At(k)))
			}
		}
	}
}

// TestFutureCandidates: future(n, limit) chooses among the limit
// instances from current(0) on, oldest first; before the initial instance
// the candidates start at it.
func TestFutureCandidates(t *testing.T) {
	initial := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ds, err := NewDatasets([]plan.Dataset{{Name: "logs", URI: "/logs/{DAY}-{HOUR}", Frequency: plan.Frequency{Unit: plan.FreqMinutes, N: 60}, Initial: initial, TimeZone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := ds.FutureCandidates("logs", initial.Add(5*time.Hour+30*time.Minute), 3)
	if len(got) != 3 || got[0].URI != "/logs/01-05" || got[2].URI != "/logs/01-07" {
		t.Fatalf("future candidates = %+v", got)
	}
	got, _ = ds.FutureCandidates("logs", initial.Add(-2*time.Hour), 2)
	if len(got) != 2 || got[0].URI != "/logs/01-00" {
		t.Fatalf("before the initial instance: %+v", got)
	}
}

// TestAbsoluteRange: absolute(time)..current(n) runs from the instance at
// that time to current(n), growing with the nominal time.
func TestAbsoluteRange(t *testing.T) {
	initial := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ds, err := NewDatasets([]plan.Dataset{{Name: "d", URI: "/d/{DAY}", Frequency: days(1), Initial: initial, TimeZone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	abs := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)
	ev := plan.DataEvent{Name: "in", Dataset: "d", From: plan.InstanceRef{Fn: plan.Absolute, Time: &abs}, To: plan.InstanceRef{Fn: plan.Current}}
	got, err := ds.Current(ev, time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC))
	if err != nil || len(got) != 3 || got[0].URI != "/d/03" || got[2].URI != "/d/05" {
		t.Fatalf("absolute..current(0) = %+v, %v", got, err)
	}
	if _, err := ds.Current(ev, time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a range whose end comes before its start resolved")
	}
	r, err := Resolve(&plan.Coordinator{Inputs: []plan.DataEvent{ev}}, ds, time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC))
	if err != nil || len(r.Inputs[0]) != 2 {
		t.Fatalf("Resolve: %+v, %v", r, err)
	}
	if _, err := ds.AbsoluteIndex("d", abs.Add(time.Hour)); err == nil {
		t.Error("a time between instances was taken")
	}
}
