package coord

import (
	"testing"
	"time"

	"github.com/howdah/howdah/plan"
)

// TestQuartzDaySpecials: L, L-n, nW, LW, dL, d#k and L in the day of
// week, as Quartz defines them (and Oozie's cron frequencies use them).
// 2026-01-01 is a Thursday.
func TestQuartzDaySpecials(t *testing.T) {
	for _, c := range []struct {
		cron string
		want []string
	}{
		{"0 5 L * *", []string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"}},
		{"0 5 L-2 * *", []string{"2026-01-29", "2026-02-26", "2026-03-29"}},
		// 15th: Thursday; Feb 15 and Mar 15 are Sundays (Monday); Aug 15 a Saturday (Friday).
		{"0 5 15W 1,2,3,8 *", []string{"2026-01-15", "2026-02-16", "2026-03-16", "2026-08-14"}},
		// Aug 1 is a Saturday: Monday the 3rd, not July 31.
		{"0 5 1W 8 *", []string{"2026-08-03"}},
		// 31W: Jan 31 is a Saturday (30th); Feb has 28 days, a Saturday (27th); May 31 a Sunday (29th).
		{"0 5 31W 1,2,5 *", []string{"2026-01-30", "2026-02-27", "2026-05-29"}},
		{"0 5 LW * *", []string{"2026-01-30", "2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29"}},
		{"0 5 * * 5L", []string{"2026-01-30", "2026-02-27", "2026-03-27"}},
		{"0 5 ? * FRIL", []string{"2026-01-30"}},
		{"0 5 * * 1#1", []string{"2026-01-05", "2026-02-02", "2026-03-02"}},
		{"0 5 * * 5#3", []string{"2026-01-16", "2026-02-20"}},
		{"0 5 * * L", []string{"2026-01-03", "2026-01-10"}},
		// Both fields restricted: either names the day, as in standard cron.
		{"0 5 L * 1#1", []string{"2026-01-05", "2026-01-31", "2026-02-02", "2026-02-28"}},
		{"0 5 L,15 * *", []string{"2026-01-15", "2026-01-31", "2026-02-15"}},
		{"0 5 ? * 7#1", []string{"2026-01-04"}}, // 7 is Sunday too
	} {
		s, err := NewSeries(plan.Frequency{Unit: plan.FreqCron, Cron: c.cron}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC)
		if err != nil {
			t.Errorf("%s: %v", c.cron, err)
			continue
		}
		at := s.Anchor().Add(-time.Nanosecond)
		for _, w := range c.want {
			at = s.Next(at)
			if got := at.Format("2006-01-02T15:04"); got != w+"T05:00" {
				t.Errorf("%s: %s, want %sT05:00", c.cron, got, w)
				break
			}
		}
	}
	for _, bad := range []string{"0 5 L-31 * *", "0 5 32W * *", "0 5 * * 5#6", "0 5 * * 9L", "0 5 XW * *", "0 5 * * 5#"} {
		if err := ParseCron(bad); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	// Specials keep the wall-clock rule across DST: the last day of March
	// at 02:30 in Berlin (a normal day in 2026) and on 2027-03-28.
	berlin := mustLoc(t, "Europe/Berlin")
	s, err := NewSeries(plan.Frequency{Unit: plan.FreqCron, Cron: "30 2 L-3 3 *"}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), berlin)
	if err != nil {
		t.Fatal(err)
	}
	first := s.Next(s.Anchor())
	if got := first.In(berlin).Format("2006-01-02T15:04"); got != "2026-03-28T02:30" {
		t.Errorf("L-3 of March 2026 = %s", got)
	}
}
