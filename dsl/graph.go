package dsl

import (
	"sort"
	"strings"

	"github.com/howdah/howdah/plan"
)

// checkGraph checks the workflow as a graph: every node reachable from
// start, no cycles, forks and joins paired.
func (c *compiler) checkGraph(start string) {
	if c.diags.HasErrors() {
		// Broken transitions make graph errors misleading; fix those first.
		return
	}
	c.checkReachable(start)
	if c.checkCycles(start) {
		c.checkForks()
	}
}

func (c *compiler) checkReachable(start string) {
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		n := c.nodeBy[queue[0]]
		queue = queue[1:]
		for _, e := range n.edges {
			if !seen[e.to] {
				seen[e.to] = true
				queue = append(queue, e.to)
			}
		}
	}
	for _, n := range c.nodes {
		if !seen[n.name] && n.block != nil {
			c.errorf(n.block.DefRange, "Unreachable node", "No transition leads to %s %q from the start node %q. Remove it or add a transition to it.", n.block.Type, n.name, start)
		}
	}
}

// checkCycles reports every transition that closes a cycle, with the cycle
// spelled out. It returns true when there is none.
func (c *compiler) checkCycles(start string) bool {
	const (
		white = iota
		grey
		black
	)
	color := make(map[string]int, len(c.nodes))
	var path []string
	ok := true
	var visit func(name string)
	visit = func(name string) {
		color[name] = grey
		path = append(path, name)
		for _, e := range c.nodeBy[name].edges {
			switch color[e.to] {
			case white:
				visit(e.to)
			case grey:
				i := len(path) - 1
				for path[i] != e.to {
					i--
				}
				cycle := append(append([]string(nil), path[i:]...), e.to)
				c.errorf(e.rng, "Cycle in workflow", "Workflows are acyclic (use retry for repetition, for_each for fan-out): %s.", strings.Join(cycle, " -> "))
				ok = false
			}
		}
		path = path[:len(path)-1]
		color[name] = black
	}
	visit(start)
	return ok
}

// forkInfo is what walking a fork's branches found.
type forkInfo struct {
	join   string
	region map[string]bool
	ok     bool
}

// checkForks pairs every fork with the one join all its branches reach, and
// checks that nothing else enters that join.
func (c *compiler) checkForks() {
	infos := map[string]*forkInfo{}
	var walk func(f *nodeDecl) *forkInfo
	walk = func(f *nodeDecl) *forkInfo {
		if fi, done := infos[f.name]; done {
			return fi
		}
		fi := &forkInfo{region: map[string]bool{}}
		infos[f.name] = fi
		joins := map[string]bool{}
		stack := append([]string(nil), f.node.Fork.Branches...)
		for len(stack) > 0 {
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if fi.region[name] {
				continue
			}
			n := c.nodeBy[name]
			if n.kind == plan.KindJoin {
				joins[name] = true
				continue
			}
			fi.region[name] = true
			switch n.kind {
			case plan.KindEnd, plan.KindKill:
				continue
			case plan.KindFork:
				inner := walk(n)
				if !inner.ok {
					continue
				}
				for k := range inner.region {
					fi.region[k] = true
				}
				fi.region[inner.join] = true
				for _, e := range c.nodeBy[inner.join].edges {
					stack = append(stack, e.to)
				}
				continue
			}
			for _, e := range n.edges {
				if e.to == plan.EndNode {
					c.errorf(e.rng, "Fork branch ends the workflow", "This %s transition of %q, inside fork %q, goes to end without passing the fork's join. Branches must meet at a join (they may fail or kill).", e.label, name, f.name)
				}
				stack = append(stack, e.to)
			}
		}
		switch len(joins) {
		case 0:
			c.errorf(f.block.DefRange, "Fork without join", "The branches of fork %q never reach a join. Add join \"NAME\" {} and send each branch's last node to it.", f.name)
		case 1:
			for j := range joins {
				fi.join = j
			}
			fi.ok = true
		default:
			names := make([]string, 0, len(joins))
			for j := range joins {
				names = append(names, j)
			}
			sort.Strings(names)
			c.errorf(f.block.DefRange, "Fork branches end at different joins", "The branches of fork %q reach joins %s; all branches of a fork must meet at the same join.", f.name, strings.Join(names, " and "))
		}
		return fi
	}
	// Edges into joins, gathered once.
	into := map[string][]edgeFrom{}
	for _, n := range c.nodes {
		for _, e := range n.edges {
			if c.nodeBy[e.to].kind == plan.KindJoin {
				into[e.to] = append(into[e.to], edgeFrom{n.name, e})
			}
		}
	}
	claimedBy := map[string]*nodeDecl{}
	for _, f := range c.nodes {
		if f.kind != plan.KindFork {
			continue
		}
		fi := walk(f)
		if !fi.ok {
			continue
		}
		if prev, dup := claimedBy[fi.join]; dup {
			c.errorCtx(f.block.DefRange, prev.block.DefRange, "Join shared by two forks", "Join %q already closes fork %q; each fork needs its own join.", fi.join, prev.name)
			continue
		}
		claimedBy[fi.join] = f
		f.node.Fork.Join = fi.join
		c.nodeBy[fi.join].node.Join.Fork = f.name
		// Only the fork's own branches may enter its join.
		for _, in := range into[fi.join] {
			if !fi.region[in.from] {
				c.errorf(in.e.rng, "Transition into another fork's join", "%q is outside fork %q, so it cannot go to that fork's join %q.", in.from, f.name, fi.join)
			}
		}
	}
	for _, j := range c.nodes {
		if j.kind == plan.KindJoin && claimedBy[j.name] == nil {
			c.errorf(j.block.DefRange, "Join without fork", "Join %q closes no fork: no fork's branches lead to it.", j.name)
		}
	}
}

type edgeFrom struct {
	from string
	e    edge
}
