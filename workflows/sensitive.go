package workflows

import (
	"slices"

	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// redaction is the run's secrets: the sensitive values every message is
// redacted of (the plan's, a caller's, the values derived from them), and
// that actions are given to redact theirs.
type redaction struct {
	secrets  []string
	redactor *plan.Redactor
}

// redact is s without the run's sensitive values.
func (r *run) redact(s string) string { return r.redactor.String(s) }

// unmark is v without marks; what of it derived from a sensitive value
// becomes one of the run's secrets, redacted from then on.
func (r *run) unmark(v cty.Value) cty.Value {
	v, derived := expr.Unmark(v)
	r.addSecrets(derived)
	return v
}

// addSecrets adds values to redact.
func (r *run) addSecrets(values []string) {
	added := false
	for _, s := range values {
		if s != "" && !slices.Contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
			added = true
		}
	}
	if added {
		r.redactor = plan.NewRedactor(r.secrets)
	}
}
