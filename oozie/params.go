package oozie

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/fspath"
	"golang.org/x/text/unicode/norm"
)

// wparam is a workflow parameter the import declares: one of <parameters>,
// or a variable the workflow uses (${name}, wf:conf('name')).
type wparam struct {
	orig, name string // Oozie's name, the HCL one
	def        string
	hasDef     bool
	desc       string
	sensitive  bool
	num        bool     // the default is an integer: type = number
	defAt      Location // where the default is written
	within     string   // the directory the value stays below (deleteBounds)
}

// variable declares (once) the parameter an Oozie variable becomes.
func (w *workflowTranslator) variable(name string) (hexpr, error) {
	p := w.param(name, nil)
	k := kStr
	if p.num {
		k = kNum
	}
	return hexpr{src: "param." + p.name, kind: k, prec: atom}, nil
}

// nodeName is Oozie's rule for node names; howdah's is the same.
var nodeName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_-]{0,99}$`)

var canonicalInt = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,14})$`)

func (w *workflowTranslator) param(orig string, decl *element) *wparam {
	if p, ok := w.byOrig[orig]; ok {
		return p
	}
	name := mangle(orig)
	if orig == appPathVar {
		name = "app_path"
	}
	for i := 2; w.byName[name] != nil; i++ {
		name = fmt.Sprintf("%s_%d", mangle(orig), i)
	}
	p := &wparam{orig: orig, name: name}
	if decl != nil {
		if v := decl.kid("value"); v != nil {
			p.def, p.hasDef, p.defAt = v.text(), true, v.at()
			if strings.Contains(p.def, "${") {
				// A <parameters> default that uses other variables.
				r, missing := w.a.props.resolve(p.def)
				if len(missing) > 0 {
					w.im.report.add(decl.at(), KindDifference, "the default of %s uses %s, which howdah parameter defaults cannot: parameter %q is required", orig, strings.Join(dedupe(missing), ", "), name)
					p.hasDef = false
				} else {
					p.def = r
				}
			}
		}
		p.desc = decl.kidText("description")
	}
	if pr, ok := w.a.props.get(orig); ok {
		v, missing := w.a.props.resolve(pr.value)
		if len(missing) == 0 {
			p.def, p.hasDef, p.defAt = v, true, pr.at
		} else {
			w.im.report.add(pr.at, KindDifference, "%s = %s refers to %s, which only Oozie's client sets: parameter %q is required", orig, pr.value, strings.Join(dedupe(missing), ", "), name)
		}
	}
	p.num = p.hasDef && canonicalInt.MatchString(p.def)
	w.byOrig[orig], w.byName[name] = p, p
	w.params = append(w.params, p)
	return p
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// val translates text holding EL; when some of it has no translation, the
// text is kept literally, the original goes into the returned note and the
// report has a line for it.
func (w *workflowTranslator) val(text string, at Location) (string, string) {
	return translateValue(&w.tr, &w.im.report, text, at)
}

// translateValue is val for any translator: HCL for text, and a note
// (with a report line) when some EL in it was kept as text.
func translateValue(tr *translator, report *Report, text string, at Location) (string, string) {
	checkNFC(report, text, at)
	r := tr.template(text)
	if r.problem == "" {
		return r.hcl, ""
	}
	report.add(at, KindExpression, "%s: kept as text", r.problem)
	return r.hcl, "Oozie: " + text
}

// vals translates a list of texts.
func (w *workflowTranslator) vals(texts []string, at Location) (string, string) {
	out := make([]string, len(texts))
	var notes []string
	for i, t := range texts {
		var n string
		out[i], n = w.val(t, at)
		if n != "" {
			notes = append(notes, n)
		}
	}
	return list(out), strings.Join(notes, "; ")
}

// checkDelete reports a delete path howdah's delete guard will refuse or
// bound: one that starts with a variable, which a coordinator may pass at
// run time (its output directory), or with a value only known at run time
// (a captured output), so no fixed directory keeps it from resolving to
// "/". A variable a coordinator sets from a dataset gets the directory of
// that dataset's instances as its within.
func (w *workflowTranslator) checkDelete(text string, at Location) {
	h, err := w.tr.templateExpr(text)
	if err != nil {
		return
	}
	first := h
	if h.parts != nil {
		if h.parts[0].expr == nil {
			return // a fixed prefix; the compiler checks the rest
		}
		first = *h.parts[0].expr
	} else if h.lit {
		return
	}
	name, isParam := strings.CutPrefix(first.src, "param.")
	p := w.byName[name]
	if !isParam || p == nil {
		w.im.report.add(at, KindDifference, "delete %s starts with a value only known at run time: howdah deletes only below a fixed directory (docs/language.md, \"the delete guard\"), so the workflow does not validate until the path names one, e.g. \"/data/out/${...}\"", text)
		return
	}
	bound, fromCoordinator := w.f.bounds[p.orig]
	if bound != "" && p.hasDef && fspath.CheckAtOrBelow(bound, p.def) != nil {
		w.im.report.add(at, KindDifference, "delete %s: a coordinator passes ${%s} from a dataset below %s, but its default %q is not below it: no bound is declared, so the coordinator's workflow does not validate until parameter %q declares one (within)", text, p.orig, bound, p.def, p.name)
		return
	}
	switch {
	case bound != "":
		if p.within == "" {
			w.im.report.add(at, KindDifference, "delete %s: a coordinator passes ${%s} from a dataset whose instances lie below %s, so parameter %q declares within = %q; howdah refuses a value outside it, and deletes only below it", text, p.orig, bound, p.name, bound)
		}
		p.within = bound
	case fromCoordinator:
		w.im.report.add(at, KindDifference, "delete %s: a coordinator passes ${%s} from a dataset whose fixed directory is not known when importing, so howdah's delete guard refuses the delete there until parameter %q declares the directory the value stays below, e.g. param %q { within = \"/data/out\" } (docs/language.md, \"the delete guard\")", text, p.orig, p.name, p.name)
	case !p.hasDef:
		w.im.report.add(at, KindDifference, "delete %s starts with parameter %q, which has no default: a value given with -p or --params is checked like a fixed path, but when a coordinator or a parent workflow passes it at run time howdah refuses the delete until the parameter declares the directory it stays below, e.g. param %q { within = \"/data/out\" } (docs/language.md, \"the delete guard\")", text, p.name, p.name)
	}
}

// literal resolves text against the properties only, for what howdah
// needs at compile time (retry counts, names).
func (w *workflowTranslator) literal(text string, at Location) (string, bool) {
	checkNFC(&w.im.report, text, at)
	v, missing := w.a.props.resolve(text)
	if len(missing) > 0 {
		w.im.report.add(at, KindExpression, "%q must be known when importing, and it needs %s", text, missingText(dedupe(missing)))
		return v, false
	}
	return v, true
}

// checkNFC reports text that is not in Unicode normal form C: HCL
// normalizes every string to NFC, so such a value (a path written on a
// Mac, say) would name something else once imported.
func checkNFC(report *Report, text string, at Location) {
	if !norm.NFC.IsNormalString(text) {
		report.add(at, KindDifference, "%+q is not in Unicode normal form C: HCL reads every string as NFC (%+q), so the value changes", text, norm.NFC.String(text))
	}
}

var elReference = regexp.MustCompile(`\$\{\s*([^}]*?)\s*\}`)

// objectName makes the name of a workflow, coordinator or bundle: the
// text with its properties resolved, and when that is not a howdah name
// (EL nothing sets, spaces, a leading digit), a name made of it that is,
// with a report line.
func objectName(props *properties, report *Report, what, text string, at Location) string {
	checkNFC(report, text, at)
	v, missing := props.resolve(text)
	if hclsyntax.ValidIdentifier(v) {
		return v
	}
	s := strings.TrimSpace(elReference.ReplaceAllString(v, "$1"))
	s = strings.Trim(mangle(s), "_-")
	for strings.Contains(s, "__") {
		s = strings.ReplaceAll(s, "__", "_")
	}
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = what + "_" + s
	}
	why := "a howdah name is fixed text of letters, digits, _ and -, starting with a letter"
	if len(missing) > 0 {
		why = "it needs " + missingText(dedupe(missing))
	}
	report.add(at, KindDifference, "%s name %q is written as %q: %s", what, text, s, why)
	return s
}
