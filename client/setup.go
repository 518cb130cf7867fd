package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/durationpb"
)

// SetupOptions say what Setup may do to a namespace.
type SetupOptions struct {
	Namespace string
	// Retention is how long a namespace Setup creates keeps closed runs.
	Retention time.Duration
	// Check only reports: nothing is created or registered.
	Check bool
	// Address is the server's, for the commands the report prints.
	Address string
	// Wait bounds how long Setup waits for the server to accept what it
	// registered (default 2 minutes).
	Wait time.Duration
}

// SetupReport is what Setup found and did. Commands are what an
// administrator would run for what Setup could not do (or, with Check,
// did not do).
type SetupReport struct {
	Namespace         string
	NamespaceCreated  bool
	NamespaceMissing  bool
	VisibilityStore   string
	Present           []string // howdah's attributes already registered with the right type
	Added             []string
	Missing           []string // still missing at the end
	Problems          []string
	Commands          []string
	AcceptedAfter     time.Duration // from registering to the server accepting them in a query
	NamespaceReadyIn  time.Duration
	attributesChecked bool
}

// OK reports whether the namespace is ready for howdah: it exists and has
// every search attribute.
func (r SetupReport) OK() bool {
	return !r.NamespaceMissing && r.attributesChecked && len(r.Missing) == 0 && len(r.Problems) == 0
}

// sqlSlots is how many custom search attributes of each type a namespace
// can have on SQL visibility (PostgreSQL, MySQL, SQLite): the columns of
// Temporal's executions_visibility table. Elasticsearch has no such slots.
var sqlSlots = map[enumspb.IndexedValueType]int{
	enumspb.INDEXED_VALUE_TYPE_KEYWORD:      10,
	enumspb.INDEXED_VALUE_TYPE_INT:          3,
	enumspb.INDEXED_VALUE_TYPE_DATETIME:     3,
	enumspb.INDEXED_VALUE_TYPE_DOUBLE:       3,
	enumspb.INDEXED_VALUE_TYPE_BOOL:         3,
	enumspb.INDEXED_VALUE_TYPE_TEXT:         3,
	enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST: 3,
}

// TypeName is a search attribute type as the temporal CLI spells it.
func TypeName(t enumspb.IndexedValueType) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return t.String()
}

var typeNames = map[enumspb.IndexedValueType]string{
	enumspb.INDEXED_VALUE_TYPE_KEYWORD:      "Keyword",
	enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST: "KeywordList",
	enumspb.INDEXED_VALUE_TYPE_INT:          "Int",
	enumspb.INDEXED_VALUE_TYPE_DOUBLE:       "Double",
	enumspb.INDEXED_VALUE_TYPE_BOOL:         "Bool",
	enumspb.INDEXED_VALUE_TYPE_DATETIME:     "Datetime",
	enumspb.INDEXED_VALUE_TYPE_TEXT:         "Text",
}

// Setup makes a namespace ready for howdah: it creates the namespace when
// missing (and allowed), registers howdah's search attributes within the
// visibility store's limits, and waits until the server accepts them.
// It is idempotent. What it cannot do is reported with the temporal
// operator command that would do it; the error is for a server that could
// not be asked at all.
func Setup(ctx context.Context, c sdkclient.Client, o SetupOptions) (SetupReport, error) {
	r := SetupReport{Namespace: o.Namespace}
	if o.Wait <= 0 {
		o.Wait = 2 * time.Minute
	}
	if o.Retention <= 0 {
		o.Retention = 72 * time.Hour
	}
	addr := ""
	if o.Address != "" {
		addr = " --address " + o.Address
	}
	nsFlag := " --namespace " + shellWord(o.Namespace)
	createNS := "temporal operator namespace create" + nsFlag + " --retention " + retentionFlag(o.Retention) + addr

	info, err := c.WorkflowService().GetClusterInfo(ctx, &workflowservice.GetClusterInfoRequest{})
	if err != nil {
		return r, fmt.Errorf("ask the server about itself: %w", err)
	}
	r.VisibilityStore = info.GetVisibilityStore()

	_, err = c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: o.Namespace})
	var notFound *serviceerror.NamespaceNotFound
	switch {
	case err == nil:
	case errors.As(err, &notFound) || isNotFound(err):
		if o.Check {
			r.NamespaceMissing = true
			r.Problems = append(r.Problems, fmt.Sprintf("namespace %s does not exist", o.Namespace))
			r.Commands = append(r.Commands, createNS)
			r.Commands = append(r.Commands, attributeCommand(SearchAttributes, nsFlag, addr))
			return r, nil
		}
		start := time.Now()
		_, err := c.WorkflowService().RegisterNamespace(ctx, &workflowservice.RegisterNamespaceRequest{
			Namespace:                        o.Namespace,
			Description:                      "howdah workflows",
			WorkflowExecutionRetentionPeriod: durationpb.New(o.Retention),
		})
		var exists *serviceerror.NamespaceAlreadyExists
		if err != nil && !errors.As(err, &exists) {
			r.NamespaceMissing = true
			r.Problems = append(r.Problems, fmt.Sprintf("namespace %s does not exist and could not be created: %v", o.Namespace, firstLine(err.Error())))
			r.Commands = append(r.Commands, createNS)
			r.Commands = append(r.Commands, attributeCommand(SearchAttributes, nsFlag, addr))
			return r, nil
		}
		r.NamespaceCreated = err == nil
		// A new namespace is served once every service's namespace cache
		// has it: ask until the search attribute API knows it.
		if err := waitFor(ctx, o.Wait, func(ctx context.Context) error {
			_, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: o.Namespace})
			return err
		}); err != nil {
			return r, fmt.Errorf("namespace %s was created but is not served after %s: %w", o.Namespace, o.Wait, err)
		}
		r.NamespaceReadyIn = time.Since(start)
	default:
		return r, fmt.Errorf("describe namespace %s: %w", o.Namespace, err)
	}

	have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: o.Namespace})
	if err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf("cannot list the namespace's search attributes: %v", firstLine(err.Error())))
		r.Commands = append(r.Commands, attributeCommand(SearchAttributes, nsFlag, addr))
		return r, nil
	}
	r.attributesChecked = true
	missing := map[string]enumspb.IndexedValueType{}
	for _, name := range sortedNames(SearchAttributes) {
		want := SearchAttributes[name]
		got, ok := have.GetCustomAttributes()[name]
		if !ok {
			if st, sys := have.GetSystemAttributes()[name]; sys {
				got, ok = st, true
			}
		}
		switch {
		case !ok:
			missing[name] = want
		case got != want:
			r.Problems = append(r.Problems, fmt.Sprintf("%s is registered as %s but howdah needs %s: runs cannot carry it; an administrator can remove it (temporal operator search-attribute remove%s --name %s%s) and run howdah setup again", name, TypeName(got), TypeName(want), nsFlag, name, addr))
		default:
			r.Present = append(r.Present, name)
		}
	}
	if len(missing) == 0 {
		return r, nil
	}
	if p := slotProblems(r.VisibilityStore, have.GetCustomAttributes(), missing); len(p) > 0 {
		r.Problems = append(r.Problems, p...)
		r.Missing = sortedNames(missing)
		return r, nil
	}
	if o.Check {
		r.Missing = sortedNames(missing)
		r.Commands = append(r.Commands, attributeCommand(missing, nsFlag, addr))
		return r, nil
	}
	start := time.Now()
	if _, err := c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{Namespace: o.Namespace, SearchAttributes: missing}); err != nil {
		r.Missing = sortedNames(missing)
		r.Problems = append(r.Problems, fmt.Sprintf("could not register %s: %v", strings.Join(r.Missing, ", "), firstLine(err.Error())))
		r.Commands = append(r.Commands, attributeCommand(missing, nsFlag, addr))
		return r, nil
	}
	r.Added = sortedNames(missing)
	// Registered is not yet accepted: each service learns a namespace's
	// new attributes when its caches refresh. Until then a run that sets
	// them fails its workflow tasks (BadSearchAttributes). Wait until a
	// query naming every one of them is accepted.
	if err := waitFor(ctx, o.Wait, func(ctx context.Context) error {
		return AttributesAccepted(ctx, c, o.Namespace)
	}); err != nil {
		return r, fmt.Errorf("registered %s, but the server does not accept them after %s: %w", strings.Join(r.Added, ", "), o.Wait, err)
	}
	r.AcceptedAfter = time.Since(start)
	return r, nil
}

// MissingSearchAttributes names howdah's search attributes the namespace
// lacks (or has with another type). An error says the server could not
// be asked.
func MissingSearchAttributes(ctx context.Context, c sdkclient.Client, ns string) ([]string, error) {
	have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: ns})
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, name := range sortedNames(SearchAttributes) {
		if got, ok := have.GetCustomAttributes()[name]; !ok || got != SearchAttributes[name] {
			missing = append(missing, name)
		}
	}
	return missing, nil
}

// AttributesAccepted asks the server to count runs by every one of
// howdah's attributes: nil once its visibility accepts them all.
func AttributesAccepted(ctx context.Context, c sdkclient.Client, ns string) error {
	var terms []string
	for _, name := range sortedNames(SearchAttributes) {
		terms = append(terms, fmt.Sprintf("%s IS NOT NULL", name))
	}
	_, err := c.WorkflowService().CountWorkflowExecutions(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: ns, Query: strings.Join(terms, " OR ")})
	return err
}

// slotProblems says which types would overflow SQL visibility's columns.
func slotProblems(store string, have, missing map[string]enumspb.IndexedValueType) []string {
	s := strings.ToLower(store)
	if !strings.Contains(s, "postgres") && !strings.Contains(s, "mysql") && !strings.Contains(s, "sqlite") {
		return nil
	}
	var out []string
	for _, t := range sortedTypes(missing) {
		var used []string
		for name, ht := range have {
			if ht == t {
				used = append(used, name)
			}
		}
		sort.Strings(used)
		var need []string
		for name, mt := range missing {
			if mt == t {
				need = append(need, name)
			}
		}
		sort.Strings(need)
		if limit := sqlSlots[t]; len(used)+len(need) > limit {
			out = append(out, fmt.Sprintf("%s visibility has %d %s slots per namespace; %d are taken (%s) and howdah needs %d more (%s): free some, or use another namespace for howdah",
				store, limit, TypeName(t), len(used), strings.Join(used, ", "), len(need), strings.Join(need, ", ")))
		}
	}
	return out
}

func attributeCommand(attrs map[string]enumspb.IndexedValueType, nsFlag, addr string) string {
	var b strings.Builder
	b.WriteString("temporal operator search-attribute create" + nsFlag)
	for _, name := range sortedNames(attrs) {
		fmt.Fprintf(&b, " --name %s --type %s", name, TypeName(attrs[name]))
	}
	b.WriteString(addr)
	return b.String()
}

func sortedNames(m map[string]enumspb.IndexedValueType) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func sortedTypes(m map[string]enumspb.IndexedValueType) []enumspb.IndexedValueType {
	var ts []enumspb.IndexedValueType
	for _, t := range m {
		if !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	slices.Sort(ts)
	return ts
}

// waitFor calls f until it returns nil, backing off from 100 ms to 1 s,
// for at most d.
func waitFor(ctx context.Context, d time.Duration, f func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	wait := 100 * time.Millisecond
	for {
		err := f(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

func isNotFound(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}

func retentionFlag(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
