package dsl

import (
	"testing"
	"time"
)

// on_failure and hold_timeout come from defaults and are overridden per
// action.
func TestHoldSettings(t *testing.T) {
	res := CompileSource("hold.hcl", []byte(`workflow "h" {
  defaults {
    on_failure   = "hold"
    hold_timeout = "4h"
  }
  action "inherits" {
    shell { argv = ["true"] }
  }
  action "shorter" {
    shell { argv = ["true"] }
    hold_timeout = "10m"
  }
  action "never" {
    shell { argv = ["true"] }
    on_failure = "error"
  }
}`), Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	w := res.Plan
	for name, want := range map[string]time.Duration{"inherits": 4 * time.Hour, "shorter": 10 * time.Minute} {
		if h := w.Node(name).Action.Hold; h == nil || time.Duration(h.Timeout) != want {
			t.Errorf("%s: hold %+v, want timeout %s", name, h, want)
		}
	}
	if h := w.Node("never").Action.Hold; h != nil {
		t.Errorf("never: hold %+v, want none", h)
	}
	// The defaults' hold is not shared: changing one action's leaves the
	// others alone.
	if w.Node("inherits").Action.Hold == w.Node("shorter").Action.Hold {
		t.Error("actions share one Hold")
	}
}
