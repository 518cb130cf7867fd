package coord

import (
	"time"

	"github.com/howdah/howdah/plan"
)

// Resolved is what an instance's data events name before any data is
// looked at: the instances of current() inputs and of outputs. Inputs by
// latest() are resolved when the instance starts, from what exists then.
type Resolved struct {
	Nominal time.Time
	// Inputs holds, per input (in declaration order), its current() (and
	// absolute()..current(), start_of_*()..current()) instances; nil for
	// latest() and future() inputs.
	Inputs  [][]Instance
	Outputs []Instance
}

// Resolve resolves c's events at nominal time t.
func Resolve(c *plan.Coordinator, ds *Datasets, t time.Time) (*Resolved, error) {
	r := &Resolved{Nominal: t.UTC(), Inputs: make([][]Instance, len(c.Inputs))}
	for i, in := range c.Inputs {
		if in.From.Fn != plan.Current && !in.From.Fn.RangeStart() {
			continue // latest() and future() look at what exists
		}
		got, err := ds.Current(in, t)
		if err != nil {
			return nil, err
		}
		r.Inputs[i] = got
	}
	for _, out := range c.Outputs {
		got, err := ds.Current(out, t)
		if err != nil {
			return nil, err
		}
		var inst Instance
		if len(got) > 0 {
			inst = got[0]
		}
		r.Outputs = append(r.Outputs, inst)
	}
	return r, nil
}

// Needed is how many of an input's instances must exist for it to be
// ready: min, or all of them.
func Needed(ev plan.DataEvent, resolved int) int {
	if ev.Min > 0 && ev.Min < resolved {
		return ev.Min
	}
	return resolved
}

// LatestSize is how many instances a latest(a)..latest(b) input takes,
// and how many newest available ones it skips first.
func LatestSize(ev plan.DataEvent) (skip, size int) {
	return -ev.To.N, ev.To.N - ev.From.N + 1
}
