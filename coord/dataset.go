package coord

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/howdah/howdah/plan"
)

// Instance is one dataset instance: its time, its URI, and the path whose
// existence says it is complete (the URI, or its done flag).
type Instance struct {
	Time  time.Time `json:"time"`
	URI   string    `json:"uri"`
	Check string    `json:"check"`
}

// Datasets resolves data events against a coordinator's datasets.
type Datasets struct {
	byName map[string]*datasetSeries
}

type datasetSeries struct {
	ds     *plan.Dataset
	series *Series
	loc    *time.Location
}

// NewDatasets prepares the series of every dataset of c.
func NewDatasets(ds []plan.Dataset) (*Datasets, error) {
	out := &Datasets{byName: map[string]*datasetSeries{}}
	for i := range ds {
		d := &ds[i]
		loc, err := LoadLocation(d.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("dataset %s: %w", d.Name, err)
		}
		if d.Frequency.Unit == plan.FreqCron {
			return nil, fmt.Errorf("dataset %s: a dataset's frequency cannot be cron", d.Name)
		}
		s, err := NewSeries(d.Frequency, d.Initial, loc)
		if err != nil {
			return nil, fmt.Errorf("dataset %s: %w", d.Name, err)
		}
		out.byName[d.Name] = &datasetSeries{ds: d, series: s, loc: loc}
	}
	return out, nil
}

func (d *Datasets) get(name string) (*datasetSeries, error) {
	s := d.byName[name]
	if s == nil {
		return nil, fmt.Errorf("unknown dataset %q", name)
	}
	return s, nil
}

// instance builds instance k of s.
func (s *datasetSeries) instance(k int) Instance {
	t := s.series.At(k)
	uri := ExpandURI(s.ds.URI, t.In(s.loc))
	check := uri
	if s.ds.DoneFlag != "" {
		check = strings.TrimSuffix(uri, "/") + "/" + s.ds.DoneFlag
	}
	return Instance{Time: t.UTC(), URI: uri, Check: check}
}

// MaxRangeInstances bounds the instances a range that starts at a time
// (absolute(time) or start_of_*(n)) names at one nominal time, as the
// compiler bounds other ranges.
const MaxRangeInstances = 1000

// Current resolves an event whose ends are current(n), or that starts at
// a time (absolute(time), start_of_*(n)) and ends at current(n), at
// nominal time t: the instances from..to in time order. current(n)
// instances before the dataset's initial instance are dropped (so the
// list may be empty); a start at a time must be an instance.
func (d *Datasets) Current(ev plan.DataEvent, nominal time.Time) ([]Instance, error) {
	if ev.From.Fn.RangeStart() && ev.To.Fn == plan.Current {
		return d.fromTime(ev, nominal)
	}
	if ev.From.Fn != plan.Current || ev.To.Fn != plan.Current {
		return nil, fmt.Errorf("%s: Current on a %s/%s event", ev.Name, ev.From.Fn, ev.To.Fn)
	}
	s, err := d.get(ev.Dataset)
	if err != nil {
		return nil, err
	}
	base := s.series.Index(nominal)
	var out []Instance
	for n := ev.From.N; n <= ev.To.N; n++ {
		k := base + n
		if base < 0 || k < 0 {
			continue // before the initial instance: dropped
		}
		out = append(out, s.instance(k))
	}
	return out, nil
}

// fromTime resolves absolute(time)..current(n) and
// start_of_*(m)..current(n): from the instance at the start's time to
// current(n) of nominal, which must not come before it (Oozie's
// coord:absoluteRange).
func (d *Datasets) fromTime(ev plan.DataEvent, nominal time.Time) ([]Instance, error) {
	s, from, to, err := d.timeRange(ev, nominal)
	if err != nil {
		return nil, err
	}
	out := make([]Instance, 0, max(to-from+1, 0))
	for k := from; k <= to; k++ {
		out = append(out, s.instance(k))
	}
	return out, nil
}

// CheckRange reports the error Current would return for ev at nominal
// time t without building its instances, so a compiler can try many
// nominal times.
func (d *Datasets) CheckRange(ev plan.DataEvent, t time.Time) error {
	if !ev.From.Fn.RangeStart() {
		_, err := d.Current(ev, t)
		return err
	}
	_, _, _, err := d.timeRange(ev, t)
	return err
}

// timeRange is the indices from..to of a range that starts at a time, at
// nominal time t (to < from when t is before the initial instance).
func (d *Datasets) timeRange(ev plan.DataEvent, nominal time.Time) (s *datasetSeries, from, to int, err error) {
	if s, err = d.get(ev.Dataset); err != nil {
		return nil, 0, 0, err
	}
	at, err := StartTime(ev.From, nominal, s.loc)
	if err != nil {
		return nil, 0, 0, err
	}
	if from, err = s.exactIndex(ev.From, nominal, at); err != nil {
		return nil, 0, 0, err
	}
	base := s.series.Index(nominal)
	if base < 0 {
		return s, 0, -1, nil
	}
	to = base + ev.To.N
	if to < from {
		return nil, 0, 0, fmt.Errorf("%s: %s (%s) is after %s (%s) at %s: the range's start must not come after its end", ev.Name, ev.From, at.UTC().Format(time.RFC3339), ev.To, s.series.At(max(to, 0)).UTC().Format(time.RFC3339), nominal.UTC().Format(time.RFC3339))
	}
	if n := to - from + 1; n > MaxRangeInstances {
		return nil, 0, 0, fmt.Errorf("%s: %s..%s names %d instances at %s; a range may name at most %d", ev.Name, ev.From, ev.To, n, nominal.UTC().Format(time.RFC3339), MaxRangeInstances)
	}
	return s, from, to, nil
}

// StartTime is the time a range start names at nominal time t:
// absolute's own time, or for start_of_day(n), start_of_week(n) and
// start_of_month(n) midnight of the day, the Sunday or the 1st n such
// periods after the one t falls in, on loc's wall clock (Oozie's
// coord:endOfDays(n-1) and its siblings as a start-instance).
func StartTime(r plan.InstanceRef, t time.Time, loc *time.Location) (time.Time, error) {
	w := t.In(loc)
	y, mo, d := w.Date()
	switch r.Fn {
	case plan.Absolute:
		if r.Time == nil {
			return time.Time{}, fmt.Errorf("absolute() without a time")
		}
		return *r.Time, nil
	case plan.StartOfDay:
		return wallTime(y, mo, d+r.N, 0, 0, 0, loc), nil
	case plan.StartOfWeek:
		return wallTime(y, mo, d-int(w.Weekday())+7*r.N, 0, 0, 0, loc), nil
	case plan.StartOfMonth:
		return wallTime(y, mo+time.Month(r.N), 1, 0, 0, 0, loc), nil
	}
	return time.Time{}, fmt.Errorf("%s does not name a time", r)
}

// AbsoluteIndex is the index of the dataset's instance at t, which must
// be one of its instance times.
func (d *Datasets) AbsoluteIndex(dataset string, t time.Time) (int, error) {
	s, err := d.get(dataset)
	if err != nil {
		return 0, err
	}
	return s.exactIndex(plan.InstanceRef{Fn: plan.Absolute, Time: &t}, t, t)
}

// exactIndex is the index of the instance at the time at that r names at
// nominal time t; an error, saying so, when at is not an instance time.
func (s *datasetSeries) exactIndex(r plan.InstanceRef, t, at time.Time) (int, error) {
	what := r.String()
	if r.Fn != plan.Absolute {
		what = fmt.Sprintf("%s at %s (%s)", r, t.UTC().Format(time.RFC3339), at.UTC().Format(time.RFC3339))
	}
	k := s.series.Index(at)
	if k < 0 {
		return 0, fmt.Errorf("%s is before the initial instance of dataset %s (%s)", what, s.ds.Name, s.series.Anchor().UTC().Format(time.RFC3339))
	}
	if got := s.series.At(k); !got.Equal(at) {
		return 0, fmt.Errorf("%s is not an instance of dataset %s: the instance it falls in is at %s", what, s.ds.Name, got.UTC().Format(time.RFC3339))
	}
	return k, nil
}

// LatestCandidates lists, newest first, up to limit instances of the
// dataset at or before ref, skipping the first skip of them: the
// candidates latest(n) chooses from once their existence is known.
func (d *Datasets) LatestCandidates(dataset string, ref time.Time, skip, limit int) ([]Instance, error) {
	s, err := d.get(dataset)
	if err != nil {
		return nil, err
	}
	var out []Instance
	for k := s.series.Index(ref) - skip; k >= 0 && len(out) < limit; k-- {
		out = append(out, s.instance(k))
	}
	return out, nil
}

// FutureCandidates lists, oldest first, the limit instances of the dataset
// from the one nominal falls in (current(0)) on: the candidates
// future(n, limit) chooses from once their existence is known.
func (d *Datasets) FutureCandidates(dataset string, nominal time.Time, limit int) ([]Instance, error) {
	s, err := d.get(dataset)
	if err != nil {
		return nil, err
	}
	base := max(s.series.Index(nominal), 0)
	out := make([]Instance, 0, limit)
	for k := base; k < base+limit; k++ {
		out = append(out, s.instance(k))
	}
	return out, nil
}

// templateVar matches a {NAME} placeholder of a URI template.
var templateVar = regexp.MustCompile(`\{([A-Z_]+)\}`)

// TemplateVars are the placeholders a dataset URI may use.
var TemplateVars = []string{"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"}

// CheckURITemplate reports placeholders that are not TemplateVars.
func CheckURITemplate(uri string) error {
	for _, m := range templateVar.FindAllStringSubmatch(uri, -1) {
		ok := false
		for _, v := range TemplateVars {
			ok = ok || m[1] == v
		}
		if !ok {
			return fmt.Errorf("unknown placeholder {%s}: a URI template may use {YEAR}, {MONTH}, {DAY}, {HOUR}, {MINUTE} and {SECOND}", m[1])
		}
	}
	return nil
}

// ExpandURI fills a URI template with t's wall clock (t should already be
// in the dataset's time zone).
func ExpandURI(uri string, t time.Time) string {
	return templateVar.ReplaceAllStringFunc(uri, func(m string) string {
		switch m {
		case "{YEAR}":
			return fmt.Sprintf("%04d", t.Year())
		case "{MONTH}":
			return fmt.Sprintf("%02d", int(t.Month()))
		case "{DAY}":
			return fmt.Sprintf("%02d", t.Day())
		case "{HOUR}":
			return fmt.Sprintf("%02d", t.Hour())
		case "{MINUTE}":
			return fmt.Sprintf("%02d", t.Minute())
		case "{SECOND}":
			return fmt.Sprintf("%02d", t.Second())
		}
		return m
	})
}
