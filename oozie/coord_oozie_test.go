package oozie

import (
	"testing"
	"time"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/plan"
)

// TestCronAsOozieTestsAssert restates the cron cases of Apache Oozie's
// TestCoordCommandUtils.testGetNextValidActionTime and
// TestCoordMaterializeTransitionXCommand.testActionMaterWithCronFrequency*:
// the expression, a time, and the next nominal times Oozie asserts (in
// UTC, its processing zone). The import's translation, run by howdah's
// coordinator clock in UTC, must give the same times.
func TestCronAsOozieTestsAssert(t *testing.T) {
	for _, c := range []struct {
		cron, after string
		want        []string
	}{
		{"10,20 * * * *", "2013-07-17T23:59Z", []string{"2013-07-18T00:10Z", "2013-07-18T00:20Z", "2013-07-18T01:10Z"}},
		{"10-20 * * * *", "2013-07-18T00:19Z", []string{"2013-07-18T00:20Z", "2013-07-18T01:10Z"}},
		{"0/15 * * 5-7 4,5", "2013-07-17T23:59Z", []string{"2013-07-18T00:00Z", "2013-07-18T00:15Z", "2013-07-18T00:30Z", "2013-07-18T00:45Z", "2013-07-18T01:00Z"}},
		{"0/15 2 * 5-7 4,5", "2013-07-17T23:59Z", []string{"2013-07-18T02:00Z"}},
		{"20/15 * * 5-7 4,5", "2013-07-17T23:59Z", []string{"2013-07-18T00:20Z", "2013-07-18T00:35Z", "2013-07-18T00:50Z", "2013-07-18T01:20Z"}},
		{"20/15 * * 7,10 THU", "2013-07-17T23:59Z", []string{"2013-07-18T00:20Z", "2013-07-18T00:35Z", "2013-07-18T00:50Z", "2013-07-18T01:20Z"}},
		{"10/20 * * 5-7 4,5", "2013-07-18T00:15Z", []string{"2013-07-18T00:30Z"}},
		{"20-30 * 20 5-7 4,5", "2013-07-18T00:20Z", []string{"2013-07-18T00:21Z"}},
		{"30 * 20 5-7 ?", "2013-07-18T00:20Z", []string{"2013-07-20T00:30Z"}},
		// Quartz: 2-6 is Monday to Friday; Saturday 2013-07-20 waits for Monday.
		{"0 9-16 * * 2-6", "2013-07-20T00:20Z", []string{"2013-07-22T09:00Z", "2013-07-22T10:00Z"}},
		{"20-30 * * 1 *", "2013-07-18T00:20Z", []string{"2014-01-01T00:20Z"}},
		{"20-30 10 * * MON,WED", "2013-07-18T00:20Z", []string{"2013-07-22T10:20Z"}},
	} {
		expr, err := quartzCron(c.cron)
		if err != nil {
			t.Errorf("%s: %v", c.cron, err)
			continue
		}
		s, err := coord.NewSeries(plan.Frequency{Unit: plan.FreqCron, Cron: expr}, time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC)
		if err != nil {
			t.Errorf("%s (%s): %v", c.cron, expr, err)
			continue
		}
		at, _ := time.Parse("2006-01-02T15:04Z", c.after)
		for _, w := range c.want {
			at = s.Next(at)
			if got := at.UTC().Format("2006-01-02T15:04Z"); got != w {
				t.Errorf("%s (as %s): next = %s, Oozie asserts %s", c.cron, expr, got, w)
				break
			}
		}
	}
	// Quartz's specials keep their meaning; only day numbers move.
	for in, want := range map[string]string{
		"0 5 L * ?":      "0 5 L * ?",
		"0 5 ? * 6L":     "0 5 ? * 5L", // the last Friday
		"0 5 15W * ?":    "0 5 15W * ?",
		"0 5 ? * 2#1":    "0 5 ? * 1#1", // the first Monday
		"0 5 ? * L":      "0 5 ? * L",   // Saturday
		"0 5 ? * MON#2":  "0 5 ? * MON#2",
		"0 5 ? * 1-7/2":  "0 5 ? * 0-6/2",
		"0/15 2 * 5-7 4": "0/15 2 * 5-7 3",
	} {
		if got, err := quartzCron(in); err != nil || got != want {
			t.Errorf("quartzCron(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"0 5 * * 0", "0 5 * *", "0 5 * * 8L", "0 5 L-40 * ?"} {
		if got, err := quartzCron(bad); err == nil {
			t.Errorf("%s: translated to %q, want an error", bad, got)
		}
	}
}
