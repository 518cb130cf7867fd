package oozie

import (
	"fmt"
	"sort"
	"strings"
)

var nodeElements = map[string]string{"action": "action", "decision": "decision", "fork": "fork", "join": "join", "kill": "kill"}

// collect reads the workflow's top-level elements and checks names,
// transitions and cycles. It returns false when the workflow has errors.
func (w *workflowTranslator) collect() bool {
	root := w.f.root
	errs := len(w.im.errs)
	seen := map[string]*element{}
	for _, k := range root.Kids {
		if k.Space != root.Space && k.Name == "info" {
			w.im.report.add(k.at(), KindUnsupported, "SLA <%s:info> is not imported: howdah has no SLA monitoring", "sla")
			continue
		}
		switch k.Name {
		case "parameters":
			for _, p := range k.kids("property") {
				w.param(p.kidText("name"), p)
			}
			continue
		case "global":
			w.global = k
			continue
		case "credentials":
			for _, c := range k.kids("credential") {
				w.im.report.add(c.at(), KindUnsupported, "credential %q (type %s) is not imported: a howdah worker authenticates to Hadoop with its own Kerberos login (docs/hadoop.md); %s delegation tokens are not fetched", c.attrValue("name"), c.attrValue("type"), c.attrValue("type"))
			}
			continue
		case "start":
			w.start = k
			continue
		case "end":
			w.endName = k.attrValue("name")
		default:
			if nodeElements[k.Name] == "" {
				w.im.report.add(k.at(), KindUnsupported, "<%s> is not part of an Oozie workflow; ignored", k.Name)
				continue
			}
			w.nodes = append(w.nodes, k)
		}
		name := k.attrValue("name")
		if name == "" {
			w.im.errorAt(k, "<%s> has no name", k.Name)
			continue
		}
		if !nodeName.MatchString(name) {
			w.im.errorAt(k, "node name %q is not a valid Oozie node name (a letter or _, then letters, digits, - and _)", name)
			continue
		}
		if prev, ok := seen[name]; ok {
			w.im.errorAt(k, "node name %q is used twice (first at line %d)", name, prev.Line)
			continue
		}
		seen[name] = k
		if k.Name == "end" {
			w.kinds[name] = "end"
		} else {
			w.kinds[name] = k.Name
		}
	}
	if w.start == nil {
		w.im.errorAt(root, "the workflow has no <start>")
	}
	if w.endName == "" {
		w.im.errorAt(root, "the workflow has no <end>")
	}
	for _, e := range w.edges(root) {
		if _, ok := w.kinds[e.to]; !ok {
			w.im.errorAt(e.at, "transition to %q, which is not a node of this workflow", e.to)
		}
	}
	if len(w.im.errs) > errs {
		return false
	}
	w.checkCycles()
	if len(w.im.errs) > errs {
		return false
	}
	w.relabel(seen)
	w.dropUnreachable()
	w.checkForks()
	return len(w.im.errs) == errs
}

// checkForks refuses the fork shapes Oozie runs only with
// oozie.wf.validate.ForkJoin=false and howdah cannot say: a branch that
// reaches the end without passing a join (Oozie then ends the workflow and
// kills the other branches), and branches that never meet at one join.
// Error transitions out of a fork to a notification and a kill are fine.
func (w *workflowTranslator) checkForks() {
	next := map[string][]edge{}
	for _, e := range w.edges(w.f.root) {
		next[e.from] = append(next[e.from], e)
	}
	why := ""
	if p, ok := w.a.props.get("oozie.wf.validate.ForkJoin"); ok && strings.EqualFold(strings.TrimSpace(p.value), "false") {
		why = " (oozie.wf.validate.ForkJoin=false lets Oozie run it)"
	}
	joinOf := map[string]string{}
	var walk func(fork string) string
	walk = func(fork string) string {
		if j, done := joinOf[fork]; done {
			return j
		}
		joinOf[fork] = ""
		joins := map[string]bool{}
		seen := map[string]bool{}
		stack := append([]edge(nil), next[fork]...)
		for len(stack) > 0 {
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[e.to] {
				continue
			}
			seen[e.to] = true
			switch w.kinds[e.to] {
			case "join":
				joins[e.to] = true
				continue
			case "kill":
				continue
			case "end":
				w.im.errorAt(e.at, "fork %q: the transition of %q goes to the end without passing a join%s; Oozie ends the workflow there and kills the other branches, which howdah cannot say: send it to the fork's join or to a kill", fork, e.from, why)
				continue
			case "fork":
				if j := walk(e.to); j != "" {
					stack = append(stack, next[j]...)
				}
				continue
			}
			stack = append(stack, next[e.to]...)
		}
		names := make([]string, 0, len(joins))
		for j := range joins {
			names = append(names, j)
		}
		sort.Strings(names)
		switch len(names) {
		case 0:
			w.im.errorAt(w.node(fork), "fork %q: its branches never reach a join%s; howdah's branches meet at one join", fork, why)
		case 1:
			joinOf[fork] = names[0]
		default:
			w.im.errorAt(w.node(fork), "fork %q: its branches reach joins %s%s; howdah's branches meet at one join", fork, strings.Join(names, " and "), why)
		}
		return joinOf[fork]
	}
	for _, n := range w.nodes {
		if n.Name == "fork" {
			walk(n.attrValue("name"))
		}
	}
}

// node is the element of the node named name.
func (w *workflowTranslator) node(name string) *element {
	for _, n := range w.nodes {
		if n.attrValue("name") == name {
			return n
		}
	}
	return w.f.root
}

// relabel gives a new name to a node whose name howdah reserves: an
// action, decision, fork or join named fail (fail is howdah's default
// error target) and a node named end that is not the end.
func (w *workflowTranslator) relabel(seen map[string]*element) {
	for _, n := range w.nodes {
		name := n.attrValue("name")
		if !(name == "fail" && n.Name != "kill" || name == "end") {
			continue
		}
		l := name + "_" + n.Name
		for i := 2; seen[l] != nil || w.labelUsed(l); i++ {
			l = fmt.Sprintf("%s_%s_%d", name, n.Name, i)
		}
		w.labels[name] = l
		w.im.report.add(n.at(), KindDifference, "%s %q is written as %q: howdah reserves the name %s (%s)", n.Name, name, l, name, map[string]string{"fail": "the default error target", "end": "the end of the run"}[name])
	}
}

func (w *workflowTranslator) labelUsed(l string) bool {
	for _, v := range w.labels {
		if v == l {
			return true
		}
	}
	return false
}

// dropUnreachable leaves out the nodes no transition reaches from the
// start, which Oozie accepts and howdah refuses, and reports each.
func (w *workflowTranslator) dropUnreachable() {
	next := map[string][]string{}
	for _, e := range w.edges(w.f.root) {
		next[e.from] = append(next[e.from], e.to)
	}
	// A kill named fail is the error target an action's absent <error>
	// would imply; every action has one, so it is never implied here.
	reached := map[string]bool{}
	var visit func(string)
	visit = func(n string) {
		for _, to := range next[n] {
			if !reached[to] {
				reached[to] = true
				visit(to)
			}
		}
	}
	visit("")
	w.dropped = map[string]bool{}
	kept := w.nodes[:0:0]
	for _, n := range w.nodes {
		name := n.attrValue("name")
		if reached[name] {
			kept = append(kept, n)
			continue
		}
		w.dropped[name] = true
		delete(w.kinds, name)
		w.im.report.add(n.at(), KindDifference, "%s %q is never reached from <start>: Oozie accepts it, howdah refuses unreachable nodes; left out", n.Name, name)
	}
	w.nodes = kept
}

type edge struct {
	from, to string
	at       *element
}

// edges lists every transition, with the element that states it.
func (w *workflowTranslator) edges(root *element) []edge {
	var out []edge
	add := func(from string, e *element, attr string) {
		if e == nil {
			return
		}
		to, ok := e.attr(attr)
		if !ok {
			w.im.errorAt(e, "<%s> has no %s attribute", e.Name, attr)
			return
		}
		out = append(out, edge{from, to, e})
	}
	if w.start != nil {
		add("", w.start, "to")
	}
	for _, n := range w.nodes {
		name := n.attrValue("name")
		switch n.Name {
		case "action":
			kinds := 0
			for _, k := range n.Kids {
				if k.Name != "ok" && k.Name != "error" && k.Space == n.Space || k.Space != n.Space && k.Name != "info" {
					kinds++
				}
			}
			if kinds == 0 {
				w.im.errorAt(n, "action %q has no action element (map-reduce, shell, fs, ...)", name)
			}
			if n.kid("ok") == nil {
				w.im.errorAt(n, "action %q has no <ok> transition", name)
			}
			if n.kid("error") == nil {
				w.im.errorAt(n, "action %q has no <error> transition", name)
			}
			add(name, n.kid("ok"), "to")
			add(name, n.kid("error"), "to")
		case "decision":
			sw := n.kid("switch")
			if sw == nil {
				w.im.errorAt(n, "decision %q has no <switch>", name)
				continue
			}
			for _, c := range sw.kids("case") {
				add(name, c, "to")
			}
			if sw.kid("default") == nil {
				w.im.errorAt(sw, "decision %q has no <default>", name)
			}
			add(name, sw.kid("default"), "to")
		case "fork":
			for _, p := range n.kids("path") {
				add(name, p, "start")
			}
		case "join":
			add(name, n, "to")
		}
	}
	return out
}

// checkCycles reports the first cycle found as a -> b -> a, at the
// transition that closes it.
func (w *workflowTranslator) checkCycles() {
	next := map[string][]edge{}
	for _, e := range w.edges(w.f.root) {
		next[e.from] = append(next[e.from], e)
	}
	state := map[string]int{} // 1 on the path, 2 done
	var path []string
	var visit func(string) bool
	visit = func(n string) bool {
		state[n] = 1
		path = append(path, n)
		for _, e := range next[n] {
			switch state[e.to] {
			case 1:
				i := len(path) - 1
				for path[i] != e.to {
					i--
				}
				cyc := append(append([]string{}, path[i:]...), e.to)
				w.im.errorAt(e.at, "cycle: %s (Oozie workflows are acyclic)", strings.Join(cyc, " -> "))
				return true
			case 0:
				if visit(e.to) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		state[n] = 2
		return false
	}
	for _, n := range w.nodes {
		if state[n.attrValue("name")] == 0 && visit(n.attrValue("name")) {
			return
		}
	}
}
