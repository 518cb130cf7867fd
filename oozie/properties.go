package oozie

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// property is one job.properties or configuration entry and where it is.
type property struct {
	name, value string
	at          Location
}

// properties is an ordered set of properties; a later set wins.
type properties struct {
	order []string
	vals  map[string]property
}

func newProperties() *properties { return &properties{vals: map[string]property{}} }

func (p *properties) set(pr property) {
	if _, ok := p.vals[pr.name]; !ok {
		p.order = append(p.order, pr.name)
	}
	p.vals[pr.name] = pr
}

func (p *properties) get(name string) (property, bool) {
	if p == nil {
		return property{}, false
	}
	pr, ok := p.vals[name]
	return pr, ok
}

// merge returns p overlaid with q (q wins).
func (p *properties) merge(q *properties) *properties {
	out := newProperties()
	for _, s := range []*properties{p, q} {
		if s == nil {
			continue
		}
		for _, n := range s.order {
			out.set(s.vals[n])
		}
	}
	return out
}

// readProperties reads a Java properties file (job.properties): key=value,
// key: value or key value lines, # and ! comments, backslash line
// continuations and escapes.
func readProperties(file string) (*properties, error) {
	data, err := readFile(file)
	if err != nil {
		return nil, err
	}
	return parseProperties(file, string(data))
}

func parseProperties(file, data string) (*properties, error) {
	out := newProperties()
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	for i, l := range lines {
		// HCL strings are Unicode: bytes that are not UTF-8 have no
		// translation (Java's ISO-8859-1 default is not guessed at).
		if !utf8.ValidString(l) {
			return nil, &Error{File: file, Line: i + 1, Col: 1 + invalidAt(l), Msg: "not UTF-8 text: save job.properties as UTF-8 (or write other characters as escapes: \\u00e9 for é)"}
		}
	}
	for i := 0; i < len(lines); i++ {
		start := i + 1
		line := strings.TrimLeft(lines[i], " \t\f")
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		for continued(line) && i+1 < len(lines) {
			i++
			line = line[:len(line)-1] + strings.TrimLeft(lines[i], " \t\f")
		}
		key, val, err := splitProperty(line)
		if err != nil {
			return nil, &Error{File: file, Line: start, Col: 1, Msg: err.Error()}
		}
		out.set(property{name: key, value: val, at: Location{File: file, Line: start}})
	}
	return out, nil
}

// continued reports whether a line ends with an odd number of backslashes.
func continued(line string) bool {
	n := 0
	for i := len(line) - 1; i >= 0 && line[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

func splitProperty(line string) (string, string, error) {
	var key strings.Builder
	i := 0
	for ; i < len(line); i++ {
		c := line[i]
		if c == '\\' && i+1 < len(line) {
			i++
			r, n, err := unescape(line[i:])
			if err != nil {
				return "", "", err
			}
			key.WriteString(r)
			i += n - 1
			continue
		}
		if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' {
			break
		}
		key.WriteByte(c)
	}
	rest := strings.TrimLeft(line[i:], " \t\f")
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	var val strings.Builder
	for j := 0; j < len(rest); j++ {
		if rest[j] == '\\' && j+1 < len(rest) {
			r, n, err := unescape(rest[j+1:])
			if err != nil {
				return "", "", err
			}
			val.WriteString(r)
			j += n
			continue
		}
		val.WriteByte(rest[j])
	}
	return key.String(), val.String(), nil
}

// unescape reads one escape (after the backslash) and says how many bytes
// it used.
func unescape(s string) (string, int, error) {
	switch s[0] {
	case 't':
		return "\t", 1, nil
	case 'n':
		return "\n", 1, nil
	case 'r':
		return "\r", 1, nil
	case 'f':
		return "\f", 1, nil
	case 'u':
		if len(s) < 5 {
			return "", 0, fmt.Errorf("malformed \\u escape")
		}
		n, err := strconv.ParseUint(s[1:5], 16, 16)
		if err != nil {
			return "", 0, fmt.Errorf("malformed \\u escape %q", s[:5])
		}
		return string(rune(n)), 5, nil
	}
	return s[:1], 1, nil
}

// configurationProperties reads a <configuration> element's properties
// (config-default.xml, a job-xml file, an action's configuration).
func configurationProperties(conf *element) *properties {
	out := newProperties()
	if conf == nil {
		return out
	}
	for _, p := range conf.kids("property") {
		out.set(property{name: p.kidText("name"), value: p.kidText("value"), at: p.at()})
	}
	return out
}

// maxResolved bounds a property's expanded value.
const maxResolved = 64 << 10

// resolve expands ${name} references among the properties themselves, as
// Oozie's client does for job.properties. It returns the value and the
// names it could not resolve.
func (p *properties) resolve(value string) (string, []string) {
	var missing []string
	out := value
	for depth := 0; depth < 20 && strings.Contains(out, "${"); depth++ {
		segs, err := splitEL(out)
		if err != nil {
			return out, append(missing, out)
		}
		var b strings.Builder
		changed := false
		for _, s := range segs {
			if !s.isEL {
				b.WriteString(strings.ReplaceAll(s.lit, "${", "\\${"))
				continue
			}
			name := strings.TrimSpace(s.el)
			if pr, ok := p.get(name); ok {
				b.WriteString(pr.value)
				changed = true
				continue
			}
			missing = append(missing, name)
			b.WriteString("\\${" + s.el + "}")
		}
		out = b.String()
		if len(out) > maxResolved {
			// Properties that double at each level would fill memory.
			return value, append(missing, fmt.Sprintf("(a value expanding past %d bytes)", maxResolved))
		}
		if !changed {
			break
		}
	}
	return strings.ReplaceAll(out, "\\${", "${"), missing
}

// invalidAt is the byte offset of the first invalid UTF-8 sequence in s.
func invalidAt(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return i
			}
		}
	}
	return len(s)
}
