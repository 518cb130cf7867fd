package coord

import (
	"fmt"
	"strings"
	"time"
)

// TimeLayout is how coordinator times are written in params and plans:
// RFC 3339 in UTC, as Oozie's nominal time ("2026-11-03T01:00:00Z").
const TimeLayout = time.RFC3339

// ParseTime reads an RFC 3339 time, or one without an offset, which is
// then read in loc ("2026-11-03T02:00" and "2026-11-03T02:00:00").
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	// RFC 3339, and Oozie's form without seconds (2026-11-03T02:00Z).
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, CheckYear(t)
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return wallTime(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), loc), CheckYear(t)
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: write 2026-11-03T02:00:00Z, 2026-11-03T02:00Z, 2026-11-03T02:00:00+01:00, or 2026-11-03T02:00 (read in the time zone)", s)
}

// MinYear and MaxYear bound the times coordinators and datasets use: a
// series spans less than time.Duration's 292 years, so its arithmetic
// never overflows and finding an instance takes a few steps.
const (
	MinYear = 1970
	MaxYear = 2200
)

// CheckYear refuses times outside [MinYear, MaxYear].
func CheckYear(t time.Time) error {
	if y := t.UTC().Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("%s is outside the years %d to %d that coordinators support", t.Format(time.RFC3339), MinYear, MaxYear)
	}
	return nil
}

// FormatTime formats t in loc with a Java SimpleDateFormat pattern, the
// one Oozie's coord:formatTime takes: yyyy yy MM M dd d HH H mm m ss s SSS,
// and 'quoted text'. Other letters are an error, so a typo does not become
// a path.
func FormatTime(t time.Time, pattern string, loc *time.Location) (string, error) {
	t = t.In(loc)
	var b strings.Builder
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c == '\'' {
			// 'text' is literal; '' is a quote, inside or outside text.
			if i+1 < len(pattern) && pattern[i+1] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			j := i + 1
			for {
				if j >= len(pattern) {
					return "", fmt.Errorf("pattern %q: unterminated quote", pattern)
				}
				if pattern[j] == '\'' {
					if j+1 < len(pattern) && pattern[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(pattern[j])
				j++
			}
			i = j + 1
			continue
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(pattern) && pattern[j] == c {
			j++
		}
		n := j - i
		var v int
		switch c {
		case 'y':
			v = t.Year()
			if n == 2 {
				v %= 100
			}
		case 'M':
			v = int(t.Month())
		case 'd':
			v = t.Day()
		case 'H':
			v = t.Hour()
		case 'm':
			v = t.Minute()
		case 's':
			v = t.Second()
		case 'S':
			v = t.Nanosecond() / 1e6
		default:
			return "", fmt.Errorf("pattern %q: letter %q is not supported (use yyyy MM dd HH mm ss SSS, quote literal text with '...')", pattern, string(c))
		}
		fmt.Fprintf(&b, "%0*d", n, v)
		i = j
	}
	return b.String(), nil
}

// DateOffset moves t by n units in loc's calendar: minutes and hours are
// durations, days, months and years keep the wall-clock time (Oozie's
// coord:dateOffset, which works in UTC); a month or year from the 31st or
// Feb 29 clamps to the month's last day.
func DateOffset(t time.Time, n int, unit string, loc *time.Location) (time.Time, error) {
	l := t.In(loc)
	switch strings.ToLower(strings.TrimSuffix(strings.ToLower(unit), "s")) {
	case "minute":
		return t.Add(time.Duration(n) * time.Minute), nil
	case "hour":
		return t.Add(time.Duration(n) * time.Hour), nil
	case "day":
		return wallTime(l.Year(), l.Month(), l.Day()+n, l.Hour(), l.Minute(), l.Second(), loc), nil
	case "year":
		n *= 12
		fallthrough
	case "month":
		first := time.Date(l.Year(), l.Month()+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
		last := time.Date(first.Year(), first.Month()+1, 0, 12, 0, 0, 0, time.UTC).Day()
		return wallTime(first.Year(), first.Month(), min(l.Day(), last), l.Hour(), l.Minute(), l.Second(), loc), nil
	}
	return time.Time{}, fmt.Errorf("unit %q: want minutes, hours, days, months or years", unit)
}

// HoursInDay is the number of hours of the day n days from t's day in loc
// (23 or 25 on a DST change day), Oozie's coord:hoursInDay(n).
func HoursInDay(t time.Time, n int, loc *time.Location) int {
	l := t.In(loc)
	start := wallTime(l.Year(), l.Month(), l.Day()+n, 0, 0, 0, loc)
	end := wallTime(l.Year(), l.Month(), l.Day()+n+1, 0, 0, 0, loc)
	return int(end.Sub(start).Round(time.Hour) / time.Hour)
}

// DaysInMonth is the number of days of the month n months from t's month
// in loc, Oozie's coord:daysInMonth(n).
func DaysInMonth(t time.Time, n int, loc *time.Location) int {
	l := t.In(loc)
	first := time.Date(l.Year(), l.Month()+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	return time.Date(first.Year(), first.Month()+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// DateTzOffset is Oozie's coord:dateTzOffset(t, zone): t moved by the
// zone's offset from UTC at t (2012-06-13T00:00Z in America/Los_Angeles is
// 2012-06-12T17:00Z), the wall clock of the zone written as UTC.
func DateTzOffset(t time.Time, loc *time.Location) time.Time {
	_, off := t.In(loc).Zone()
	return t.UTC().Add(time.Duration(off) * time.Second)
}
