package graph

import (
	"strings"
	"testing"

	"github.com/howdah/howdah/plan"
)

func testPlan() *plan.Workflow {
	yes := true
	return &plan.Workflow{
		Name:  "t",
		Start: "each",
		Nodes: []plan.Node{
			{Name: "each", Kind: plan.KindAction, Action: &plan.Action{
				Kind:    plan.ShellKind,
				ForEach: &plan.ForEach{ItemsExpr: &plan.Expr{Source: `fs_glob("/in/*")`}, Parallelism: 4},
				Retry:   plan.Retry{Attempts: 3},
				OK:      "route", Error: "stop",
			}},
			{Name: "route", Kind: plan.KindDecision, Decision: &plan.Decision{
				Cases:   []plan.Case{{When: plan.BoolValue{Expr: &plan.Expr{Source: `action.each.output[0]["x"] == "\"q\""`}}, Goto: "end"}, {When: plan.BoolValue{Static: &yes}, Goto: "stop"}},
				Default: "stop",
			}},
			{Name: "stop", Kind: plan.KindKill, Kill: &plan.Kill{}},
			{Name: "end", Kind: plan.KindEnd, Implicit: true},
			{Name: "fail", Kind: plan.KindKill, Implicit: true, Kill: &plan.Kill{}},
		},
	}
}

func TestDOT(t *testing.T) {
	out := DOT(testPlan())
	for _, want := range []string{
		`"each" [shape=box, style=rounded, label="each\nshell for_each fs_glob(\"/in/*\") (×4), 3 attempts"];`,
		`"each" -> "stop" [label="error", color=red, fontcolor=red];`,
		`"route" -> "stop" [label="case 2: true"];`,
		`"end" [shape=doublecircle`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %s\n%s", want, out)
		}
	}
	if strings.Contains(out, `"fail"`) {
		t.Errorf("the implicit fail node is drawn although nothing leads to it:\n%s", out)
	}
}

func TestMermaidEscapesQuotes(t *testing.T) {
	out := Mermaid(testPlan())
	if strings.Count(out, `"`)%2 != 0 {
		t.Errorf("unbalanced quotes:\n%s", out)
	}
	if !strings.Contains(out, `#quot;\#quot;q\#quot;#quot;`) {
		t.Errorf("quotes in labels are not escaped:\n%s", out)
	}
	if strings.Contains(out, "n4") {
		t.Errorf("unused implicit fail node drawn:\n%s", out)
	}
}
