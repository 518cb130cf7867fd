package oozie

import (
	"fmt"
	"strconv"
	"strings"
)

// valKind is what an HCL expression evaluates to, as far as the translator
// knows: EL converts between strings and numbers where HCL's == does not,
// so comparisons need it.
type valKind int

const (
	kAny valKind = iota
	kStr
	kNum
	kBool
)

// hexpr is a translated expression: HCL source with its precedence, or a
// string template (parts) when it builds a string from pieces.
type hexpr struct {
	src   string
	kind  valKind
	prec  int  // HCL binding strength: 0 conditional ... 7 unary, 9 atom
	lit   bool // a literal (string, number, bool)
	litV  string
	parts []part // set for templates: concat, text with ${...}
	// look is set for an action's output key (wf:actionData('a')['k']):
	// Oozie's map gives null for a key the action did not print, which EL
	// reads as "", 0 or false; HCL's lookup takes that default.
	look *lookupKey
}

type lookupKey struct{ m, key string }

// lookupSrc is an output key read with def for a missing key.
func (l *lookupKey) src(def string) string {
	return "lookup(" + l.m + ", " + l.key + ", " + def + ")"
}

// toNumber is tonumber(x); a missing output key is 0, as EL reads null.
func toNumber(x hexpr) hexpr {
	if x.look != nil {
		return hexpr{src: "tonumber(" + x.look.src(`"0"`) + ")", kind: kNum, prec: atom}
	}
	return hexpr{src: "tonumber(" + x.hcl() + ")", kind: kNum, prec: atom}
}

// toBool is tobool(x); a missing output key is false, as EL reads null.
func toBool(x hexpr) hexpr {
	if x.look != nil {
		return hexpr{src: "tobool(" + x.look.src(`"false"`) + ")", kind: kBool, prec: atom}
	}
	return hexpr{src: "tobool(" + x.hcl() + ")", kind: kBool, prec: atom}
}

type part struct {
	lit  string
	expr *hexpr
}

const atom = 9

// hcl renders the expression as HCL source.
func (h hexpr) hcl() string {
	if h.parts == nil {
		return h.src
	}
	return renderTemplate(h.parts)
}

func renderTemplate(parts []part) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, p := range parts {
		if p.expr == nil {
			lit := escapeTemplate(p.lit)
			// A literal $ or % right before an interpolation would turn
			// it into the escape $${ or %%{: write that one as a string.
			if i+1 < len(parts) && parts[i+1].expr != nil {
				if run := len(lit) - len(strings.TrimRight(lit, "$%")); run > 0 {
					lit = lit[:len(lit)-run] + `${"` + lit[len(lit)-run:] + `"}`
				}
			}
			b.WriteString(lit)
		} else {
			b.WriteString("${" + p.expr.hcl() + "}")
		}
	}
	b.WriteByte('"')
	return b.String()
}

// quote is s as an HCL quoted string that means exactly s.
func quote(s string) string { return `"` + escapeTemplate(s) + `"` }

func escapeTemplate(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '"':
			b.WriteString(`\"`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{':
			b.WriteByte(c)
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func strLit(s string) hexpr { return hexpr{src: quote(s), kind: kStr, prec: atom, lit: true, litV: s} }

// resolver answers a variable for the translator: ${name} and
// wf:conf('name') in a workflow become parameters; in a coordinator,
// properties' values.
type resolver func(name string) (hexpr, error)

// translator turns EL trees into HCL for one context.
type translator struct {
	coord bool // coordinator context: coord:* functions are allowed
	vars  resolver
	// known says whether a property of that name is set; Oozie's own
	// constants (KB, RECORDS, ...) give way to it.
	known func(name string) bool
	// event says whether a coordinator declares an input ("dataIn") or
	// output ("dataOut") event of that name.
	event func(fn, name string) bool
	// node maps an action's Oozie name to its HCL name (workflows).
	node func(name string) (string, error)
	// static is set while translating a value howdah needs when it
	// compiles the workflow (files, archives): wf:user() becomes the
	// parameter user.name is, and staticUser says it did.
	// tzOffset is coord:tzOffset() of the event being translated: the
	// minutes its dataset's zone is ahead of the coordinator's, when that
	// is the same all year.
	tzOffset func() (int, error)
	// utc is set when the coordinator's timezone is UTC (or it is written
	// so): Oozie's date functions work in UTC, which is then the default.
	utc bool
	// step is the frequency of the event's dataset, for coord:offset:
	// its count and its unit, "minute", "day" or "month".
	step func() (int, string, error)
	// rangeStart is set while translating an event's start-instance,
	// where coord:endOfDays(n) and its siblings name the instance at the
	// start of a day, week or month.
	rangeStart         bool
	static, staticUser bool
	param              func(name string) hexpr
}

// untranslated is the error for EL with no HCL equivalent.
type untranslated struct{ what string }

func (u untranslated) Error() string { return u.what }

// elConstants are the names Oozie's EL defines itself.
var elConstants = map[string]hexpr{
	"KB": {src: "1024", kind: kNum, prec: atom, lit: true, litV: "1024"},
	"MB": {src: "1048576", kind: kNum, prec: atom, lit: true, litV: "1048576"},
	"GB": {src: "1073741824", kind: kNum, prec: atom, lit: true, litV: "1073741824"},
	"TB": {src: "1099511627776", kind: kNum, prec: atom, lit: true, litV: "1099511627776"},
	"PB": {src: "1125899906842624", kind: kNum, prec: atom, lit: true, litV: "1125899906842624"},
}

// counterConstants are hadoop:counters' key names (RECORDS, MAP_IN, ...).
var counterConstants = []string{"RECORDS", "MAP_IN", "MAP_OUT", "REDUCE_IN", "REDUCE_OUT", "GROUPS"}

func (t *translator) tr(n elNode) (hexpr, error) {
	switch n := n.(type) {
	case elString:
		return strLit(n.v), nil
	case elNumber:
		if _, err := strconv.ParseFloat(n.v, 64); err != nil {
			return hexpr{}, fmt.Errorf("%q is not a number", n.v)
		}
		return hexpr{src: n.v, kind: kNum, prec: atom, lit: true, litV: n.v}, nil
	case elBool:
		return hexpr{src: strconv.FormatBool(n.v), kind: kBool, prec: atom, lit: true, litV: strconv.FormatBool(n.v)}, nil
	case elNull:
		return hexpr{src: "null", prec: atom}, nil
	case elVar:
		return t.variable(n.name)
	case elCall:
		return t.call(n)
	case elIndex:
		return t.index(n)
	case elUnary:
		x, err := t.tr(n.x)
		if err != nil {
			return hexpr{}, err
		}
		switch n.op {
		case "empty":
			s := x.hcl()
			if x.prec < atom {
				s = "(" + s + ")"
			}
			return hexpr{src: "(" + s + " == null || " + s + ` == "")`, kind: kBool, prec: atom}, nil
		case "-":
			return hexpr{src: "-" + wrap(x, 7), kind: kNum, prec: 7}, nil
		default:
			return hexpr{src: "!" + wrap(boolean(x), 7), kind: kBool, prec: 7}, nil
		}
	case elBinary:
		return t.binary(n)
	case elCond:
		c, err := t.tr(n.c)
		if err != nil {
			return hexpr{}, err
		}
		a, err := t.tr(n.a)
		if err != nil {
			return hexpr{}, err
		}
		b, err := t.tr(n.b)
		if err != nil {
			return hexpr{}, err
		}
		k := a.kind
		if b.kind != k {
			k = kAny
		}
		return hexpr{src: wrap(c, 1) + " ? " + wrap(a, 1) + " : " + wrap(b, 0), kind: k, prec: 0}, nil
	}
	return hexpr{}, fmt.Errorf("unknown expression")
}

// wrap renders x, in parentheses when it binds looser than prec.
func wrap(x hexpr, prec int) string {
	s := x.hcl()
	if x.prec < prec {
		return "(" + s + ")"
	}
	return s
}

var binaryPrec = map[string]int{"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}

func (t *translator) binary(n elBinary) (hexpr, error) {
	l, err := t.tr(n.l)
	if err != nil {
		return hexpr{}, err
	}
	r, err := t.tr(n.r)
	if err != nil {
		return hexpr{}, err
	}
	p := binaryPrec[n.op]
	kind := kNum
	switch n.op {
	case "||", "&&":
		kind = kBool
		l, r = boolean(l), boolean(r)
	case "==", "!=":
		kind = kBool
		l, r = coerceEqual(l, r)
	case "<", ">", "<=", ">=":
		// HCL converts numeric strings here itself; tonumber says so.
		kind = kBool
		l, r = numeric(l), numeric(r)
	}
	return hexpr{src: wrap(l, p) + " " + n.op + " " + wrap(r, p+1), kind: kind, prec: p}, nil
}

// coerceEqual makes an EL comparison mean the same in HCL: EL compares a
// number with a string numerically, HCL's == says false for different
// types.
func coerceEqual(l, r hexpr) (hexpr, hexpr) {
	fix := func(num, other hexpr) hexpr {
		switch {
		case other.kind == kNum:
			return other
		case other.lit && other.kind == kStr:
			if _, err := strconv.ParseFloat(strings.TrimSpace(other.litV), 64); err == nil {
				v := strings.TrimSpace(other.litV)
				return hexpr{src: v, kind: kNum, prec: atom, lit: true, litV: v}
			}
			return other
		case other.src == "null":
			return other
		default:
			return toNumber(other)
		}
	}
	fixBool := func(other hexpr) hexpr {
		if other.kind == kBool || other.src == "null" {
			return other
		}
		if other.lit && (other.litV == "true" || other.litV == "false") {
			return hexpr{src: other.litV, kind: kBool, prec: atom, lit: true, litV: other.litV}
		}
		return toBool(other)
	}
	switch {
	case l.kind == kNum && r.kind != kNum:
		r = fix(l, r)
	case r.kind == kNum && l.kind != kNum:
		l = fix(r, l)
	case l.kind == kBool && r.kind != kBool:
		r = fixBool(r)
	case r.kind == kBool && l.kind != kBool:
		l = fixBool(l)
	}
	return l, r
}

// boolean makes an operand of && || ! a bool: EL reads "true" as true.
func boolean(x hexpr) hexpr {
	switch {
	case x.kind == kBool:
		return x
	case x.lit:
		v := strconv.FormatBool(strings.EqualFold(strings.TrimSpace(x.litV), "true"))
		return hexpr{src: v, kind: kBool, prec: atom, lit: true, litV: v}
	}
	return toBool(x)
}

// numeric makes a relational operand visibly a number.
func numeric(x hexpr) hexpr {
	switch {
	case x.kind == kNum:
		return x
	case x.lit && x.kind == kStr:
		if _, err := strconv.ParseFloat(strings.TrimSpace(x.litV), 64); err == nil {
			v := strings.TrimSpace(x.litV)
			return hexpr{src: v, kind: kNum, prec: atom, lit: true, litV: v}
		}
		return x
	}
	return toNumber(x)
}

func (t *translator) variable(name string) (hexpr, error) {
	if !t.coord && name == "user.name" {
		return t.user()
	}
	if t.known == nil || !t.known(name) {
		if c, ok := elConstants[name]; ok {
			return c, nil
		}
		for _, c := range counterConstants {
			if name == c {
				return strLit(c), nil
			}
		}
	}
	return t.vars(name)
}

func (t *translator) index(n elIndex) (hexpr, error) {
	x, err := t.tr(n.x)
	if err != nil {
		return hexpr{}, err
	}
	k, err := t.tr(n.key)
	if err != nil {
		return hexpr{}, err
	}
	kind := kAny
	if strings.HasSuffix(x.src, ".output") {
		kind = kStr
	}
	if strings.Contains(x.src, ".counters[") {
		kind = kNum
	}
	if strings.HasSuffix(x.src, ".output") && strings.HasPrefix(x.src, "action.") {
		l := &lookupKey{m: x.src, key: k.hcl()}
		return hexpr{src: l.src(`""`), kind: kind, prec: atom, look: l}, nil
	}
	return hexpr{src: wrap(x, atom) + "[" + k.hcl() + "]", kind: kind, prec: atom}, nil
}

// isIdentifier reports whether s is an HCL identifier (which may hold '-').
func isIdentifier(s string) bool {
	if s == "" || !(s[0] == '_' || s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// mangle makes an Oozie name (a property, an event) an HCL identifier:
// characters other than letters, digits, '_' and '-' become '_'.
func mangle(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" || !(s[0] == '_' || s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "_" + s
	}
	return s
}

// textResult is a translated piece of text: HCL source, and when some EL
// in it had no translation, what (the caller keeps the original as a
// comment and reports it).
type textResult struct {
	hcl     string
	kind    valKind
	problem string
}

// template translates text holding ${...} into an HCL value: a bare
// expression when the text is one expression, else a string template.
// Text whose EL cannot be translated comes back as the literal text (its
// ${ escaped) with the reason in problem.
func (t *translator) template(text string) textResult {
	h, err := t.templateExpr(text)
	if err != nil {
		return textResult{hcl: quote(text), kind: kStr, problem: problemText(err)}
	}
	return textResult{hcl: h.hcl(), kind: h.kind}
}

func problemText(err error) string {
	if u, ok := err.(untranslated); ok {
		return u.what
	}
	return "not understood: " + err.Error()
}

func (t *translator) templateExpr(text string) (hexpr, error) {
	segs, err := splitEL(text)
	if err != nil {
		return hexpr{}, err
	}
	if len(segs) == 1 && segs[0].isEL {
		n, err := parseEL(segs[0].el)
		if err != nil {
			return hexpr{}, err
		}
		return t.tr(n)
	}
	var xs []hexpr
	for _, s := range segs {
		if !s.isEL {
			xs = append(xs, strLit(s.lit))
			continue
		}
		n, err := parseEL(s.el)
		if err != nil {
			return hexpr{}, err
		}
		h, err := t.tr(n)
		if err != nil {
			return hexpr{}, err
		}
		xs = append(xs, h)
	}
	if len(xs) == 0 {
		return strLit(""), nil
	}
	c := concatParts(xs...)
	if len(c.parts) == 1 && c.parts[0].expr == nil {
		return strLit(c.parts[0].lit), nil
	}
	return c, nil
}

// predicate translates a decision case's text to a bool expression.
func (t *translator) predicate(text string) textResult {
	h, err := t.templateExpr(text)
	if err != nil {
		return textResult{hcl: "false", kind: kBool, problem: problemText(err)}
	}
	switch {
	case h.kind == kBool:
		return textResult{hcl: h.hcl(), kind: kBool}
	case h.lit:
		return textResult{hcl: strconv.FormatBool(h.litV == "true"), kind: kBool}
	}
	// Oozie compares the text with "true".
	return textResult{hcl: wrap(h, 4) + ` == "true"`, kind: kBool}
}

// user is wf:user() (and ${user.name}) in a workflow: the run's user, or
// in a value needed at compile time the parameter user.name.
func (t *translator) user() (hexpr, error) {
	if t.static && t.param != nil {
		t.staticUser = true
		return t.param("user.name"), nil
	}
	return hexpr{src: "wf.user", kind: kStr, prec: atom}, nil
}
