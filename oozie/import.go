package oozie

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Options tune an import.
type Options struct {
	// Properties is a job.properties file whose values win over each
	// application's own job.properties and config-default.xml.
	Properties string
}

// File is one HCL file an import produces.
type File struct {
	// Path is where the file goes, relative to the output directory.
	Path string
	// From is the Oozie file it was translated from.
	From string
	// Kind is "workflow", "coordinator" or "bundle".
	Kind string
	Data []byte
}

// Result is what an import produces: the files and what was not
// translated exactly.
type Result struct {
	Files  []File
	Report Report
}

// app is one Oozie application: a directory's workflow, coordinator and
// bundle files with the properties they share.
type app struct {
	dir   string // the directory the files are in
	name  string // the directory's name, which Oozie app paths end with
	props *properties
	files []*appFile
	libs  []string // lib/*.jar, relative to dir
}

type appFile struct {
	path string
	kind string // workflow, coordinator, bundle
	root *element
	out  string // output path, relative to the output directory
	// workflows only: what translation found, for callers.
	params []*wparam
	// bounds are, for the workflow's variables a coordinator sets from
	// coord:dataIn or coord:dataOut, the directory its datasets' instances
	// lie below: a delete that starts with one gets it as its within.
	bounds map[string]string
}

// Import translates the Oozie applications at paths (application
// directories or single XML files) into HCL. It returns Errors, and no
// files, when any input cannot be read as Oozie XML.
func Import(paths []string, opts Options) (*Result, error) {
	im := &importer{opts: opts}
	if err := im.load(paths); err != nil {
		return nil, err
	}
	return im.translate()
}

type importer struct {
	opts   Options
	apps   []*app
	errs   Errors
	report Report
	// extra is --properties: its values fill a template's #NAME#
	// placeholders too.
	extra *properties
	// loaded is what reading the files reported (each translation pass
	// starts a new report with it).
	loaded []Item
}

// appFileNames are the files an application directory may hold.
var appFileNames = []string{"workflow.xml", "coordinator.xml", "bundle.xml"}

func (im *importer) load(paths []string) error {
	var extra *properties
	if im.opts.Properties != "" {
		p, err := readProperties(im.opts.Properties)
		if err != nil {
			return locate(im.opts.Properties, err)
		}
		extra = p
	}
	im.extra = extra
	byDir := map[string]*app{}
	for _, p := range paths {
		if p == "" {
			im.errs = append(im.errs, &Error{File: `""`, Msg: "an empty path names no application"})
			continue
		}
		if abs, _ := filepath.Abs(p); !utf8.ValidString(abs) {
			im.errs = append(im.errs, &Error{File: strings.ToValidUTF8(p, "?"), Msg: "the path is not UTF-8, which HCL files cannot name"})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			im.errs = append(im.errs, locate(p, err))
			continue
		}
		if st.IsDir() {
			if !im.addDir(byDir, p) {
				im.errs = append(im.errs, &Error{File: p, Msg: "no workflow.xml, coordinator.xml or bundle.xml in this directory"})
			}
			// The applications below it (sub-workflows, a bundle's
			// coordinators) come with it.
			im.addBelow(byDir, p)
			continue
		}
		if !st.Mode().IsRegular() {
			im.errs = append(im.errs, &Error{File: p, Msg: "not a regular file or directory"})
			continue
		}
		im.addFile(im.appFor(byDir, filepath.Dir(p)), p)
	}
	own := map[*app]*properties{}
	for _, a := range im.apps {
		own[a] = im.appProperties(a)
	}
	if len(im.errs) > 0 {
		return im.errs
	}
	im.layout()
	im.inherit(own, extra)
	return nil
}

// addDir adds the application files of directory dir; it says whether
// there were any.
func (im *importer) addDir(byDir map[string]*app, dir string) bool {
	var a *app
	for _, n := range appFileNames {
		f := filepath.Join(dir, n)
		if st, err := os.Lstat(f); err == nil && st.Mode().IsRegular() {
			if a == nil {
				a = im.appFor(byDir, dir)
			}
			im.addFile(a, f)
		}
	}
	return a != nil
}

// maxBelow bounds how many directories below an application are looked
// at for sub-applications.
const maxBelow = 10000

// addBelow adds every application in the directories below dir (links
// are not followed; hidden directories and lib/ are skipped).
func (im *importer) addBelow(byDir map[string]*app, dir string) {
	seen := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || p == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || d.Name() == "lib" {
			return filepath.SkipDir
		}
		if seen++; seen > maxBelow {
			return filepath.SkipAll
		}
		if abs, _ := filepath.Abs(p); utf8.ValidString(abs) {
			im.addDir(byDir, p)
		}
		return nil
	})
}

// inherit sets each application's properties as Oozie passes them: its
// own (config-default.xml, then job.properties); below them, what the
// applications that start it know (a bundle its coordinators, a
// coordinator its workflow) and what an enclosing application directory
// sets (app/coordinator/ beside app/job.properties); --properties wins
// over all. A name two starters set differently is inherited from
// neither.
func (im *importer) inherit(own map[*app]*properties, extra *properties) {
	for _, a := range im.apps {
		a.props = own[a]
	}
	// Enclosing directories, outermost first, so the nearest wins.
	for _, a := range im.apps {
		var parents []*app
		for _, b := range im.apps {
			if isWithin(a.dir, b.dir) {
				parents = append(parents, b)
			}
		}
		sort.Slice(parents, func(i, j int) bool { return len(parents[i].dir) < len(parents[j].dir) })
		under := newProperties()
		for _, b := range parents {
			under = under.merge(own[b])
		}
		a.props = under.merge(a.props)
	}
	// Starters: bundles, then coordinators, each once over the previous.
	for _, kind := range []string{"bundle", "coordinator"} {
		from := map[*app][]*properties{}
		for _, a := range im.apps {
			for _, f := range a.files {
				if f.kind != kind {
					continue
				}
				for _, ap := range startedPaths(f) {
					appPath, _ := a.props.resolve(ap)
					target, _ := im.findApp(appPath, map[string]string{"bundle": "coordinator", "coordinator": "workflow"}[kind], a, f)
					if target != nil {
						if t := im.owner(target); t != nil && t != a {
							from[t] = append(from[t], a.props)
						}
					}
				}
			}
		}
		for t, starters := range from {
			t.props = agreed(starters).merge(t.props)
		}
	}
	for _, a := range im.apps {
		a.props = a.props.merge(extra)
	}
}

// startedPaths are the app-paths a bundle or coordinator starts.
func startedPaths(f *appFile) []string {
	var out []string
	switch f.kind {
	case "bundle":
		for _, c := range f.root.kids("coordinator") {
			if ap := c.kid("app-path"); ap != nil {
				out = append(out, ap.text())
			}
		}
	case "coordinator":
		if ap := f.root.kid("action").orEmpty().kid("workflow").orEmpty().kid("app-path"); ap != nil {
			out = append(out, ap.text())
		}
	}
	return out
}

// agreed is the properties every one of sets gives the same value.
func agreed(sets []*properties) *properties {
	out := newProperties()
	for _, n := range sets[0].order {
		v := sets[0].vals[n]
		same := true
		for _, s := range sets[1:] {
			if w, ok := s.vals[n]; !ok || w.value != v.value {
				same = false
				break
			}
		}
		if same {
			out.set(v)
		}
	}
	return out
}

func (im *importer) owner(f *appFile) *app {
	for _, a := range im.apps {
		for _, g := range a.files {
			if g == f {
				return a
			}
		}
	}
	return nil
}

func locate(file string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &Error{File: file, Msg: err.Error()}
}

func (im *importer) appFor(byDir map[string]*app, dir string) *app {
	key := filepath.Clean(dir)
	if a, ok := byDir[key]; ok {
		return a
	}
	abs, _ := filepath.Abs(key)
	a := &app{dir: key, name: filepath.Base(abs)}
	byDir[key] = a
	im.apps = append(im.apps, a)
	return a
}

func (im *importer) addFile(a *app, file string) {
	for _, f := range a.files {
		if f.path == file {
			return
		}
	}
	data, err := readFile(file)
	if err != nil {
		im.errs = append(im.errs, locate(file, err))
		return
	}
	data = im.fillPlaceholders(file, data)
	root, err := parseXML(file, data)
	if err != nil {
		im.errs = append(im.errs, locate(file, err))
		return
	}
	kind, err := rootKind(root)
	if err != nil {
		im.errs = append(im.errs, err.(*Error))
		return
	}
	a.files = append(a.files, &appFile{path: file, kind: kind, root: root})
}

// templateSlot is a template's placeholder, #NAME# (Falcon writes them;
// a closing # is sometimes forgotten).
var templateSlot = regexp.MustCompile(`#([A-Za-z_][A-Za-z0-9_]*)#?`)

// fillPlaceholders puts the values --properties gives for a template's
// #NAME# placeholders into an Oozie file, XML-escaped, each reported; the
// others stay, and are refused where a value must be known.
func (im *importer) fillPlaceholders(file string, data []byte) []byte {
	if im.extra == nil || !templateSlot.Match(data) {
		return data
	}
	var filled []string
	out := templateSlot.ReplaceAllFunc(data, func(m []byte) []byte {
		name := string(templateSlot.FindSubmatch(m)[1])
		p, ok := im.extra.get(name)
		if !ok {
			return m
		}
		filled = append(filled, name)
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(p.value))
		return b.Bytes()
	})
	if len(filled) > 0 {
		im.loaded = append(im.loaded, Item{At: Location{File: file}, Kind: KindDifference, Msg: "template placeholders filled from --properties: " + strings.Join(dedupe(filled), ", ")})
	}
	return out
}

// Schemas the importer reads, by root element.
var schemas = map[string][]string{
	"workflow-app":    {"0.1", "0.2", "0.2.5", "0.3", "0.4", "0.4.5", "0.5", "1.0"},
	"coordinator-app": {"0.1", "0.2", "0.3", "0.4", "0.5"},
	"bundle-app":      {"0.1", "0.2"},
}

var rootKinds = map[string]string{"workflow-app": "workflow", "coordinator-app": "coordinator", "bundle-app": "bundle"}

func rootKind(root *element) (string, error) {
	versions, ok := schemas[root.Name]
	if !ok {
		return "", &Error{File: root.file, Line: root.Line, Col: root.Col, Msg: fmt.Sprintf("<%s> is not an Oozie workflow-app, coordinator-app or bundle-app", root.Name)}
	}
	prefix := "uri:oozie:" + rootKinds[root.Name] + ":"
	for _, v := range versions {
		if root.Space == prefix+v {
			return rootKinds[root.Name], nil
		}
	}
	ns := root.Space
	if ns == "" {
		ns = "no namespace"
	}
	return "", &Error{File: root.file, Line: root.Line, Col: root.Col, Msg: fmt.Sprintf("unknown schema %q for <%s>: howdah imports %s%s to %s", ns, root.Name, prefix, versions[0], versions[len(versions)-1])}
}

// appProperties reads config-default.xml, then job.properties (which
// wins), from the application's directory.
func (im *importer) appProperties(a *app) *properties {
	props := newProperties()
	if data, err := readFile(filepath.Join(a.dir, "config-default.xml")); err == nil {
		root, err := parseXML(filepath.Join(a.dir, "config-default.xml"), data)
		if err != nil {
			im.errs = append(im.errs, locate("", err))
		} else {
			props = configurationProperties(root)
		}
	}
	if p, err := readProperties(filepath.Join(a.dir, "job.properties")); err == nil {
		props = props.merge(p)
	} else if !errors.Is(err, fs.ErrNotExist) {
		im.errs = append(im.errs, locate(filepath.Join(a.dir, "job.properties"), err))
	}
	if entries, err := os.ReadDir(filepath.Join(a.dir, "lib")); err == nil {
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".jar") && utf8.ValidString(e.Name()) {
				a.libs = append(a.libs, path.Join("lib", e.Name()))
			}
		}
	}
	return props
}

// layout chooses output paths. One application's files go into the
// output directory as <stem>.hcl (workflow.xml -> workflow.hcl). Several
// applications share it, as <app>.hcl for a workflow.xml and
// <app>.<stem>.hcl for the others: one flat directory, because a
// sub-workflow file must lie in its parent's directory tree.
func (im *importer) layout() {
	used := map[string]bool{}
	for _, a := range im.apps {
		for _, f := range a.files {
			stem := strings.TrimSuffix(filepath.Base(f.path), filepath.Ext(f.path))
			name := stem
			if len(im.apps) > 1 {
				name = a.name
				if stem != "workflow" {
					name += "." + stem
				}
			}
			base := name
			for i := 2; used[name]; i++ {
				name = fmt.Sprintf("%s-%d", base, i)
			}
			used[name] = true
			f.out = name + ".hcl"
		}
	}
}

// findApp maps an Oozie application path (an HDFS directory or a file in
// it) to an imported file of the given kind, trying in order: an imported
// application named as the path's last directory (and holding the file
// the path names, if it names one); the referring application's file of
// that name, or its only file of that kind; the nearest enclosing
// application's only file of that kind (a coordinator in app/coordinator/
// runs app/workflow.xml). self is never its own match. how says how a
// match other than by name was made, for the report.
func (im *importer) findApp(appPath, kind string, from *app, self *appFile) (found *appFile, how string) {
	p := strings.TrimRight(appPath, "/")
	base := path.Base(p)
	wantFile := ""
	if strings.HasSuffix(base, ".xml") {
		wantFile = base
		base = path.Base(path.Dir(p))
	}
	if !strings.Contains(base, "${") && !strings.Contains(wantFile, "${") {
		for _, a := range im.apps {
			if a.name != base {
				continue
			}
			for _, f := range a.files {
				if f != self && f.kind == kind && (wantFile == "" || filepath.Base(f.path) == wantFile) {
					return f, ""
				}
			}
		}
	}
	only := func(a *app) *appFile {
		var one *appFile
		for _, f := range a.files {
			if f != self && f.kind == kind {
				if one != nil {
					return nil
				}
				one = f
			}
		}
		return one
	}
	if wantFile != "" {
		for _, f := range from.files {
			if f != self && f.kind == kind && filepath.Base(f.path) == wantFile {
				return f, "the " + wantFile + " imported with it"
			}
		}
	}
	if f := only(from); f != nil {
		return f, "the " + kind + " of its own directory"
	}
	var best *app
	for _, a := range im.apps {
		if a != from && isWithin(from.dir, a.dir) && (best == nil || len(a.dir) > len(best.dir)) && only(a) != nil {
			best = a
		}
	}
	if best != nil {
		return only(best), "the " + kind + " of the enclosing application " + best.name
	}
	return nil, ""
}

// isWithin says whether dir lies below parent.
func isWithin(dir, parent string) bool {
	d, err1 := filepath.Abs(dir)
	p, err2 := filepath.Abs(parent)
	if err1 != nil || err2 != nil || d == p {
		return false
	}
	rel, err := filepath.Rel(p, d)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// reference resolves the application an app-path element names, for
// what refers to it ("sub-workflow", "workflow", "coordinator"): a
// match by layout is reported, no match is an error at the element.
func (im *importer) reference(ap *element, props *properties, kind, what string, from *app, self *appFile) *appFile {
	appPath, _ := props.resolve(ap.text())
	f, how := im.findApp(appPath, kind, from, self)
	shown := ap.text()
	if appPath != ap.text() {
		shown += " (" + appPath + ")"
	}
	if f == nil {
		im.errorAt(ap, "%s %s is not among the imported applications: import its directory in the same command", what, shown)
		return nil
	}
	if how != "" {
		im.report.add(ap.at(), KindReference, "%s %s taken to be %s (%s)", what, shown, how, filepath.Base(f.path))
	}
	return f
}

// relPath is the path of file to (relative to the output directory) as
// seen from file from.
func relPath(from, to string) string {
	r, err := filepath.Rel(path.Dir(from), to)
	if err != nil {
		return to
	}
	return filepath.ToSlash(r)
}

func (im *importer) translate() (*Result, error) {
	// Workflows first, twice over: a parent passes its children's
	// parameters (propagate-configuration), so it needs their lists.
	var wfs []*appFile
	owner := map[*appFile]*app{}
	for _, a := range im.apps {
		for _, f := range a.files {
			owner[f] = a
			if f.kind == "workflow" {
				wfs = append(wfs, f)
			}
		}
	}
	im.deleteBounds()
	out := map[*appFile][]byte{}
	for pass := 0; pass < 4; pass++ {
		im.report = Report{Items: slices.Clone(im.loaded)}
		im.errs = nil
		changed := false
		for _, f := range wfs {
			w := newWorkflowTranslator(im, owner[f], f)
			data := w.translate()
			if !sameParams(f.params, w.params) {
				changed = true
			}
			f.params = w.params
			out[f] = data
		}
		if !changed && pass > 0 {
			break
		}
	}
	for _, a := range im.apps {
		for _, f := range a.files {
			switch f.kind {
			case "coordinator":
				out[f] = newCoordinatorTranslator(im, a, f).translate()
			case "bundle":
				out[f] = im.bundle(a, f)
			}
		}
	}
	if len(im.errs) > 0 {
		sort.SliceStable(im.errs, func(i, j int) bool {
			a, b := im.errs[i], im.errs[j]
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Line < b.Line
		})
		return nil, im.errs
	}
	res := &Result{}
	for _, a := range im.apps {
		for _, f := range a.files {
			data, err := format(f.out, out[f])
			if err != nil {
				return nil, Errors{{File: f.path, Line: 1, Col: 1, Msg: err.Error()}}
			}
			res.Files = append(res.Files, File{Path: f.out, From: f.path, Kind: f.kind, Data: data})
		}
	}
	im.report.sort()
	res.Report = im.report
	return res, nil
}

func sameParams(a, b []*wparam) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].name != b[i].name {
			return false
		}
	}
	return true
}

func (im *importer) errorAt(e *element, format string, args ...any) {
	im.errs = append(im.errs, &Error{File: e.file, Line: e.Line, Col: e.Col, Msg: fmt.Sprintf(format, args...)})
}

// errorIn is errorAt for a place known by its location.
func (im *importer) errorIn(at Location, format string, args ...any) {
	im.errs = append(im.errs, &Error{File: at.File, Line: at.Line, Col: at.Col, Msg: fmt.Sprintf(format, args...)})
}
