package oozie

import (
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
