package coord

import (
	"testing"
	"time"
)

// Zones Oozie accepts (DateUtils.getTimeZone: a tz database ID, a
// GMT±hh:mm or GMT±hhmm offset, Java's short IDs) and those it refuses
// (TestDateUtils: "US/Los Angeles", "xGMT-0300", "GMT-0300x").
func TestZonesAsOozieReadsThem(t *testing.T) {
	at := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	ok := []struct {
		name   string
		offset int // seconds east of UTC on 2026-07-01
	}{
		{"UTC", 0},
		{"GMT", 0},
		{"Europe/Berlin", 2 * 3600},
		{"GMT+09:00", 9 * 3600},
		{"GMT-07:00", -7 * 3600},
		{"GMT+0530", 5*3600 + 30*60},
		{"GMT-0300", -3 * 3600},
		{"PST", -7 * 3600}, // America/Los_Angeles, daylight time in July
		{"IST", 5*3600 + 30*60},
		{"JST", 9 * 3600},
		{"EST", -5 * 3600}, // fixed in Java: no daylight time
		{"MST", -7 * 3600},
		{"HST", -10 * 3600},
		{"WET", 1 * 3600},
	}
	for _, c := range ok {
		loc, err := LoadLocation(c.name)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if _, off := at.In(loc).Zone(); off != c.offset {
			t.Errorf("%s: offset %d, want %d", c.name, off, c.offset)
		}
	}
	for _, bad := range []string{"", "Local", "US/Los Angeles", "xGMT-0300", "GMT-0300x", "GMT+9", "GMT+24:00", "GMT+05:60", "Mars/Olympus"} {
		if _, err := LoadLocation(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
