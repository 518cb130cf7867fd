package graph

import (
	"fmt"
	"strings"

	"github.com/howdah/howdah/plan"
)

// Mermaid renders w as a Mermaid flowchart (GitHub renders these in
// Markdown). Dotted arrows are implied transitions.
func Mermaid(w *plan.Workflow) string {
	var b strings.Builder
	es := edges(w)
	u := used(w, es)
	ids := map[string]string{}
	for i, n := range w.Nodes {
		ids[n.Name] = fmt.Sprintf("n%d", i)
	}
	b.WriteString("flowchart TD\n")
	b.WriteString("  start((start))\n")
	for i := range w.Nodes {
		n := &w.Nodes[i]
		if !u[n.Name] {
			continue
		}
		name, detail := nodeLabel(n)
		label := name
		if detail != "" {
			label += "<br/><small>" + detail + "</small>"
		}
		open, close := mermaidShape(n)
		fmt.Fprintf(&b, "  %s%s\"%s\"%s\n", ids[n.Name], open, mermaidEscape(label), close)
	}
	fmt.Fprintf(&b, "  start --> %s\n", ids[w.Start])
	for _, e := range es {
		arrow := "-->"
		if e.style == impliedEdge || e.style == impliedErrorEdge {
			arrow = "-.->"
		} else if e.style == branchEdge {
			arrow = "==>"
		}
		if e.label == "" {
			fmt.Fprintf(&b, "  %s %s %s\n", ids[e.from], arrow, ids[e.to])
		} else {
			fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", ids[e.from], arrow, mermaidEscape(e.label), ids[e.to])
		}
	}
	for i := range w.Nodes {
		n := &w.Nodes[i]
		if u[n.Name] && n.Kind == plan.KindKill {
			fmt.Fprintf(&b, "  style %s stroke:#c00\n", ids[n.Name])
		}
	}
	return b.String()
}

func mermaidShape(n *plan.Node) (string, string) {
	switch n.Kind {
	case plan.KindDecision:
		return "{", "}"
	case plan.KindFork, plan.KindJoin:
		return "[[", "]]"
	case plan.KindKill:
		return "{{", "}}"
	case plan.KindEnd:
		return "(((", ")))"
	}
	return "(", ")"
}

// mermaidEscape makes text safe inside a quoted Mermaid label.
func mermaidEscape(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "\n", "<br/>")
	return r.Replace(s)
}
