package plan

import (
	"encoding/json"
	"fmt"
	"time"
)

// Coordinator is one compiled coordinator: the workflow it runs, when it
// runs it, on which data, and under which controls. It is the input of the
// coordinator workflow and of each instance workflow.
type Coordinator struct {
	FormatVersion int    `json:"format_version"`
	Name          string `json:"name"`
	Description   string `json:"description,omitempty"`
	Source        string `json:"source"`
	SourceDigest  string `json:"source_digest"`
	// Workflow is the workflow file compiled with the coordinator's params:
	// the ones known when compiling are in the plan, the ones computed per
	// instance (Params with an Expr) are run-time parameters.
	Workflow *Workflow `json:"workflow"`
	// Start is the first nominal time; End, when set, the first nominal
	// time that is not materialised (Oozie's end is exclusive).
	Start     time.Time  `json:"start"`
	End       *time.Time `json:"end,omitempty"`
	Frequency Frequency  `json:"frequency"`
	// TimeZone is an IANA name; calendar frequencies follow its calendar.
	TimeZone string `json:"time_zone"`
	// Timeout is how long an instance may wait for its data; WaitForever
	// when it waits forever, 0 to check once.
	Timeout      Duration `json:"timeout"`
	WaitForever  bool     `json:"wait_forever,omitempty"`
	PollInterval Duration `json:"poll_interval"`
	// Concurrency bounds RUNNING instances, Throttle WAITING ones.
	Concurrency int       `json:"concurrency"`
	Throttle    int       `json:"throttle"`
	Execution   Execution `json:"execution"`
	// Tolerance is how late an instance may start under Execution none.
	Tolerance Duration     `json:"tolerance,omitempty"`
	Datasets  []Dataset    `json:"datasets,omitempty"`
	Inputs    []DataEvent  `json:"inputs,omitempty"`
	Outputs   []DataEvent  `json:"outputs,omitempty"`
	Params    []CoordParam `json:"params,omitempty"`
	Range     Range        `json:"range"`
	// Bundle names the bundle the coordinator belongs to; KickOff, its
	// kick-off time: nominal times before it are not materialised.
	Bundle  string     `json:"bundle,omitempty"`
	KickOff *time.Time `json:"kick_off,omitempty"`
}

// Execution orders which READY instance runs next.
type Execution string

// The execution orders (Oozie's FIFO, LIFO, LAST_ONLY, NONE).
const (
	ExecFIFO     Execution = "fifo"
	ExecLIFO     Execution = "lifo"
	ExecLastOnly Execution = "last_only"
	ExecNone     Execution = "none"
)

// FreqUnit is a frequency's unit.
type FreqUnit string

// The frequency units. Minutes are fixed durations; days and months follow
// the time zone's calendar (02:00 stays 02:00 local across DST); the
// end_of_ variants start at the end of the initial time's day, week
// (Sunday) or month; cron is a five-field expression matched against the
// time zone's wall clock.
const (
	FreqSeconds     FreqUnit = "seconds"
	FreqMinutes     FreqUnit = "minutes"
	FreqDays        FreqUnit = "days"
	FreqMonths      FreqUnit = "months"
	FreqEndOfDays   FreqUnit = "end_of_days"
	FreqEndOfMonths FreqUnit = "end_of_months"
	FreqEndOfWeeks  FreqUnit = "end_of_weeks"
	FreqCron        FreqUnit = "cron"
)

// Frequency is how often a coordinator fires or a dataset produces an
// instance: N units, or a cron expression.
type Frequency struct {
	Unit FreqUnit `json:"unit"`
	N    int      `json:"n,omitempty"`
	Cron string   `json:"cron,omitempty"`
}

// String renders the frequency as written in HCL.
func (f Frequency) String() string {
	if f.Unit == FreqCron {
		return fmt.Sprintf("cron(%q)", f.Cron)
	}
	return fmt.Sprintf("%s(%d)", f.Unit, f.N)
}

// Dataset is a series of directories, one per time instance.
type Dataset struct {
	Name string `json:"name"`
	// URI is a template with {YEAR} {MONTH} {DAY} {HOUR} {MINUTE}.
	URI       string    `json:"uri"`
	Frequency Frequency `json:"frequency"`
	Initial   time.Time `json:"initial_instance"`
	TimeZone  string    `json:"time_zone"`
	// DoneFlag is the file whose presence says an instance is complete;
	// "" means the directory itself is enough.
	DoneFlag string `json:"done_flag"`
	Range    Range  `json:"range"`
}

// InstanceFn is how a data event picks instances.
type InstanceFn string

// The instance functions: current(n) counts dataset instances from the one
// the nominal time falls in; latest(n) counts available instances back from
// the newest one that exists when the instance starts; future(n, limit)
// counts available instances forward from current(0), among the limit
// instances from it (Oozie's coord:future); absolute(time) is the
// dataset's instance at a fixed time, the start of a range that ends at a
// current(n) (Oozie's coord:absolute); start_of_day(n), start_of_week(n)
// and start_of_month(n) are the dataset's instance at the start of the
// day, week (Sunday) or month n such periods from the one the nominal
// time falls in, in the dataset's zone, also a range's start (Oozie's
// coord:endOfDays(n-1) and its siblings as a start-instance).
const (
	Current      InstanceFn = "current"
	Latest       InstanceFn = "latest"
	Future       InstanceFn = "future"
	Absolute     InstanceFn = "absolute"
	StartOfDay   InstanceFn = "start_of_day"
	StartOfWeek  InstanceFn = "start_of_week"
	StartOfMonth InstanceFn = "start_of_month"
)

// RangeStart reports whether fn names one instance by a time (fixed, or
// computed from the nominal time) and may only start a range that ends at
// a current(n): absolute and the start_of_* functions.
func (fn InstanceFn) RangeStart() bool {
	switch fn {
	case Absolute, StartOfDay, StartOfWeek, StartOfMonth:
		return true
	}
	return false
}

// InstanceRef is one of the instance functions with its arguments.
type InstanceRef struct {
	Fn InstanceFn `json:"fn"`
	N  int        `json:"n"`
	// Limit is future's look-ahead: how many instances from current(0)
	// it looks at.
	Limit int `json:"limit,omitempty"`
	// Time is absolute's instance time.
	Time *time.Time `json:"time,omitempty"`
}

// String renders the reference as written in HCL.
func (r InstanceRef) String() string {
	switch r.Fn {
	case Future:
		return fmt.Sprintf("%s(%d, %d)", r.Fn, r.N, r.Limit)
	case Absolute:
		if r.Time != nil {
			return fmt.Sprintf("%s(%q)", r.Fn, r.Time.UTC().Format(time.RFC3339))
		}
	}
	return fmt.Sprintf("%s(%d)", r.Fn, r.N)
}

// DataEvent is an input or output: one instance (From == To) or a range of
// instances of a dataset.
type DataEvent struct {
	Name    string      `json:"name"`
	Dataset string      `json:"dataset"`
	From    InstanceRef `json:"from"`
	To      InstanceRef `json:"to"`
	// Min, for inputs, is how many instances of the range must be
	// available for the input to be ready (0: all of them).
	Min   int   `json:"min,omitempty"`
	Range Range `json:"range"`
}

// CoordParam is a parameter the coordinator passes to its workflow: a value
// known when compiling, or an expression over the instance (coord.*)
// evaluated when the instance starts its workflow.
type CoordParam struct {
	Name  string          `json:"name"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value,omitempty"`
	Expr  *Expr           `json:"expr,omitempty"`
}

// Bundle is a set of coordinators operated as one.
type Bundle struct {
	FormatVersion int    `json:"format_version"`
	Name          string `json:"name"`
	Source        string `json:"source"`
	// KickOff is when the bundle's coordinators begin materialising:
	// nominal times before it are not run.
	KickOff      *time.Time     `json:"kick_off,omitempty"`
	Coordinators []*Coordinator `json:"coordinators"`
	Range        Range          `json:"range"`
}

// Marshal renders the coordinator as indented JSON.
func (c *Coordinator) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
