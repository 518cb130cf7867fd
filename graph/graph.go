package graph

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/howdah/howdah/plan"
)

// edge is one arrow to draw.
type edge struct {
	from, to string
	label    string
	style    edgeStyle
}

type edgeStyle int

const (
	okEdge edgeStyle = iota
	errorEdge
	impliedEdge
	impliedErrorEdge
	branchEdge
)

// edges lists every transition of w in node order.
func edges(w *plan.Workflow) []edge {
	var out []edge
	for _, n := range w.Nodes {
		switch n.Kind {
		case plan.KindAction:
			a := n.Action
			if a.OKImplied {
				out = append(out, edge{n.Name, a.OK, "ok (implied)", impliedEdge})
			} else {
				out = append(out, edge{n.Name, a.OK, "ok", okEdge})
			}
			if a.ErrorImplied {
				out = append(out, edge{n.Name, a.Error, "error (implied)", impliedErrorEdge})
			} else {
				out = append(out, edge{n.Name, a.Error, "error", errorEdge})
			}
		case plan.KindDecision:
			for i, c := range n.Decision.Cases {
				out = append(out, edge{n.Name, c.Goto, "case " + strconv.Itoa(i+1) + ": " + whenLabel(c.When), okEdge})
			}
			out = append(out, edge{n.Name, n.Decision.Default, "default", okEdge})
		case plan.KindFork:
			for _, b := range n.Fork.Branches {
				out = append(out, edge{n.Name, b, "", branchEdge})
			}
		case plan.KindJoin:
			if n.Join.NextImplied {
				out = append(out, edge{n.Name, n.Join.Next, "ok (implied)", impliedEdge})
			} else {
				out = append(out, edge{n.Name, n.Join.Next, "ok", okEdge})
			}
		}
	}
	return out
}

func whenLabel(v plan.BoolValue) string {
	if v.Expr != nil {
		return shorten(v.Expr.Source, 48)
	}
	if v.Static != nil {
		return strconv.FormatBool(*v.Static)
	}
	return "?"
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// used reports which nodes are drawn: all declared nodes, and the implicit
// end and fail nodes only when something leads to them.
func used(w *plan.Workflow, es []edge) map[string]bool {
	u := map[string]bool{}
	for _, n := range w.Nodes {
		if !n.Implicit {
			u[n.Name] = true
		}
	}
	for _, e := range es {
		u[e.to] = true
	}
	return u
}

// nodeLabel is a node's name and a line saying what it is.
func nodeLabel(n *plan.Node) (name, detail string) {
	switch n.Kind {
	case plan.KindAction:
		d := string(n.Action.Kind)
		if sw := n.Action.SubWorkflow; sw != nil {
			d += " " + sw.File
		}
		if fe := n.Action.ForEach; fe != nil {
			if fe.ItemsExpr != nil {
				d += fmt.Sprintf(" for_each %s (×%d)", shorten(fe.ItemsExpr.Source, 32), fe.Parallelism)
			} else {
				d += fmt.Sprintf(" for_each %d items (×%d)", len(fe.Items), fe.Parallelism)
			}
		}
		if a := n.Action.Retry.Attempts; a > 1 {
			d += fmt.Sprintf(", %d attempts", a)
		}
		return n.Name, d
	case plan.KindFork:
		return n.Name, "fork → " + n.Fork.Join
	case plan.KindJoin:
		return n.Name, "join"
	case plan.KindKill:
		if n.Implicit {
			return n.Name, "kill (implicit)"
		}
		return n.Name, "kill"
	case plan.KindDecision:
		return n.Name, "decision"
	}
	return n.Name, ""
}
