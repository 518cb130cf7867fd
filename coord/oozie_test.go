package coord

import (
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/plan"
)

// TestCurrentAsOozieTestsAssert restates the inputs and asserted values of
// Apache Oozie's own unit tests (TestCoordELFunctions.testCurrent, its
// DST and end-of-duration cases): the dataset, the nominal time, and what
// coord:current(n) resolves to, in UTC ("" where Oozie resolves nothing,
// before the initial instance). howdah's current(n) must select the same
// instances.
func TestCurrentAsOozieTestsAssert(t *testing.T) {
	const la = "America/Los_Angeles"
	minutes := func(n int) plan.Frequency { return plan.Frequency{Unit: plan.FreqMinutes, N: n} }
	eod := func(n int) plan.Frequency { return plan.Frequency{Unit: plan.FreqEndOfDays, N: n} }
	eom := func(n int) plan.Frequency { return plan.Frequency{Unit: plan.FreqEndOfMonths, N: n} }
	for _, c := range []struct {
		name    string
		freq    plan.Frequency
		zone    string
		initial string
		nominal string
		want    map[int]string // n -> current(n)
	}{
		{"daily, Los Angeles", days(1), la, "2009-01-02T00:00Z", "2009-05-30T00:45Z",
			map[int]string{0: "2009-05-29T23:00Z", 1: "2009-05-30T23:00Z", -1: "2009-05-28T23:00Z", -3: "2009-05-26T23:00Z"}},
		{"30 minutes, Los Angeles", minutes(30), la, "2009-01-08T00:00Z", "2009-05-30T00:45Z",
			map[int]string{0: "2009-05-30T00:30Z", 1: "2009-05-30T01:00Z", -1: "2009-05-30T00:00Z", -3: "2009-05-29T23:00Z"}},
		{"daily, UTC", days(1), "UTC", "2009-01-02T00:00Z", "2009-05-30T00:00Z",
			map[int]string{0: "2009-05-30T00:00Z", 1: "2009-05-31T00:00Z", -1: "2009-05-29T00:00Z", -3: "2009-05-27T00:00Z"}},
		{"weekly, UTC", days(7), "UTC", "2009-01-08T00:00Z", "2009-05-30T00:00Z",
			map[int]string{0: "2009-05-28T00:00Z", 1: "2009-06-04T00:00Z", -1: "2009-05-21T00:00Z", -3: "2009-05-07T00:00Z"}},
		// 02:00 PST does not exist on 2009-03-08: Oozie lands an hour
		// early (09:00Z, 01:00 PST), then 02:00 PDT again.
		{"spring DST", days(1), la, "2009-03-06T10:00Z", "2009-03-08T10:45Z",
			map[int]string{-2: "2009-03-06T10:00Z", -1: "2009-03-07T10:00Z", 0: "2009-03-08T09:00Z", 1: "2009-03-09T09:00Z", 2: "2009-03-10T09:00Z"}},
		// 01:00 happens twice on 2009-11-01: the first (PDT).
		{"winter DST", days(1), la, "2009-10-30T08:00Z", "2009-11-01T08:00Z",
			map[int]string{-2: "2009-10-30T08:00Z", -1: "2009-10-31T08:00Z", 0: "2009-11-01T08:00Z", 1: "2009-11-02T09:00Z", 2: "2009-11-03T09:00Z"}},
		{"end of days, UTC", eod(1), "UTC", "2009-01-02T09:00Z", "2009-05-30T12:00Z",
			map[int]string{0: "2009-05-30T00:00Z", 1: "2009-05-31T00:00Z"}},
		{"end of days, case 1", eod(1), "UTC", "2009-01-01T08:00Z", "2009-01-01T08:00Z",
			map[int]string{0: "", 1: ""}},
		// The initial instance is already midnight (PST): Oozie still
		// moves it to the next midnight.
		{"end of days, case 2", eod(1), la, "2009-01-01T08:00Z", "2009-01-01T08:00Z",
			map[int]string{0: "", 1: ""}},
		{"end of days, case 3", eod(1), la, "2009-01-01T07:01Z", "2009-01-01T08:01Z",
			map[int]string{0: "2009-01-01T08:00Z", 1: "2009-01-02T08:00Z"}},
		{"end of days, case 4", eod(1), la, "2009-01-01T07:00Z", "2009-01-01T18:00Z",
			map[int]string{0: "2009-01-01T08:00Z", 1: "2009-01-02T08:00Z"}},
		{"end of days, case 5", eod(1), la, "2009-03-07T07:00Z", "2009-03-07T09:00Z",
			map[int]string{0: "2009-03-07T08:00Z", 1: "2009-03-08T08:00Z"}},
		{"end of days, case 6", eod(1), la, "2009-03-08T07:00Z", "2009-03-08T08:00Z",
			map[int]string{0: "2009-03-08T08:00Z", 1: "2009-03-09T07:00Z"}},
		{"end of days, case 7", eod(1), la, "2009-03-09T07:00Z", "2009-03-10T08:01Z",
			map[int]string{0: "2009-03-10T07:00Z", 1: "2009-03-11T07:00Z"}},
		{"end of days, case 8", eod(2), la, "2009-03-09T07:00Z", "2009-03-10T07:00Z",
			map[int]string{0: "2009-03-10T07:00Z", 1: "2009-03-12T07:00Z"}},
		{"end of months, case 1", eom(1), "UTC", "2009-01-01T00:00Z", "2009-02-01T00:00Z",
			map[int]string{0: "2009-02-01T00:00Z", 1: "2009-03-01T00:00Z"}},
		{"end of months, case 2", eom(1), "UTC", "2009-01-01T08:00Z", "2009-02-01T08:00Z",
			map[int]string{0: "2009-02-01T00:00Z", 1: "2009-03-01T00:00Z"}},
		{"end of months, case 3", eom(1), "UTC", "2009-01-31T08:00Z", "2009-02-01T08:00Z",
			map[int]string{0: "2009-02-01T00:00Z", 1: "2009-03-01T00:00Z"}},
		{"end of months, case 4", eom(1), la, "2009-01-01T08:00Z", "2009-02-01T08:00Z",
			map[int]string{0: "2009-02-01T08:00Z", 1: "2009-03-01T08:00Z"}},
		{"end of months, case 5", eom(1), la, "2009-02-02T08:00Z", "2009-03-02T08:00Z",
			map[int]string{0: "2009-03-01T08:00Z", 1: "2009-04-01T07:00Z"}},
		{"end of months, case 6", eom(1), la, "2009-02-01T08:00Z", "2009-03-01T08:00Z",
			map[int]string{0: "2009-03-01T08:00Z", 1: "2009-04-01T07:00Z"}},
		{"end of months, case 7", eom(3), la, "2009-02-01T08:00Z", "2009-03-01T08:00Z",
			map[int]string{0: "2009-03-01T08:00Z", 1: "2009-06-01T07:00Z"}},
	} {
		initial := oozieTime(t, c.initial)
		nominal := oozieTime(t, c.nominal)
		ds, err := NewDatasets([]plan.Dataset{{Name: "d", URI: "/d/{YEAR}{MONTH}{DAY}{HOUR}{MINUTE}", Frequency: c.freq, Initial: initial, TimeZone: c.zone}})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for n, want := range c.want {
			ref := plan.InstanceRef{Fn: plan.Current, N: n}
			got, err := ds.Current(plan.DataEvent{Name: "in", Dataset: "d", From: ref, To: ref}, nominal)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var gotS string
			if len(got) == 1 {
				gotS = got[0].Time.UTC().Format("2006-01-02T15:04Z")
			}
			if gotS != want {
				t.Errorf("%s: current(%d) = %q, Oozie asserts %q", c.name, n, gotS, want)
			}
		}
	}
}

func oozieTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02T15:04Z", strings.TrimSpace(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHoursInDayAndDaysInMonthAsOozieTestsAssert restates
// TestCoordELFunctions.testHoursInDay and testDaysInMonth: the zone, the
// nominal time, n, and the count Oozie asserts.
func TestHoursInDayAndDaysInMonthAsOozieTestsAssert(t *testing.T) {
	for _, c := range []struct {
		zone, nominal string
		n, want       int
	}{
		{"UTC", "2009-01-01T08:00Z", 0, 24},
		{"America/Los_Angeles", "2009-01-01T08:00Z", 0, 24},
		{"America/Los_Angeles", "2009-01-01T08:00Z", -2, 24},
		{"UTC", "2009-03-08T08:00Z", 0, 24},
		{"Europe/London", "2009-03-08T08:00Z", 0, 24},
		{"America/Los_Angeles", "2009-03-08T08:00Z", 0, 23},
		{"America/Los_Angeles", "2009-03-08T08:00Z", 1, 24},
		{"America/Los_Angeles", "2009-03-08T08:00Z", -1, 24},
		{"America/Los_Angeles", "2009-11-01T08:00Z", 0, 25},
	} {
		loc, err := LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := HoursInDay(oozieTime(t, c.nominal), c.n, loc); got != c.want {
			t.Errorf("hoursInDay(%d) at %s in %s = %d, Oozie asserts %d", c.n, c.nominal, c.zone, got, c.want)
		}
	}
	for _, c := range []struct {
		zone    string
		n, want int
	}{
		{"UTC", 0, 28}, {"UTC", -1, 31}, {"UTC", 2, 30}, {"UTC", -3, 30}, {"UTC", 3, 31},
		{"America/Los_Angeles", 0, 28},
	} {
		loc, _ := LoadLocation(c.zone)
		if got := DaysInMonth(oozieTime(t, "2009-02-01T11:00Z"), c.n, loc); got != c.want {
			t.Errorf("daysInMonth(%d) in %s = %d, Oozie asserts %d", c.n, c.zone, got, c.want)
		}
	}
}

// TestDateTzOffsetAsOozieTestsAssert restates
// TestCoordELFunctions.testDateTzOffset.
func TestDateTzOffsetAsOozieTestsAssert(t *testing.T) {
	for _, c := range []struct{ in, zone, want string }{
		{"2012-06-13T00:00Z", "America/Los_Angeles", "2012-06-12T17:00Z"},
		{"2012-06-13T00:00Z", "PST", "2012-06-12T17:00Z"},
		{"2012-12-13T00:00Z", "America/Los_Angeles", "2012-12-12T16:00Z"},
		{"2012-12-13T00:00Z", "PST", "2012-12-12T16:00Z"},
	} {
		loc, err := LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := DateTzOffset(oozieTime(t, c.in), loc).Format("2006-01-02T15:04Z"); got != c.want {
			t.Errorf("dateTzOffset(%s, %s) = %s, Oozie asserts %s", c.in, c.zone, got, c.want)
		}
	}
}

// TestRangeStartsAsOozieTestsAssert restates TestCoordCommandUtils'
// start-instance cases (testCoordEndOfDaysParameterized and its siblings
// for weeks and months, their failures, and testCoordAbsolute's): the
// dataset, the nominal time, the start (Oozie's coord:endOfDays(n) is
// howdah's start_of_day(n+1)), end-instance current(0), and the first and
// last instance Oozie resolves, or the failure it asserts.
func TestRangeStartsAsOozieTestsAssert(t *testing.T) {
	day := days(1)
	halfHour := plan.Frequency{Unit: plan.FreqMinutes, N: 30}
	week := days(7)
	abs := func(s string) plan.InstanceRef {
		v := oozieTime(t, s)
		return plan.InstanceRef{Fn: plan.Absolute, Time: &v}
	}
	sod := func(oozieN int) plan.InstanceRef { return plan.InstanceRef{Fn: plan.StartOfDay, N: oozieN + 1} }
	sow := func(oozieN int) plan.InstanceRef { return plan.InstanceRef{Fn: plan.StartOfWeek, N: oozieN + 1} }
	som := func(oozieN int) plan.InstanceRef { return plan.InstanceRef{Fn: plan.StartOfMonth, N: oozieN + 1} }
	for _, c := range []struct {
		name         string
		freq         plan.Frequency
		initial      string
		nominal      string
		from         plan.InstanceRef
		to           int // current(to)
		first, last  string
		count        int
		errorMessage string // the failure Oozie asserts, as howdah words it
	}{
		{"endOfMonths(-1)", day, "2009-06-06T00:00Z", "2009-08-20T01:00Z", som(-1), 0, "2009-08-01T00:00Z", "2009-08-20T00:00Z", 20, ""},
		{"endOfMonths(-2)", day, "2009-06-06T00:00Z", "2009-08-20T01:00Z", som(-2), 0, "2009-07-01T00:00Z", "2009-08-20T00:00Z", 51, ""},
		{"endOfMonths(1): start after end", day, "2009-06-06T00:00Z", "2009-08-06T01:00Z", som(1), 0, "", "", 0, "must not come after its end"},
		{"endOfMonths(-3): before the initial instance", day, "2009-06-06T00:00Z", "2009-08-06T01:00Z", som(-3), 0, "", "", 0, "before the initial instance"},
		{"endOfMonths(-1): out of phase", halfHour, "2008-08-20T01:17Z", "2009-08-20T18:00Z", som(-1), 0, "", "", 0, "is not an instance"},
		// Sunday 2009-08-16 is the start of the week of Thursday 08-20.
		{"endOfWeeks(-1)", day, "2009-06-06T00:00Z", "2009-08-20T01:00Z", sow(-1), 0, "2009-08-16T00:00Z", "2009-08-20T00:00Z", 5, ""},
		{"endOfWeeks(-2)", day, "2009-06-06T00:00Z", "2009-08-20T01:00Z", sow(-2), 0, "2009-08-09T00:00Z", "2009-08-20T00:00Z", 12, ""},
		{"endOfWeeks(1): start after end (2009-08-30)", day, "2009-06-06T00:00Z", "2009-08-20T01:00Z", sow(1), 0, "", "", 0, "2009-08-30T00:00:00Z) is after"},
		{"endOfWeeks(-11): before the initial instance", day, "2009-06-06T00:00Z", "2009-08-06T01:00Z", sow(-11), 0, "", "", 0, "before the initial instance"},
		{"endOfWeeks(-1): out of phase", halfHour, "2008-08-20T01:17Z", "2009-08-20T18:00Z", sow(-1), 0, "", "", 0, "is not an instance"},
		{"endOfDays(-1)", halfHour, "2009-06-06T01:00Z", "2009-08-20T18:00Z", sod(-1), 0, "2009-08-20T00:00Z", "2009-08-20T18:00Z", 37, ""},
		{"endOfDays(-2)", halfHour, "2009-08-01T01:00Z", "2009-08-20T18:00Z", sod(-2), 0, "2009-08-19T00:00Z", "2009-08-20T18:00Z", 85, ""},
		{"endOfDays(1): start after end (2009-08-08)", halfHour, "2009-06-06T01:00Z", "2009-08-06T18:00Z", sod(1), 0, "", "", 0, "2009-08-08T00:00:00Z) is after"},
		{"endOfDays(-11): before the initial instance", halfHour, "2009-08-01T01:00Z", "2009-08-06T18:00Z", sod(-11), 0, "", "", 0, "before the initial instance"},
		{"endOfDays(-1): out of phase", halfHour, "2008-08-20T01:17Z", "2009-08-20T18:00Z", sod(-1), 0, "", "", 0, "is not an instance"},
		// testCoordAbsolute: weekly from 2009-08-06T01:00Z.
		{"absolute, start after the nominal time", week, "2009-08-06T01:00Z", "2009-08-14T01:00Z", abs("2009-08-20T01:00Z"), 2, "2009-08-20T01:00Z", "2009-08-27T01:00Z", 2, ""},
		{"absolute, start after end", week, "2009-08-06T01:00Z", "2009-08-06T01:00Z", abs("2009-08-27T01:00Z"), 2, "", "", 0, "must not come after its end"},
		{"absolute, before the initial instance", week, "2009-08-06T01:00Z", "2009-08-06T01:00Z", abs("2009-07-01T01:00Z"), 2, "", "", 0, "before the initial instance"},
	} {
		ds, err := NewDatasets([]plan.Dataset{{Name: "logs", URI: "/logs/{YEAR}/{MONTH}/{DAY}/{HOUR}/{MINUTE}", Frequency: c.freq, Initial: oozieTime(t, c.initial), TimeZone: "UTC"}})
		if err != nil {
			t.Fatal(err)
		}
		ev := plan.DataEvent{Name: "input", Dataset: "logs", From: c.from, To: plan.InstanceRef{Fn: plan.Current, N: c.to}}
		got, err := ds.Current(ev, oozieTime(t, c.nominal))
		if c.errorMessage != "" {
			if err == nil || !strings.Contains(err.Error(), c.errorMessage) {
				t.Errorf("%s: error %v, want one containing %q", c.name, err, c.errorMessage)
			}
			if cerr := ds.CheckRange(ev, oozieTime(t, c.nominal)); cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("%s: CheckRange = %v, Current = %v", c.name, cerr, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		first, last := oozieTime(t, c.first), oozieTime(t, c.last)
		if len(got) != c.count || !got[0].Time.Equal(first) || !got[len(got)-1].Time.Equal(last) {
			t.Errorf("%s: %d instances %v..%v, want %d %v..%v", c.name, len(got), got[0].Time, got[len(got)-1].Time, c.count, first, last)
		}
	}
}

// TestStartOfPeriodInZone: the start of a day, a week and a month is
// midnight on the dataset zone's wall clock, across a DST change.
func TestStartOfPeriodInZone(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	nominal := oozieTime(t, "2009-03-10T18:00Z") // Tuesday 11:00 PDT
	for _, c := range []struct {
		r    plan.InstanceRef
		want string
	}{
		{plan.InstanceRef{Fn: plan.StartOfDay, N: 0}, "2009-03-10T07:00Z"},
		{plan.InstanceRef{Fn: plan.StartOfDay, N: -2}, "2009-03-08T08:00Z"}, // PST midnight
		{plan.InstanceRef{Fn: plan.StartOfWeek, N: 0}, "2009-03-08T08:00Z"}, // Sunday
		{plan.InstanceRef{Fn: plan.StartOfWeek, N: 1}, "2009-03-15T07:00Z"},
		{plan.InstanceRef{Fn: plan.StartOfMonth, N: 0}, "2009-03-01T08:00Z"},
		{plan.InstanceRef{Fn: plan.StartOfMonth, N: -3}, "2008-12-01T08:00Z"},
		{plan.InstanceRef{Fn: plan.StartOfMonth, N: 1}, "2009-04-01T07:00Z"},
	} {
		got, err := StartTime(c.r, nominal, la)
		if err != nil || !got.Equal(oozieTime(t, c.want)) {
			t.Errorf("%s at %v = %v, %v; want %s", c.r, nominal, got.UTC(), err, c.want)
		}
	}
}
