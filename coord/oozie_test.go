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
