package coord

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Quartz's day-of-month and day-of-week specials, which Oozie's cron
// frequencies may use and standard cron has not: in the day of month L
// (the last day), L-n (n days before it), nW (the weekday nearest the
// n-th, within the month) and LW (the last weekday); in the day of week
// dL (the last day d of the month), d#k (the k-th day d) and L alone
// (Saturday). Days of week are numbered as in the rest of howdah's cron,
// 0-6 from Sunday (7 is Sunday too); the importer moves Quartz's 1-7.
//
// An expression with a special is matched in two steps: the standard
// schedule with both day fields opened up gives the candidate times, and a
// day predicate keeps the days the two fields name (either field, when
// both are restricted, as standard cron does).

// dayNameRe matches the day-of-week names, which hold the letter W.
var dayNameRe = regexp.MustCompile(`(?i)SUN|MON|TUE|WED|THU|FRI|SAT`)

// hasQuartzDays reports whether a day field uses L, W or #.
func hasQuartzDays(field string) bool {
	return strings.ContainsAny(strings.ToUpper(dayNameRe.ReplaceAllString(field, "")), "LW#")
}

// parseCron parses a five-field expression or a descriptor, with
// Quartz's day specials.
func parseCron(expr string) (cron.Schedule, error) {
	f := strings.Fields(expr)
	if len(f) != 5 || !hasQuartzDays(f[2]) && !hasQuartzDays(f[4]) {
		return cronParser.Parse(expr)
	}
	dom, err := parseDays(f[2], 1, 31, false)
	if err != nil {
		return nil, fmt.Errorf("day of month %q: %w", f[2], err)
	}
	dow, err := parseDays(f[4], 0, 7, true)
	if err != nil {
		return nil, fmt.Errorf("day of week %q: %w", f[4], err)
	}
	base, err := cronParser.Parse(strings.Join([]string{f[0], f[1], "*", f[3], "*"}, " "))
	if err != nil {
		return nil, err
	}
	return &quartzSchedule{base: base, dom: dom, dow: dow}, nil
}

// quartzSchedule is a standard schedule whose days a predicate picks.
type quartzSchedule struct {
	base     cron.Schedule
	dom, dow dayMatcher
}

// dayMatcher says whether a date is named by a day field; star is set
// for "*" and "?".
type dayMatcher struct {
	star  bool
	items []func(time.Time) bool
}

func (m dayMatcher) match(t time.Time) bool {
	for _, it := range m.items {
		if it(t) {
			return true
		}
	}
	return false
}

func (q *quartzSchedule) days(t time.Time) bool {
	switch {
	case q.dom.star && q.dow.star:
		return true
	case q.dom.star:
		return q.dow.match(t)
	case q.dow.star:
		return q.dom.match(t)
	}
	return q.dom.match(t) || q.dow.match(t)
}

// Next is the first time after t of a day the fields name. It looks at
// most about eleven years ahead (a day like Feb 29 on a Friday the 13th
// may be that far).
func (q *quartzSchedule) Next(t time.Time) time.Time {
	for range 4100 {
		c := q.base.Next(t)
		if c.IsZero() || q.days(c) {
			return c
		}
		// The rest of that day cannot match: go on from its end.
		y, m, d := c.Date()
		t = time.Date(y, m, d+1, 0, 0, 0, 0, c.Location()).Add(-time.Second)
	}
	return time.Time{}
}

// lastDay is the number of days of t's month.
func lastDay(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// nearestWeekday is Quartz's nW: the weekday (Monday to Friday) nearest
// the n-th of t's month, without leaving the month.
func nearestWeekday(t time.Time, n int) int {
	last := lastDay(t)
	if n > last {
		n = last
	}
	switch time.Date(t.Year(), t.Month(), n, 12, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3 // Monday the 3rd
		}
		return n - 1
	case time.Sunday:
		if n == last {
			return n - 2
		}
		return n + 1
	}
	return n
}

var (
	lastMinus = regexp.MustCompile(`^L(?:-(\d+))?$`)
	nearestW  = regexp.MustCompile(`^(\d+)W$`)
	lastDow   = regexp.MustCompile(`^(\w+)L$`)
	nthDow    = regexp.MustCompile(`^(\w+)#(\d)$`)
)

var dowNames = map[string]int{"SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6}

// parseDays reads a day field: comma-separated items, each standard (n,
// a-b, with /step, *, ?) or one of Quartz's specials.
func parseDays(field string, lo, hi int, week bool) (dayMatcher, error) {
	if field == "*" || field == "?" {
		return dayMatcher{star: true}, nil
	}
	value := func(s string) (int, error) {
		if week {
			if n, ok := dowNames[strings.ToUpper(s)]; ok {
				return n, nil
			}
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return 0, fmt.Errorf("%q is not a day between %d and %d", s, lo, hi)
		}
		return n, nil
	}
	var m dayMatcher
	for _, item := range strings.Split(field, ",") {
		u := strings.ToUpper(item)
		switch {
		case !week && u == "LW":
			m.items = append(m.items, func(t time.Time) bool {
				return t.Day() == nearestWeekday(t, lastDay(t))
			})
		case !week && lastMinus.MatchString(u):
			off := 0
			if s := lastMinus.FindStringSubmatch(u)[1]; s != "" {
				off, _ = strconv.Atoi(s)
			}
			if off > 30 {
				return m, fmt.Errorf("%q: at most L-30", item)
			}
			m.items = append(m.items, func(t time.Time) bool { return t.Day() == lastDay(t)-off })
		case !week && nearestW.MatchString(u):
			n, _ := strconv.Atoi(nearestW.FindStringSubmatch(u)[1])
			if n < 1 || n > 31 {
				return m, fmt.Errorf("%q: the day is 1 to 31", item)
			}
			m.items = append(m.items, func(t time.Time) bool { return t.Day() == nearestWeekday(t, n) })
		case week && u == "L":
			m.items = append(m.items, func(t time.Time) bool { return t.Weekday() == time.Saturday })
		case week && lastDow.MatchString(u):
			d, err := value(lastDow.FindStringSubmatch(u)[1])
			if err != nil {
				return m, err
			}
			m.items = append(m.items, func(t time.Time) bool {
				return int(t.Weekday()) == d%7 && t.Day()+7 > lastDay(t)
			})
		case week && nthDow.MatchString(u):
			sub := nthDow.FindStringSubmatch(u)
			d, err := value(sub[1])
			if err != nil {
				return m, err
			}
			k, _ := strconv.Atoi(sub[2])
			if k < 1 || k > 5 {
				return m, fmt.Errorf("%q: the week is 1 to 5", item)
			}
			m.items = append(m.items, func(t time.Time) bool {
				return int(t.Weekday()) == d%7 && (t.Day()-1)/7+1 == k
			})
		default:
			if strings.ContainsAny(u, "LW#") && !(week && dayNameRe.MatchString(u)) {
				return m, fmt.Errorf("%q is not a day, a range or one of L, L-n, nW, LW (day of month), dL, d#k (day of week)", item)
			}
			base, step, hasStep := strings.Cut(item, "/")
			from, to := lo, hi
			if base != "*" && base != "?" {
				a, b, isRange := strings.Cut(base, "-")
				var err error
				if from, err = value(a); err != nil {
					return m, err
				}
				to = from
				if isRange {
					if to, err = value(b); err != nil {
						return m, err
					}
				} else if hasStep {
					to = hi
				}
			}
			every := 1
			if hasStep {
				n, err := strconv.Atoi(step)
				if err != nil || n < 1 {
					return m, fmt.Errorf("%q: the step is a positive number", item)
				}
				every = n
			}
			in := func(v int) bool { return v >= from && v <= to && (v-from)%every == 0 }
			m.items = append(m.items, func(t time.Time) bool {
				if week {
					// Sunday is 0 and 7.
					v := int(t.Weekday())
					return in(v) || v == 0 && in(7)
				}
				return in(t.Day())
			})
		}
	}
	return m, nil
}
