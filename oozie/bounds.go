package oozie

import (
	"regexp"
	"strings"

	"github.com/howdah/howdah/fspath"
)

// dataEvent is a configuration value that is exactly one event's
// instances: ${coord:dataIn('in')} or ${coord:dataOut('out')}.
var dataEvent = regexp.MustCompile(`^\$\{\s*coord:data(In|Out)\(\s*'([^']*)'\s*\)\s*\}$`)

// deleteBounds finds, before the workflows are translated, the directory
// each variable a coordinator passes from a dataset stays below: the fixed
// part of the dataset's uri-template (resolved from the coordinator's
// properties), up to the last '/' before its first ${YEAR}-style variable,
// or the parent of a URI without one. Oozie workflows delete such a
// variable (<delete path="${outputDir}"/>); howdah's delete guard needs the
// bound to accept a path only known at run time, so the import declares it
// as the parameter's within. Coordinators that disagree leave no bound.
func (im *importer) deleteBounds() {
	for _, a := range im.apps {
		for _, f := range a.files {
			if f.kind != "coordinator" {
				continue
			}
			im.coordinatorBounds(a, f)
		}
	}
}

func (im *importer) coordinatorBounds(a *app, f *appFile) {
	c := newCoordinatorTranslator(im, a, f)
	wfEl := f.root.kid("action").orEmpty().kid("workflow")
	ap := wfEl.orEmpty().kid("app-path")
	if ap == nil {
		return
	}
	appPath, _ := c.props.resolve(ap.text())
	wf, _ := im.findApp(appPath, "workflow", a, f)
	if wf == nil {
		return
	}
	uris := map[string]string{} // dataset name -> uri-template
	for _, ds := range f.root.kid("datasets").orEmpty().kids("dataset") {
		uris[ds.attrValue("name")] = ds.kidText("uri-template")
	}
	events := map[string]string{} // In/name, Out/name -> dataset
	for _, ev := range []struct{ el, fn string }{{"input-events", "In"}, {"output-events", "Out"}} {
		for _, d := range f.root.kid(ev.el).orEmpty().Kids {
			events[ev.fn+"/"+d.attrValue("name")] = d.attrValue("dataset")
		}
	}
	conf := configurationProperties(wfEl.kid("configuration"))
	for _, name := range conf.order {
		m := dataEvent.FindStringSubmatch(strings.TrimSpace(conf.vals[name].value))
		if m == nil {
			continue
		}
		uri, ok := uris[events[m[1]+"/"+m[2]]]
		if !ok {
			continue
		}
		within := ""
		if resolved, missing := c.resolveURI(uriVariable.ReplaceAllString(uri, "\x00")); len(missing) == 0 && !strings.Contains(resolved, "${") {
			within = instancesDir(resolved)
		}
		if wf.bounds == nil {
			wf.bounds = map[string]string{}
		}
		if prev, seen := wf.bounds[name]; seen && prev != within {
			within = ""
		}
		wf.bounds[name] = within
	}
}

// instancesDir is the directory every instance of a resolved uri-template
// lies below ("\x00" marks where a ${YEAR}-style variable was), or "" when
// the fixed part names no directory below a root.
func instancesDir(uri string) string {
	prefix, _, variable := strings.Cut(uri, "\x00")
	if !variable {
		prefix = strings.TrimRight(prefix, "/")
	}
	dir := fspath.FixedDir(prefix)
	if dir == "" || fspath.CheckWithin(dir) != nil {
		return ""
	}
	return dir
}
