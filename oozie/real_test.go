package oozie

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Tests for what real Oozie applications contain that Oozie accepts and
// howdah's rules do not (each seen in a public application; the fixtures
// are the project's own).

// validated imports files as one application, checks the report and that
// every file validates, and returns the files by path.
func validated(t *testing.T, files map[string]string, report ...string) map[string]string {
	t.Helper()
	res := importXML(t, files)
	reportHas(t, res, report...)
	writeAndValidate(t, res)
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = string(f.Data)
	}
	return out
}

// Nodes no transition reaches are left out, each reported; an action
// named fail (howdah's default error target) gets another name everywhere
// it is used; EL naming a node that is not there is reported, not written.
func TestUnreachableAndReservedNodes(t *testing.T) {
	got := validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w">
  <start to="a"/>
  <action name="a">
    <shell xmlns="uri:oozie:shell-action:0.3"><exec>echo</exec><argument>${wf:actionData('gone')['k']}</argument></shell>
    <ok to="fail"/><error to="fail"/>
  </action>
  <action name="old">
    <fs><mkdir path="/tmp/old"/></fs>
    <ok to="end"/><error to="bad"/>
  </action>
  <kill name="bad"><message>never</message></kill>
  <action name="fail">
    <shell xmlns="uri:oozie:shell-action:0.3"><exec>echo</exec><argument>${wf:errorCode('a')}</argument></shell>
    <ok to="end"/><error to="kill"/>
  </action>
  <kill name="kill"><message>failed</message></kill>
  <end name="end"/>
</workflow-app>`,
	},
		`workflow.xml:7:3: difference: action "old" is never reached from <start>: Oozie accepts it, howdah refuses unreachable nodes; left out`,
		`workflow.xml:11:3: difference: kill "bad" is never reached`,
		`workflow.xml:12:3: difference: action "fail" is written as "fail_action": howdah reserves the name fail`,
		`the workflow has no node "gone" (commented out?)`,
	)
	wf := got["workflow.hcl"]
	for _, want := range []string{`action "fail_action"`, `error = action.fail_action`, `action.a.error_code`} {
		if !strings.Contains(wf, want) {
			t.Errorf("lacks %q:\n%s", want, wf)
		}
	}
	for _, gone := range []string{`"old"`, `"bad"`} {
		if strings.Contains(wf, gone) {
			t.Errorf("keeps %s:\n%s", gone, wf)
		}
	}
}

// importDirs writes files (path -> content, paths relative to a new
// directory) and imports the directories named, relative to it.
func importDirs(t *testing.T, files map[string]string, dirs ...string) (*Result, error, string) {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	var paths []string
	for _, d := range dirs {
		paths = append(paths, filepath.Join(root, filepath.FromSlash(d)))
	}
	res, err := Import(paths, Options{})
	return res, err, root
}

const minimalWorkflow = `<workflow-app xmlns="uri:oozie:workflow:0.5" name="%s"><start to="end"/><end name="end"/></workflow-app>`

// Names Oozie takes (EL resolved from properties or nowhere, spaces) are
// made valid names, each reported.
func TestNamesAreMadeValid(t *testing.T) {
	got := validated(t, map[string]string{
		"job.properties": "env=prod\n",
		"workflow.xml":   fmt.Sprintf(minimalWorkflow, "load-${env}-${table.name}"),
		"coordinator.xml": `<coordinator-app xmlns="uri:oozie:coordinator:0.5" name=" daily load" frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC">
<action><workflow><app-path>/apps/app</app-path></workflow></action></coordinator-app>`,
	},
		`difference: workflow name "load-${env}-${table.name}" is written as "load-prod-table_name": it needs ${table.name}, which is not set`,
		`difference: coordinator name " daily load" is written as "daily_load": a howdah name is fixed text`,
	)
	if !strings.Contains(got["workflow.hcl"], `workflow "load-prod-table_name"`) || !strings.Contains(got["coordinator.hcl"], `coordinator "daily_load"`) {
		t.Errorf("%s\n%s", got["workflow.hcl"], got["coordinator.hcl"])
	}
}

// A coordinator or bundle value howdah needs when it imports (times,
// frequency, zone) that nothing sets, that is empty or a template's
// placeholder is an error at its element; --properties supplies it.
func TestFixedValuesMustBeKnown(t *testing.T) {
	wf := fmt.Sprintf(minimalWorkflow, "w")
	for _, c := range []struct{ attrs, want string }{
		{`frequency="60" start="${start}" end="2026-01-02T00:00Z" timezone="UTC"`, `start "${start}" needs ${start}, which no job.properties sets: give the value with --properties FILE`},
		{`frequency="${freq}" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC"`, `frequency "${freq}" needs ${freq}`},
		{`frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="${tz}"`, `timezone "${tz}" needs ${tz}`},
		{`frequency="" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC"`, `frequency is empty`},
		{`frequency="#FREQUENCY#" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC"`, `frequency "#FREQUENCY#" is a template placeholder (#FREQUENCY#)`},
		{`frequency="60" start="#START" end="2026-01-02T00:00Z" timezone="UTC"`, `start "#START" is a template placeholder`},
		{`frequency="60" start="yesterday" end="2026-01-02T00:00Z" timezone="UTC"`, `"yesterday" is not a time Oozie reads`},
	} {
		_, err, _ := importDirs(t, map[string]string{
			"app/workflow.xml":    wf,
			"app/coordinator.xml": `<coordinator-app xmlns="uri:oozie:coordinator:0.5" name="c" ` + c.attrs + `><action><workflow><app-path>/apps/app</app-path></workflow></action></coordinator-app>`,
		}, "app")
		if err == nil || !strings.Contains(err.Error(), "coordinator.xml:1:1: "+c.want) {
			t.Errorf("%s: %v", c.attrs, err)
		}
	}
	// The same with the value given: it validates.
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "workflow.xml"), []byte(wf), 0o644)
	os.WriteFile(filepath.Join(root, "coordinator.xml"), []byte(`<coordinator-app xmlns="uri:oozie:coordinator:0.5" name="c" frequency="${freq}" start="${start}" end="2027-01-01T00:00Z" timezone="${tz}"><action><workflow><app-path>/apps/app</app-path></workflow></action></coordinator-app>`), 0o644)
	props := filepath.Join(t.TempDir(), "prod.properties")
	os.WriteFile(props, []byte("freq=${coord:days(1)}\nstart=2026-01-01T00:00+0900\ntz=GMT+09:00\n"), 0o644)
	res, err := Import([]string{root}, Options{Properties: props})
	if err != nil {
		t.Fatal(err)
	}
	writeAndValidate(t, res)
}

// An app-path that names a file imported in the same command matches it;
// a coordinator below a workflow's folder runs that workflow; a folder's
// sub-applications come with it; properties pass from a bundle to its
// coordinators and to their workflows, and from an enclosing folder.
func TestReferencesAndInheritance(t *testing.T) {
	res, err, _ := importDirs(t, map[string]string{
		"etl/job.properties": "nameNode=hdfs://nn\nqueue=etl\nstart=2026-01-01T00:00Z\nfreq=60\n",
		"etl/bundle.xml": `<bundle-app xmlns="uri:oozie:bundle:0.2" name="b">
<coordinator name="c"><app-path>${nameNode}/apps/aggregator/coordinator.xml</app-path></coordinator></bundle-app>`,
		"etl/coordinator.xml": `<coordinator-app xmlns="uri:oozie:coordinator:0.5" name="c" frequency="${freq}" start="${start}" end="2027-01-01T00:00Z" timezone="UTC">
<action><workflow><app-path>${wfPath}</app-path></workflow></action></coordinator-app>`,
		"etl/workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="a"/>
<action name="a"><shell xmlns="uri:oozie:shell-action:0.3"><exec>echo</exec><argument>${queue}</argument></shell><ok to="s"/><error to="fail"/></action>
<action name="s"><sub-workflow><app-path>${nameNode}/apps/clean</app-path></sub-workflow><ok to="end"/><error to="fail"/></action>
<kill name="fail"><message>x</message></kill><end name="end"/></workflow-app>`,
		"etl/clean/workflow.xml": fmt.Sprintf(minimalWorkflow, "clean"),
		"etl/coordinator/coordinator.xml": `<coordinator-app xmlns="uri:oozie:coordinator:0.5" name="c2" frequency="${freq}" start="${start}" end="2027-01-01T00:00Z" timezone="UTC">
<action><workflow><app-path>${wfPath}</app-path></workflow></action></coordinator-app>`,
	}, "etl")
	if err != nil {
		t.Fatal(err)
	}
	reportHas(t, res,
		`bundle.xml:2:23: reference: coordinator ${nameNode}/apps/aggregator/coordinator.xml (hdfs://nn/apps/aggregator/coordinator.xml) taken to be the coordinator.xml imported with it`,
		`coordinator/coordinator.xml:2:19: reference: workflow ${wfPath} taken to be the workflow of the enclosing application etl`,
	)
	writeAndValidate(t, res)
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Data)
	}
	if len(files) != 5 {
		t.Errorf("files: %v", keys(files))
	}
	if !strings.Contains(files["etl.hcl"], `file = "clean.hcl"`) || !strings.Contains(files["etl.hcl"], `param "queue" { default = "etl" }`) {
		t.Errorf("%s", files["etl.hcl"])
	}
	if !strings.Contains(files["coordinator.coordinator.hcl"], `workflow  = "etl.hcl"`) || !strings.Contains(files["coordinator.coordinator.hcl"], `start     = "2026-01-01T00:00:00Z"`) {
		t.Errorf("%s", files["coordinator.coordinator.hcl"])
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// wf:user() in a file path becomes a parameter (howdah reads files when
// it compiles); coord:tzOffset() is a constant when the zones keep their
// difference all year.
func TestUserInFilesAndTZOffset(t *testing.T) {
	got := validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="a"/>
<action name="a"><java><main-class>org.example.Main</main-class><arg>${wf:user()}</arg><file>/user/${wf:user()}/lib/x.sh</file></java><ok to="end"/><error to="fail"/></action>
<kill name="fail"><message>x</message></kill><end name="end"/></workflow-app>`,
		"coordinator.xml": `<coordinator-app xmlns="uri:oozie:coordinator:0.5" name="c" frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC">
<datasets><dataset name="d" frequency="60" initial-instance="2025-01-01T00:00Z" timezone="Asia/Tokyo"><uri-template>/d/${YEAR}${MONTH}${DAY}${HOUR}</uri-template></dataset></datasets>
<input-events><data-in name="in" dataset="d"><instance>${coord:current(coord:tzOffset() / 60)}</instance></data-in></input-events>
<action><workflow><app-path>/apps/app</app-path></workflow></action></coordinator-app>`,
	}, `difference: wf:user() in <file> becomes param.user_name`)
	if !strings.Contains(got["workflow.hcl"], `files = ["/user/${param.user_name}/lib/x.sh"]`) || !strings.Contains(got["workflow.hcl"], `args       = [wf.user]`) {
		t.Errorf("%s", got["workflow.hcl"])
	}
	if !strings.Contains(got["coordinator.hcl"], `instance = current(540 / 60)`) {
		t.Errorf("%s", got["coordinator.hcl"])
	}
}

// An <email> without cc or bcc passes no empty arguments (howdah refuses
// them in argv); with bcc only, bcc is the script's fourth argument.
func TestEmailWithoutCopies(t *testing.T) {
	got := validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="a"/>
<action name="a"><email xmlns="uri:oozie:email-action:0.2"><to>a@example.com</to><subject>s</subject><body>b</body></email><ok to="m"/><error to="fail"/></action>
<action name="m"><email xmlns="uri:oozie:email-action:0.2"><to>a@example.com</to><cc></cc><bcc>c@example.com</bcc><subject>s</subject><body>b</body></email><ok to="end"/><error to="fail"/></action>
<kill name="fail"><message>x</message></kill><end name="end"/></workflow-app>`,
	})
	wf := got["workflow.hcl"]
	for _, want := range []string{
		`argv = ["sh", "-c", "printf '%s\\n' \"$3\" | mail -s \"$2\" -- \"$1\"", "email", "a@example.com", "s", "b"]`,
		`argv = ["sh", "-c", "printf '%s\\n' \"$3\" | mail -s \"$2\" -b \"$4\" -- \"$1\"", "email", "a@example.com", "s", "b", "c@example.com"]`,
	} {
		if !strings.Contains(wf, want) {
			t.Errorf("lacks %s:\n%s", want, wf)
		}
	}
}

// A workflow deletes the directory its coordinator passes (Oozie's
// examples: <delete path="${outputDir}"/>): the parameter gets the
// dataset's fixed directory as its within, so the coordinator validates and
// the delete stays below it. A relative root (${examplesRoot} = ".") is
// bounded by the working directory.
func TestDeleteBoundsFromDatasets(t *testing.T) {
	got := validated(t, map[string]string{
		"job.properties": "nameNode=hdfs://nn:8020\nexamplesRoot=.\n",
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="agg">
  <start to="mr"/>
  <action name="mr">
    <fs>
      <delete path="${outputDir}"/>
      <delete path="${outputDir}/_temporary"/>
      <delete path="${examplesRoot}/output-data/agg"/>
      <mkdir path="${inputDir}"/>
    </fs>
    <ok to="end"/><error to="end"/>
  </action>
  <end name="end"/>
</workflow-app>`,
		"coordinator.xml": `<coordinator-app name="c" frequency="${coord:days(1)}" start="2026-01-01T00:00Z" end="2026-02-01T00:00Z" timezone="UTC" xmlns="uri:oozie:coordinator:0.5">
  <datasets>
    <dataset name="in" frequency="${coord:days(1)}" initial-instance="2026-01-01T00:00Z" timezone="UTC">
      <uri-template>${nameNode}/data/raw/${YEAR}/${MONTH}/${DAY}</uri-template>
    </dataset>
    <dataset name="out" frequency="${coord:days(1)}" initial-instance="2026-01-01T00:00Z" timezone="UTC">
      <uri-template>${nameNode}/data/clicks/${YEAR}/${MONTH}/${DAY}</uri-template>
    </dataset>
  </datasets>
  <input-events><data-in name="input" dataset="in"><instance>${coord:current(0)}</instance></data-in></input-events>
  <output-events><data-out name="output" dataset="out"><instance>${coord:current(0)}</instance></data-out></output-events>
  <action><workflow><app-path>${nameNode}/apps/agg</app-path>
    <configuration>
      <property><name>outputDir</name><value>${coord:dataOut('output')}</value></property>
      <property><name>inputDir</name><value>${coord:dataIn('input')}</value></property>
    </configuration>
  </workflow></action>
</coordinator-app>`,
	},
		`workflow.xml:5:7: difference: delete ${outputDir}: a coordinator passes ${outputDir} from a dataset whose instances lie below hdfs://nn:8020/data/clicks/, so parameter "outputDir" declares within = "hdfs://nn:8020/data/clicks/"`,
	)
	wf := got["workflow.hcl"]
	if !strings.Contains(wf, `param "outputDir" { within = "hdfs://nn:8020/data/clicks/" }`) {
		t.Errorf("no within for outputDir:\n%s", wf)
	}
	if strings.Contains(wf, `param "inputDir" { within`) {
		t.Errorf("a parameter no delete starts with got a within:\n%s", wf)
	}
}

// A dataset waits for exactly the path it names: a uri-template that keeps
// a variable nobody sets, or ${coord:user()} with no user.name, is refused
// at the template instead of a dataset that would wait forever.
func TestDatasetURIMustBeKnown(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "workflow.xml"), []byte(`<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="end"/><end name="end"/></workflow-app>`), 0o644)
	os.WriteFile(filepath.Join(dir, "coordinator.xml"), []byte(`<coordinator-app name="c" frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC" xmlns="uri:oozie:coordinator:0.5">
  <datasets>
    <dataset name="a" frequency="60" initial-instance="2026-01-01T00:00Z" timezone="UTC">
      <uri-template>hdfs://${master}:8020/data/${YEAR}</uri-template>
    </dataset>
    <dataset name="b" frequency="60" initial-instance="2026-01-01T00:00Z" timezone="UTC">
      <uri-template>/user/${coord:user()}/data/${YEAR}</uri-template>
    </dataset>
  </datasets>
  <action><workflow><app-path>`+dir+`</app-path></workflow></action>
</coordinator-app>`), 0o644)
	_, err := Import([]string{dir}, Options{})
	for _, want := range []string{
		`coordinator.xml:4:7: uri-template "hdfs://${master}:8020/data/${YEAR}" needs ${master}, which no job.properties sets: give the value with --properties FILE`,
		`coordinator.xml:7:7: uri-template "/user/${coord:user()}/data/${YEAR}" needs ${coord:user()}, the user who submits the job: give user.name with --properties FILE`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %q", err, want)
		}
	}
}

// SLA of a coordinator's action is reported as SLA of a workflow is.
func TestCoordinatorSLAIsReported(t *testing.T) {
	validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="end"/><end name="end"/></workflow-app>`,
		"coordinator.xml": `<coordinator-app name="c" frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC" xmlns="uri:oozie:coordinator:0.5" xmlns:sla="uri:oozie:sla:0.2">
  <action>
    <workflow><app-path>/apps/w</app-path></workflow>
    <sla:info>
      <sla:nominal-time>${coord:nominalTime()}</sla:nominal-time>
      <sla:should-end>${30 * MINUTES}</sla:should-end>
    </sla:info>
  </action>
</coordinator-app>`,
	}, `coordinator.xml:4:5: unsupported: SLA <sla:info> of the coordinator's action is not imported`)
}

// Spark actions import as howdah's spark action. Spark 2 and later refuse
// master yarn-cluster and yarn-client: the import writes master yarn and
// the mode, as Oozie's Spark action does, taking a --master or
// --deploy-mode out of spark-opts; a relative application file is read
// from the application's directory.
func TestSparkMasterAndAppFiles(t *testing.T) {
	got := validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w">
  <start to="a"/>
  <action name="a">
    <spark xmlns="uri:oozie:spark-action:0.2"><master>yarn-cluster</master><name>n</name><jar>job.py</jar></spark>
    <ok to="b"/><error to="kill"/>
  </action>
  <action name="b">
    <spark xmlns="uri:oozie:spark-action:0.2"><master>local[2]</master><name>n</name><jar>/opt/job.py</jar><spark-opts>--master yarn-client --executor-memory 1g</spark-opts></spark>
    <ok to="c"/><error to="kill"/>
  </action>
  <action name="c">
    <spark xmlns="uri:oozie:spark-action:0.2"><master>yarn-cluster</master><mode>client</mode><name>n</name><jar>/opt/job.py</jar></spark>
    <ok to="end"/><error to="kill"/>
  </action>
  <kill name="kill"><message>failed</message></kill>
  <end name="end"/>
</workflow-app>`,
	}, `workflow.xml:4:90: difference: the spark application job.py is relative to the application in Oozie: howdah reads it from param.app_dir`)
	wf := got["workflow.hcl"]
	for _, want := range []string{
		"master = \"yarn\"\n      mode   = \"cluster\"\n      name   = \"n\"\n      jar    = \"${param.app_dir}/job.py\"",
		// spark-opts' --master comes after <master> and wins, as in spark-submit.
		"master     = \"yarn\"\n      mode       = \"client\"\n      name       = \"n\"\n      jar        = \"/opt/job.py\"\n      spark_opts = [\"--executor-memory\", \"1g\"]",
		"master = \"yarn\"\n      mode   = \"client\"\n      name   = \"n\"\n      jar    = \"/opt/job.py\"",
	} {
		if !strings.Contains(wf, want) {
			t.Errorf("lacks %s:\n%s", want, wf)
		}
	}
}

// A map-reduce action whose mapper lives in a lib/ that is not there is
// reported, as a java action's is.
func TestMapReduceWithoutLib(t *testing.T) {
	validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w">
  <start to="mr"/>
  <action name="mr">
    <map-reduce>
      <configuration>
        <property><name>mapred.mapper.class</name><value>com.example.Mapper</value></property>
        <property><name>mapred.input.dir</name><value>/data/in</value></property>
        <property><name>mapred.output.dir</name><value>/data/out</value></property>
      </configuration>
    </map-reduce>
    <ok to="end"/><error to="kill"/>
  </action>
  <kill name="kill"><message>failed</message></kill>
  <end name="end"/>
</workflow-app>`,
	}, `workflow.xml:4:5: reference: no lib/*.jar in`, `holds the mapper com.example.Mapper`)
}

// With oozie.wf.validate.ForkJoin=false Oozie runs forks whose branches
// leave them. Error transitions to a shared notification and a kill, and
// a node two branches share, translate; a branch that goes to the end
// without a join (Oozie ends the workflow, killing the others) is refused
// at that transition.
func TestForksThatOozieRunsUnvalidated(t *testing.T) {
	validated(t, map[string]string{
		"job.properties": "oozie.wf.validate.ForkJoin=false\n",
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="a">
  <start to="f"/>
  <fork name="f"><path start="x"/><path start="y"/></fork>
  <action name="x"><fs><mkdir path="/tmp/x"/></fs><ok to="shared"/><error to="mail"/></action>
  <action name="y"><fs><mkdir path="/tmp/y"/></fs><ok to="shared"/><error to="mail"/></action>
  <action name="shared"><fs><mkdir path="/tmp/s"/></fs><ok to="j"/><error to="mail"/></action>
  <join name="j" to="end"/>
  <action name="mail"><fs><mkdir path="/tmp/m"/></fs><ok to="k"/><error to="k"/></action>
  <kill name="k"><message>x</message></kill>
  <end name="end"/>
</workflow-app>`,
	})
	for name, c := range map[string]struct{ xml, want string }{
		"to end": {`<fork name="f"><path start="x"/><path start="y"/></fork>
  <action name="x"><fs><mkdir path="/tmp/x"/></fs><ok to="j"/><error to="k"/></action>
  <action name="y"><fs><mkdir path="/tmp/y"/></fs><ok to="end"/><error to="k"/></action>
  <join name="j" to="end"/>`, `workflow.xml:5:51: fork "f": the transition of "y" goes to the end without passing a join (oozie.wf.validate.ForkJoin=false lets Oozie run it)`},
		"two joins": {`<fork name="f"><path start="x"/><path start="y"/></fork>
  <action name="x"><fs><mkdir path="/tmp/x"/></fs><ok to="j1"/><error to="k"/></action>
  <action name="y"><fs><mkdir path="/tmp/y"/></fs><ok to="j2"/><error to="k"/></action>
  <join name="j1" to="j2"/>
  <join name="j2" to="end"/>`, `workflow.xml:3:3: fork "f": its branches reach joins j1 and j2`},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "job.properties"), []byte("oozie.wf.validate.ForkJoin=false\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "workflow.xml"), []byte(`<workflow-app xmlns="uri:oozie:workflow:0.5" name="b">
  <start to="f"/>
  `+c.xml+`
  <kill name="k"><message>x</message></kill>
  <end name="end"/>
</workflow-app>`), 0o644)
		_, err := Import([]string{dir}, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

// Oozie matches a cron frequency in UTC and numbers days of week as
// Quartz does: the import writes the coordinator in UTC, moves the day
// numbers, and keeps the date functions in UTC.
func TestCronCoordinatorInAnotherZone(t *testing.T) {
	got := validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="end"/><end name="end"/></workflow-app>`,
		"coordinator.xml": `<coordinator-app name="c" frequency="0 9-16 * * 2-6" start="2026-01-01T00:00Z" end="2026-02-01T00:00Z" timezone="GMT+09:00" xmlns="uri:oozie:coordinator:0.5">
  <action><workflow><app-path>/apps/w</app-path>
    <configuration><property><name>day</name><value>${coord:formatTime(coord:nominalTime(), 'yyyyMMdd')}</value></property></configuration>
  </workflow></action>
</coordinator-app>`,
	}, `coordinator.xml:1:1: difference: frequency "0 9-16 * * 2-6": Oozie matches a cron expression in UTC whatever the coordinator's timezone (GMT+09:00), so the coordinator is written with timezone UTC`)
	c := got["coordinator.hcl"]
	for _, want := range []string{`frequency = cron("0 9-16 * * 1-5")`, `timezone  = "UTC"`} {
		if !strings.Contains(c, want) {
			t.Errorf("lacks %s:\n%s", want, c)
		}
	}
}

// A Falcon-style template's #NAME# placeholders take the values
// --properties gives (XML-escaped); without them the template is refused
// where a value must be known.
func TestTemplatePlaceholdersFromProperties(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "workflow.xml"), []byte(`<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="end"/><end name="end"/></workflow-app>`), 0o644)
	os.WriteFile(filepath.Join(dir, "coordinator.xml"), []byte(`<coordinator-app name="#NAME#" frequency="#FREQUENCY#" start="#START_TIME#" end="#END_TIME" timezone="#TIMEZONE#" xmlns="uri:oozie:coordinator:0.5">
  <action><workflow><app-path>`+dir+`</app-path>
    <configuration><property><name>note</name><value>#NOTE#</value></property></configuration>
  </workflow></action>
</coordinator-app>`), 0o644)
	if _, err := Import([]string{dir}, Options{}); err == nil || !strings.Contains(err.Error(), `start "#START_TIME#" is a template placeholder`) {
		t.Fatalf("unfilled template: %v", err)
	}
	props := filepath.Join(t.TempDir(), "fill.properties")
	os.WriteFile(props, []byte("NAME=a<b\nFREQUENCY=${coord:hours(1)}\nSTART_TIME=2026-01-01T00:00Z\nEND_TIME=2026-01-02T00:00Z\nTIMEZONE=UTC\n"), 0o644)
	res, err := Import([]string{dir}, Options{Properties: props})
	if err != nil {
		t.Fatal(err)
	}
	reportHas(t, res, `coordinator.xml: difference: template placeholders filled from --properties: NAME, FREQUENCY, START_TIME, END_TIME, TIMEZONE`)
	writeAndValidate(t, res)
	for _, f := range res.Files {
		if f.Kind == "coordinator" && (!strings.Contains(string(f.Data), `coordinator "a_b"`) || !strings.Contains(string(f.Data), `frequency = hours(1)`)) {
			t.Errorf("%s", f.Data)
		}
	}
}

// coord:absolute and coord:endOfDays/Weeks/Months as a range's start,
// coord:absoluteRange and coord:future import into ranges that validate.
func TestAbsoluteAndFutureImport(t *testing.T) {
	got := validated(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="end"/><end name="end"/></workflow-app>`,
		"coordinator.xml": `<coordinator-app name="c" frequency="${coord:days(1)}" start="2026-01-10T00:00Z" end="2026-02-01T00:00Z" timezone="UTC" xmlns="uri:oozie:coordinator:0.5">
  <datasets>
    <dataset name="d" frequency="${coord:days(1)}" initial-instance="2026-01-01T00:00Z" timezone="UTC"><uri-template>/data/${YEAR}${MONTH}${DAY}</uri-template></dataset>
  </datasets>
  <input-events>
    <data-in name="all" dataset="d"><start-instance>${coord:absolute("2026-01-02T00:00Z")}</start-instance><end-instance>${coord:current(0)}</end-instance></data-in>
    <data-in name="next" dataset="d"><instance>${coord:future(0, 3)}</instance></data-in>
    <data-in name="ranged" dataset="d"><instance>${coord:absoluteRange("2026-01-03T00:00Z", -1)}</instance></data-in>
    <data-in name="month" dataset="d"><start-instance>${coord:endOfMonths(-1)}</start-instance><end-instance>${coord:current(0)}</end-instance></data-in>
    <data-in name="week" dataset="d"><start-instance>${coord:endOfWeeks(-1)}</start-instance><end-instance>${coord:current(0)}</end-instance></data-in>
    <data-in name="yesterday" dataset="d"><start-instance>${coord:endOfDays(-2)}</start-instance><end-instance>${coord:current(0)}</end-instance></data-in>
  </input-events>
  <action><workflow><app-path>/apps/w</app-path></workflow></action>
</coordinator-app>`,
	})
	c := got["coordinator.hcl"]
	for _, want := range []string{`from    = absolute("2026-01-02T00:00Z")`, `instance = future(0, 3)`,
		`from    = absolute("2026-01-03T00:00Z")
    to      = current(-1)`, `from    = start_of_month(0)`, `from    = start_of_week(0)`, `from    = start_of_day(-1)`} {
		if !strings.Contains(c, want) {
			t.Errorf("lacks %s:\n%s", want, c)
		}
	}
}
