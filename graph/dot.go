package graph

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/howdah/howdah/plan"
)

// DOT renders w as a Graphviz digraph. Solid arrows are written
// transitions, dotted ones implied; red arrows are error transitions.
func DOT(w *plan.Workflow) string {
	var b strings.Builder
	es := edges(w)
	u := used(w, es)
	fmt.Fprintf(&b, "digraph %s {\n", strconv.Quote(w.Name))
	b.WriteString("  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n")
	b.WriteString("  \"(start)\" [shape=circle, label=\"start\", style=filled, fillcolor=\"#dddddd\"];\n")
	fmt.Fprintf(&b, "  \"(start)\" -> %s;\n", strconv.Quote(w.Start))
	for i := range w.Nodes {
		n := &w.Nodes[i]
		if !u[n.Name] {
			continue
		}
		name, detail := nodeLabel(n)
		label := name
		if detail != "" {
			label += "\n" + detail
		}
		fmt.Fprintf(&b, "  %s [%s, label=%s];\n", strconv.Quote(n.Name), dotShape(n), strconv.Quote(label))
	}
	for _, e := range es {
		attrs := []string{}
		if e.label != "" {
			attrs = append(attrs, "label="+strconv.Quote(e.label))
		}
		switch e.style {
		case errorEdge:
			attrs = append(attrs, "color=red", "fontcolor=red")
		case impliedEdge:
			attrs = append(attrs, "style=dotted")
		case impliedErrorEdge:
			attrs = append(attrs, "style=dotted", "color=red", "fontcolor=red")
		case branchEdge:
			attrs = append(attrs, "style=bold")
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", strconv.Quote(e.from), strconv.Quote(e.to), strings.Join(attrs, ", "))
	}
	b.WriteString("}\n")
	return b.String()
}

func dotShape(n *plan.Node) string {
	switch n.Kind {
	case plan.KindAction:
		return "shape=box, style=rounded"
	case plan.KindDecision:
		return "shape=diamond"
	case plan.KindFork, plan.KindJoin:
		return "shape=box, style=filled, fillcolor=\"#333333\", fontcolor=white"
	case plan.KindKill:
		if n.Implicit {
			return "shape=octagon, style=dashed, color=red"
		}
		return "shape=octagon, color=red"
	case plan.KindEnd:
		return "shape=doublecircle"
	}
	return "shape=box"
}
