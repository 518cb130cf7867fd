package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/howdah/howdah/workflows/api"
	"golang.org/x/term"
)

// progress shows a run's nodes: on a terminal a table redrawn in place,
// otherwise one line per change of a node's status.
type progress struct {
	w     io.Writer
	tty   bool
	last  map[string]string // per node: status, attempt and items done, as last printed
	at    map[string]time.Time
	lines int
	start time.Time
}

func newProgress(w io.Writer, tty bool) *progress {
	return &progress{w: w, tty: tty, last: map[string]string{}, at: map[string]time.Time{}, start: time.Now()}
}

// itemsEvery is how often a running for_each's count of done items is
// printed, at most, without a terminal.
const itemsEvery = time.Second

// plural is "1 node", "2 nodes".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func isTerminal(w io.Writer) bool {
	// Through wrappers (the redacting writer) to the file.
	for {
		u, ok := w.(interface{ Unwrap() io.Writer })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (p *progress) update(st api.State) {
	if p.tty {
		p.redraw(st)
		return
	}
	for _, n := range st.Nodes {
		// Each attempt's retry is a change; so is a fan-out's progress,
		// printed at most every itemsEvery while it runs.
		attempt := fmt.Sprintf("%s/%d", n.Status, n.Attempts)
		key := fmt.Sprintf("%s/%d", attempt, n.Done)
		if n.Status == api.StatusPrep || n.Status == api.StatusSkipped || p.last[n.Name] == key {
			continue
		}
		if strings.HasPrefix(p.last[n.Name], attempt+"/") && n.Done < n.Items && time.Since(p.at[n.Name]) < itemsEvery {
			continue // only the items count moved, a moment ago
		}
		p.last[n.Name], p.at[n.Name] = key, time.Now()
		line := fmt.Sprintf("%8s  %-24s %s", time.Since(p.start).Round(100*time.Millisecond), n.Name, n.Status)
		if n.Attempts > 1 {
			line += fmt.Sprintf(" (attempt %d)", n.Attempts)
		}
		if n.Items > 0 {
			line += fmt.Sprintf(" (%d/%d items)", n.Done, n.Items)
		}
		if n.Error != "" && (n.Status == api.StatusError || n.Status == api.StatusUserRetry || n.Status == api.StatusHeld) {
			line += ": " + visible(firstLine(n.Error))
		}
		fmt.Fprintln(p.w, line)
	}
}

func (p *progress) redraw(st api.State) {
	var b strings.Builder
	if p.lines > 0 {
		fmt.Fprintf(&b, "\x1b[%dA\x1b[J", p.lines)
	}
	rows := 0
	for _, n := range st.Nodes {
		if n.Status == api.StatusPrep && n.Kind != "action" {
			continue
		}
		mark := map[string]string{
			api.StatusOK: "\x1b[32m✔\x1b[0m", api.StatusError: "\x1b[31m✘\x1b[0m",
			api.StatusRunning: "\x1b[33m▶\x1b[0m", api.StatusUserRetry: "\x1b[33m↻\x1b[0m",
			api.StatusKilled: "\x1b[31m■\x1b[0m", api.StatusHeld: "\x1b[35m⏸\x1b[0m",
		}[n.Status]
		if mark == "" {
			mark = "·"
		}
		extra := ""
		if n.Items > 0 {
			extra = fmt.Sprintf(" %d/%d", n.Done, n.Items)
		}
		if n.Attempts > 1 {
			extra += fmt.Sprintf(" attempt %d", n.Attempts)
		}
		fmt.Fprintf(&b, " %s %-24s %-10s%s\n", mark, n.Name, n.Status, extra)
		rows++
	}
	fmt.Fprintf(&b, "   %s %s\n", st.Status, time.Since(p.start).Round(100*time.Millisecond))
	p.lines = rows + 1
	io.WriteString(p.w, b.String())
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
