package oozie

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/text/unicode/norm"
)

// testTranslator resolves ${name} to param.name (a number when the name
// starts with n) as a workflow does.
func testTranslator(coord bool) *translator {
	return &translator{coord: coord, vars: func(name string) (hexpr, error) {
		if coord {
			if name == "nameNode" {
				return strLit("hdfs://nn:8020"), nil
			}
			return hexpr{}, untranslated{"${" + name + "} is not set"}
		}
		if name == "KB" || name == "RECORDS" || name == "MAP_IN" {
			return hexpr{}, untranslated{"not a property"}
		}
		k := kStr
		if strings.HasPrefix(name, "n") {
			k = kNum
		}
		return hexpr{src: "param." + mangle(name), kind: k, prec: atom}, nil
	}}
}

func TestTemplates(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", `"plain text"`},
		{"${out}", "param.out"},
		{"${nameNode}/user/${wf:user()}/x", `"${param.nameNode}/user/${wf.user}/x"`},
		{"${wf:id()}", "wf.id"},
		{"${wf:name()}-${wf:run()}", `"${wf.name}-${wf.run}"`},
		{"${wf:conf('mapred.job.queue.name')}", "param.mapred_job_queue_name"},
		{"${examples.root}/apps", `"${param.examples_root}/apps"`},
		{"${user.name}", "wf.user"},
		{"${wf:appPath()}", "param.oozie_wf_application_path"},
		{"${wf:lastErrorNode()}", "wf.last_error_node"},
		{"${wf:errorMessage(wf:lastErrorNode())}", "wf.error_message"},
		{"${wf:errorCode('mr')}", "action.mr.error_code"},
		{"${wf:errorMessage('mr')}", "action.mr.error_message"},
		{"${wf:actionData('probe')['files']}", `lookup(action.probe.output, "files", "")`},
		{"${wf:actionData('probe')['my key']}", `lookup(action.probe.output, "my key", "")`},
		{"${wf:actionData('probe').files}", `lookup(action.probe.output, "files", "")`},
		{"${wf:actionExternalId('mr')}", "action.mr.external_id"},
		// Oozie's escape: ${'$'} is a dollar, so this is the text ${wf.id}.
		{"${'$'}{wf.id}", `"$${wf.id}"`},
		{"echo ${'$'}{1} ${wf:id()}", `"echo $${1} ${wf.id}"`},
		{"cost: ${'$'}5", `"cost: $5"`},
		{"${wf:actionTrackerUri('mr')}", "action.mr.tracker_url"},
		{"${hadoop:counters('mr')['RECORDS']['MAP_IN']}", `action.mr.counters["RECORDS"]["MAP_IN"]`},
		{"${hadoop:counters('mr')[RECORDS][MAP_IN]}", `action.mr.counters["RECORDS"]["MAP_IN"]`},
		{"${fs:dirSize(dir)}", "fs_dir_size(param.dir)"},
		{"${fs:fileSize(concat(dir, '/a'))}", `fs_file_size("${param.dir}/a")`},
		{"${concat(concat(a, '-'), b)}", `"${param.a}-${param.b}"`},
		{"${concat('x', 'y')}", `"xy"`},
		{"${replaceAll(s, '[0-9]+', '#')}", `regex_replace(param.s, "[0-9]+", "#")`},
		{"${replaceAll(s, 'a', null)}", `regex_replace(param.s, "a", "")`},
		{"${firstNotNull(a, 'b')}", `coalesce(param.a, "b")`},
		{"${trim(s)}", "trimspace(param.s)"},
		{"${urlEncode(s)}", "urlencode(param.s)"},
		{"${timestamp()}", "timestamp()"},
		{"${2 * KB}", "2 * 1024"},
		{"${n1 + 1}", "param.n1 + 1"},
		{"${(n1 + 1) * 2}", "(param.n1 + 1) * 2"},
		{"${a eq 'x' ? 'y' : 'z'}", `param.a == "x" ? "y" : "z"`},
		{"cost: ${n1 div 2}%{x}", `"cost: ${param.n1 / 2}%%{x}"`},
		{`quote " and \ and ${a}`, `"quote \" and \\ and ${param.a}"`},
		{`\${literal}`, `"$${literal}"`},
		// A $ before an expression stays a $, not the escape $${.
		{"$${a}", `"${"$"}${param.a}"`},
		{"100%${a}", `"100${"%"}${param.a}"`},
	} {
		r := testTranslator(false).template(c.in)
		if r.problem != "" || r.hcl != c.want {
			t.Errorf("template(%q) = %s (problem %q), want %s", c.in, r.hcl, r.problem, c.want)
		}
	}
}

func TestPredicates(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"${fs:exists(out)}", "fs_exists(param.out)"},
		{"${fs:isDir(out)}", "fs_is_dir(param.out)"},
		{"${not fs:exists(out)}", "!fs_exists(param.out)"},
		{"${not a}", "!tobool(param.a)"},
		{"${!fs:exists(out) and n1 gt 3}", "!fs_exists(param.out) && param.n1 > 3"},
		// EL compares numbers and strings numerically; HCL's == does not.
		{"${wf:actionData('p')['files'] eq 0}", `tonumber(lookup(action.p.output, "files", "0")) == 0`},
		{"${n1 == '5'}", "param.n1 == 5"},
		{"${n1 ne s}", "param.n1 != tonumber(param.s)"},
		{"${wf:actionData('p')['ok'] eq true}", `tobool(lookup(action.p.output, "ok", "false")) == true`},
		{"${wf:actionData('p')['ok'] eq 'true'}", `lookup(action.p.output, "ok", "") == "true"`},
		{"${wf:actionData('p')['size'] gt 100}", `tonumber(lookup(action.p.output, "size", "0")) > 100`},
		{"${hadoop:counters('mr')['RECORDS']['REDUCE_OUT'] ge 1}", `action.mr.counters["RECORDS"]["REDUCE_OUT"] >= 1`},
		{"${a or b and c}", "tobool(param.a) || tobool(param.b) && tobool(param.c)"},
		{"${empty a}", `(param.a == null || param.a == "")`},
		{"${wf:lastErrorNode() eq null}", "wf.last_error_node == null"},
		{"${a}", `param.a == "true"`},
		{"true", "true"},
		{"${true}", "true"},
		{"FALSE", "false"},
	} {
		r := testTranslator(false).predicate(c.in)
		if r.problem != "" || r.hcl != c.want {
			t.Errorf("predicate(%q) = %s (problem %q), want %s", c.in, r.hcl, r.problem, c.want)
		}
	}
}

func TestCoordinatorFunctions(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"${coord:current(-1)}", "current(-1)"},
		{"${coord:latest(0)}", "latest(0)"},
		{"${coord:days(1)}", "days(1)"},
		{"${coord:hours(6)}", "hours(6)"},
		{"${coord:months(1)}", "months(1)"},
		{"${coord:minutes(15)}", "minutes(15)"},
		{"${coord:endOfDays(1)}", "end_of_days(1)"},
		{"${coord:endOfMonths(1)}", "end_of_months(1)"},
		{"${coord:nominalTime()}", "coord.nominal_time"},
		{"${coord:actualTime()}", "coord.actual_time"},
		{"${coord:name()}", "coord.name"},
		{"${coord:dataIn('logs')}", `join(",", reverse(coord.inputs.logs))`},
		{"${coord:dataOut('report')}", "coord.outputs.report"},
		{"${coord:dataOut('out-put.1')}", "coord.outputs.out-put_1"},
		{"${coord:formatTime(coord:nominalTime(), 'yyyyMMdd')}", `format_time(coord.nominal_time, "yyyyMMdd")`},
		{"${coord:formatTime(coord:dateOffset(coord:nominalTime(), -1, 'DAY'), 'yyyy-MM-dd')}", `format_time(date_offset(coord.nominal_time, -1, "days"), "yyyy-MM-dd")`},
		{"${coord:epochTime(coord:nominalTime(), false)}", "epoch(coord.nominal_time)"},
		{"${coord:epochTime(coord:nominalTime(), true)}", "epoch(coord.nominal_time) * 1000"},
		{"${coord:dateOffset(coord:nominalTime(), 1, 'YEAR')}", `date_offset(coord.nominal_time, 1, "years")`},
		{"${coord:hoursInDay(0)}", "hours_in_day(coord.nominal_time, 0)"},
		{"${coord:daysInMonth(-1)}", "days_in_month(coord.nominal_time, -1)"},
		{"${coord:endOfWeeks(1)}", "end_of_weeks(1)"},
		{"${coord:future(1, 20)}", "future(1, 20)"},
		{"${coord:dateTzOffset(coord:nominalTime(), 'America/Los_Angeles')}", `date_tz_offset(coord.nominal_time, "America/Los_Angeles")`},
		{"${coord:absolute('2009-01-01T00:00Z')}", `absolute("2009-01-01T00:00Z")`},
		{"${nameNode}/data/${coord:formatTime(coord:nominalTime(), 'yyyy')}", `"hdfs://nn:8020/data/${format_time(coord.nominal_time, "yyyy")}"`},
	} {
		tr := testTranslator(true)
		tr.utc = true
		r := tr.template(c.in)
		if r.problem != "" || r.hcl != c.want {
			t.Errorf("template(%q) = %s (problem %q), want %s", c.in, r.hcl, r.problem, c.want)
		}
	}
	// In a coordinator of another zone the date functions still work in
	// UTC, as Oozie's do.
	for in, want := range map[string]string{
		"${coord:formatTime(coord:nominalTime(), 'yyyyMMdd')}": `format_time(coord.nominal_time, "yyyyMMdd", "UTC")`,
		"${coord:dateOffset(coord:nominalTime(), -1, 'DAY')}":  `date_offset(coord.nominal_time, -1, "days", "UTC")`,
	} {
		if r := testTranslator(true).template(in); r.problem != "" || r.hcl != want {
			t.Errorf("template(%q) = %s (problem %q), want %s", in, r.hcl, r.problem, want)
		}
	}
	// coord:offset(n, unit) in an event is current(floor(n units /
	// frequency)) when the unit is the dataset's kind (Oozie's
	// testOffset: a 4-hour dataset, offset 7 HOUR is current(1), -2 HOUR
	// current(-1), 5 MINUTE current(0)).
	for _, c := range []struct {
		in         string
		freq       int
		kind, want string
	}{
		{"${coord:offset(7, 'HOUR')}", 240, "minute", "current(1)"},
		{"${coord:offset(-2, 'HOUR')}", 240, "minute", "current(-1)"},
		{"${coord:offset(5, 'MINUTE')}", 240, "minute", "current(0)"},
		{"${coord:offset(-43825, 'HOUR')}", 240, "minute", "current(-10957)"},
		{"${coord:offset(-4, 'DAY')}", 1, "day", "current(-4)"},
		{"${coord:offset(1, 'YEAR')}", 1, "month", "current(12)"},
		{"${coord:offset(-3, 'MONTH')}", 3, "month", "current(-1)"},
	} {
		tr := testTranslator(true)
		tr.step = func() (int, string, error) { return c.freq, c.kind, nil }
		if r := tr.template(c.in); r.problem != "" || r.hcl != c.want {
			t.Errorf("template(%q) = %s (problem %q), want %s", c.in, r.hcl, r.problem, c.want)
		}
	}
	tr := testTranslator(true)
	tr.step = func() (int, string, error) { return 60, "minute", nil }
	if r := tr.template("${coord:offset(-1, 'DAY')}"); r.problem == "" {
		t.Errorf("offset in days of an hourly dataset translated: %s", r.hcl)
	}
	// coord:endOfDays(n) as a start-instance is the start of the
	// (n+1)-th day from the nominal time's: start_of_day(n+1) (the
	// functional spec: endOfDays(-1) is the start of the current day).
	for in, want := range map[string]string{
		"${coord:endOfDays(-1)}":    "start_of_day(0)",
		"${coord:endOfDays(-2)}":    "start_of_day(-1)",
		"${coord:endOfDays(0)}":     "start_of_day(1)",
		"${coord:endOfWeeks(-1)}":   "start_of_week(0)",
		"${coord:endOfMonths(-3)}":  "start_of_month(-2)",
		"${coord:endOfMonths(1)}":   "start_of_month(2)",
		"${ coord:endOfDays(-1) }":  "start_of_day(0)",
		"${coord:endOfDays(-1.5)}":  "",
		"${coord:endOfDays(n)}":     "",
		"${coord:endOfDays(-1, 2)}": "",
	} {
		tr := testTranslator(true)
		tr.step = func() (int, string, error) { return 60, "minute", nil }
		tr.rangeStart = true
		r := tr.template(in)
		if want == "" {
			if r.problem == "" {
				t.Errorf("template(%q) = %s, want it refused", in, r.hcl)
			}
		} else if r.problem != "" || r.hcl != want {
			t.Errorf("template(%q) = %s (problem %q), want %s", in, r.hcl, r.problem, want)
		}
		// Not a start-instance: an event's instance or end-instance.
		tr.rangeStart = false
		if r := tr.template(in); r.problem == "" {
			t.Errorf("template(%q) outside a start-instance = %s, want it refused", in, r.hcl)
		}
	}
}

// What has no translation comes back as the literal text (its ${
// escaped, so HCL reads it as text) with the reason.
func TestUntranslated(t *testing.T) {
	for _, c := range []struct {
		in, problem string
		coord       bool
	}{
		{"${wf:transition('a')}", "wf:transition() has no howdah equivalent", false},
		{"${wf:callback('x')}", "wf:callback() has no howdah equivalent", false},
		{"${fs:blockSize(p)}", "fs:blockSize() has no howdah equivalent", false},
		{"${appendAll(a, b, ',')}", "appendAll() has no howdah equivalent", false},
		{"${wf:actionData(n1)['x']}", "wf:actionData() needs a literal node name here", false},
		{"${wf:conf(a)}", "wf:conf() needs a literal property name", false},
		{"${coord:current(0)}", "coord:current() has no howdah equivalent", false},
		{"${coord:absoluteRange('2009-01-01T00:00Z', 0)}", "coord:absoluteRange() has no howdah equivalent", true}, // but in an <instance>, from/to
		{"${coord:dateOffset(coord:nominalTime(), 1, unit)}", "coord:dateOffset() with a unit other than a literal MINUTE, HOUR, DAY, MONTH or YEAR", true},
		{"${undefined}/x", "${undefined} is not set", true},
		{"${a +}", "not understood: the expression ends too early", false},
		{"${a", `not understood: "${a" opens an expression that is never closed with }`, false},
		{"${'open}", "not understood", false},
	} {
		r := testTranslator(c.coord).template(c.in)
		if !strings.Contains(r.problem, c.problem) {
			t.Errorf("template(%q): problem %q, want %q", c.in, r.problem, c.problem)
		}
		if r.hcl != quote(c.in) {
			t.Errorf("template(%q) = %s, want the text %s", c.in, r.hcl, quote(c.in))
		}
	}
}

func TestSplitCommand(t *testing.T) {
	for in, want := range map[string][]string{
		`tr -s [:space:] \n`:              {"tr", "-s", "[:space:]", `\n`},
		`python "my mapper.py" --x 'a b'`: {"python", "my mapper.py", "--x", "a b"},
		`cat ${wf:conf('a b')} x`:         {"cat", "${wf:conf('a b')}", "x"},
		"  /bin/cat  ":                    {"/bin/cat"},
	} {
		if got := splitCommand(in); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("splitCommand(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPropertiesNotUTF8(t *testing.T) {
	_, err := parseProperties("job.properties", "a=1\nname=Caf\xe9\n")
	if e, ok := err.(*Error); !ok || e.Line != 2 || e.Col != 9 || !strings.Contains(e.Msg, "not UTF-8") {
		t.Errorf("%v", err)
	}
}

func TestProperties(t *testing.T) {
	p, err := parseProperties("job.properties", "# comment\n! also\nnameNode=hdfs://nn:8020\nqueue : etl\nlong = a\\\n   b\nuni=\\u00e9\\t\nroot=${nameNode}/user/${user.name}\nkey\\ with\\ space=v\n")
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"nameNode": "hdfs://nn:8020", "queue": "etl", "long": "ab", "uni": "é\t", "key with space": "v"} {
		if got, _ := p.get(k); got.value != want {
			t.Errorf("%s = %q, want %q", k, got.value, want)
		}
	}
	if got, _ := p.get("queue"); got.at.Line != 4 {
		t.Errorf("queue at line %d, want 4", got.at.Line)
	}
	v, missing := p.resolve("${root}/x")
	if v != "hdfs://nn:8020/user/${user.name}/x" || len(missing) == 0 || missing[0] != "user.name" {
		t.Errorf("resolve = %q, missing %q", v, missing)
	}
}

// FuzzTemplateText checks that literal text around an expression survives
// translation exactly: HCL reads the result back as the same string,
// whatever quotes, backslashes, $, % and braces the text holds.
func FuzzTemplateText(f *testing.F) {
	for _, s := range []string{"", "$", "%", "$$", "%{x}", `\`, `"`, "a\nb", "{}", "$}", "\x01", "é"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, before, after string) {
		for _, s := range []string{before, after} {
			if strings.Contains(s, "${") || strings.Contains(s, "#{") || !utf8.ValidString(s) {
				return
			}
		}
		if strings.HasSuffix(before, `\`) {
			return // \${ is EL's escape for a literal ${
		}
		r := testTranslator(false).template(before + "${a}" + after)
		if r.problem != "" {
			t.Fatalf("problem %s", r.problem)
		}
		e, diags := hclsyntax.ParseExpression([]byte(r.hcl), "t", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s does not parse: %s", r.hcl, diags.Error())
		}
		ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"param": cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("<A>")})}}
		v, diags := e.Value(ctx)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", r.hcl, diags.Error())
		}
		// HCL reads every string in Unicode normal form C (the import
		// reports text that is not).
		if got, want := v.AsString(), norm.NFC.String(before+"<A>"+after); got != want {
			t.Fatalf("%s reads back as %q, want %q", r.hcl, got, want)
		}
	})
}

// Properties that refer to each other twice per level stop expanding at a
// bound instead of filling memory.
func TestPropertiesExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "p%d=${p%d}${p%d}\n", i, i+1, i+1)
	}
	b.WriteString("p30=" + strings.Repeat("x", 1000) + "\n")
	p, err := parseProperties("job.properties", b.String())
	if err != nil {
		t.Fatal(err)
	}
	v, missing := p.resolve("${p0}")
	if len(v) > maxResolved || len(missing) == 0 {
		t.Errorf("resolved to %d bytes, missing %q", len(v), missing)
	}
}
