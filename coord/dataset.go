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

// MaxRangeInstances bounds the instances an absolute(time)..current(n)
// range names at one nominal time, as the compiler bounds other ranges.
const MaxRangeInstances = 1000

// Current resolves an event whose ends are current(n) (or that starts at
// absolute(time)) at nominal time t: the instances from..to in time order,
// without those before the dataset's initial instance (so the list may be
// empty).
func (d *Datasets) Current(ev plan.DataEvent, nominal time.Time) ([]Instance, error) {
	if ev.From.Fn == plan.Absolute && ev.To.Fn == plan.Current && ev.From.Time != nil {
		return d.absolute(ev, nominal)
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

// absolute resolves absolute(time)..current(n): from the instance at that
// time to current(n) of nominal, which must not come before it.
func (d *Datasets) absolute(ev plan.DataEvent, nominal time.Time) ([]Instance, error) {
	s, err := d.get(ev.Dataset)
	if err != nil {
		return nil, err
	}
	from, err := d.AbsoluteIndex(ev.Dataset, *ev.From.Time)
	if err != nil {
		return nil, err
	}
	base := s.series.Index(nominal)
	if base < 0 {
		return nil, nil
	}
	to := base + ev.To.N
	if to < from {
		return nil, fmt.Errorf("%s: %s is after %s (%s) at %s: the range's start must not come after its end", ev.Name, ev.From, ev.To, s.series.At(max(to, 0)).UTC().Format(time.RFC3339), nominal.UTC().Format(time.RFC3339))
	}
	if n := to - from + 1; n > MaxRangeInstances {
		return nil, fmt.Errorf("%s: %s..%s names %d instances at %s; a range may name at most %d", ev.Name, ev.From, ev.To, n, nominal.UTC().Format(time.RFC3339), MaxRangeInstances)
	}
	out := make([]Instance, 0, to-from+1)
	for k := from; k <= to; k++ {
		out = append(out, s.instance(k))
	}
	return out, nil
}

// AbsoluteIndex is the index of the dataset's instance at t, which must
// be one of its instance times.
func (d *Datasets) AbsoluteIndex(dataset string, t time.Time) (int, error) {
	s, err := d.get(dataset)
	if err != nil {
		return 0, err
	}
	k := s.series.Index(t)
	if k < 0 {
		return 0, fmt.Errorf("absolute(%q) is before the initial instance of dataset %s (%s)", t.UTC().Format(time.RFC3339), dataset, s.series.Anchor().UTC().Format(time.RFC3339))
	}
	if at := s.series.At(k); !at.Equal(t) {
		return 0, fmt.Errorf("absolute(%q) is not an instance of dataset %s: the instance it falls in is at %s", t.UTC().Format(time.RFC3339), dataset, at.UTC().Format(time.RFC3339))
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
