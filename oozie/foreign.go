package oozie

import (
	"fmt"
	"strings"
)

// foreign imports an action howdah does not run (pig, sqoop, ssh,
// email, git, custom) as a shell step running the equivalent
// command line on the worker host, so the workflow keeps its shape. It
// returns the comment that marks the step.
func (w *workflowTranslator) foreign(kw *writer, node string, kind *element, rest []*element, parts *actionParts) string {
	var argv []string
	var notes []string
	lit := func(s ...string) {
		for _, x := range s {
			argv = append(argv, quote(x))
		}
	}
	text := func(e *element) {
		v, note := w.val(e.text(), e.at())
		argv = append(argv, v)
		if note != "" {
			notes = append(notes, note)
		}
	}
	texts := func(flag string, es []*element) {
		for _, e := range es {
			if flag != "" {
				lit(flag)
			}
			text(e)
		}
	}
	// A file the application holds: relative to it, as Oozie reads it.
	appFile := func(e *element, what string) {
		v, note := w.appFile(e, what)
		argv = append(argv, v)
		if note != "" {
			notes = append(notes, note)
		}
	}
	capture, hadoopClient := false, false
	var known []string
	command := ""
	switch kind.Name {
	case "pig":
		known = []string{"script", "param", "argument"}
		lit("pig")
		texts("-param", kind.kids("param"))
		if s := kind.kid("script"); s != nil {
			lit("-f")
			appFile(s, "pig script")
		}
		texts("", kind.kids("argument"))
		command, hadoopClient = "pig", true
	case "sqoop":
		known = []string{"command", "arg"}
		lit("sqoop")
		if c := kind.kid("command"); c != nil {
			for _, word := range splitCommand(c.text()) {
				v, note := w.val(word, c.at())
				argv = append(argv, v)
				if note != "" {
					notes = append(notes, note)
				}
			}
		}
		texts("", kind.kids("arg"))
		command, hadoopClient = "sqoop", true
	case "ssh":
		known = []string{"host", "command", "args", "arg", "capture-output"}
		lit("ssh")
		text(kind.kid("host").orEmpty())
		text(kind.kid("command").orEmpty())
		texts("", kind.kids("args"))
		texts("", kind.kids("arg"))
		capture = kind.kid("capture-output") != nil
		command = "ssh"
	case "email":
		known = []string{"to", "cc", "bcc", "subject", "body", "content_type", "attachment"}
		// mail(1) reads the body on standard input; cc and bcc are
		// arguments only when given (howdah refuses empty ones).
		script := `printf '%s\n' "$3" | mail -s "$2"`
		var extra []*element
		for _, f := range []struct{ name, flag string }{{"cc", "-c"}, {"bcc", "-b"}} {
			if e := kind.kid(f.name); e != nil && strings.TrimSpace(e.text()) != "" {
				extra = append(extra, e)
				script += fmt.Sprintf(` %s "$%d"`, f.flag, 3+len(extra))
			}
		}
		lit("sh", "-c", script+` -- "$1"`, "email")
		for _, f := range []string{"to", "subject", "body"} {
			text(kind.kid(f).orEmpty())
		}
		for _, e := range extra {
			text(e)
		}
		for _, f := range []string{"content_type", "attachment"} {
			if e := kind.kid(f); e != nil {
				w.im.report.add(e.at(), KindUnsupported, "email <%s> is not imported", f)
			}
		}
		command = "mail"
	case "git":
		known = []string{"git-uri", "branch", "key-path", "destination-uri"}
		lit("git", "clone")
		if b := kind.kid("branch"); b != nil {
			lit("--branch")
			text(b)
		}
		text(kind.kid("git-uri").orEmpty())
		text(kind.kid("destination-uri").orEmpty())
		if k := kind.kid("key-path"); k != nil {
			w.im.report.add(k.at(), KindUnsupported, "git <key-path> is not imported: the worker's own ssh keys are used")
		}
		command = "git clone"
	default:
		msg := fmt.Sprintf("Oozie custom action <%s> (%s) has no howdah equivalent", kind.Name, kind.Space)
		lit("sh", "-c", `echo "$1" >&2; exit 1`, node, msg)
		w.im.report.add(kind.at(), KindShell, "custom action <%s> (%s) imported as a shell step that fails with a message: replace it", kind.Name, kind.Space)
		kw.open("shell")
		kw.attr("argv", list(argv), "")
		kw.close()
		return fmt.Sprintf("Oozie custom action <%s xmlns=%q>: replace this step; it fails saying so.", kind.Name, kind.Space)
	}
	w.unknownKids(kind, rest, known...)
	kw.open("shell")
	kw.attr("argv", list(argv), strings.Join(notes, "; "))
	if capture {
		kw.attr("capture_output", "true", "")
	}
	if hadoopClient {
		// Its MapReduce jobs carry the attempt's tag: followed, and
		// killed on cancel.
		kw.attr("hadoop_client", "true", "")
		w.im.report.add(kind.at(), KindShell, "%s action imported as a shell step that runs %s on the worker host as a Hadoop client (its jobs tagged, followed and killed)", kind.Name, command)
		kw.close()
		return fmt.Sprintf("Oozie <%s> action: howdah runs `%s` on the worker host; the jobs it submits carry the step's YARN tag.", kind.Name, command)
	}
	w.im.report.add(kind.at(), KindShell, "%s action imported as a shell step that runs %s on the worker host", kind.Name, command)
	kw.close()
	return fmt.Sprintf("Oozie <%s> action: howdah runs `%s` on the worker host.", kind.Name, command)
}

func (e *element) orEmpty() *element {
	if e == nil {
		return &element{}
	}
	return e
}

// markSensitive marks the parameters a password element uses sensitive.
func (w *workflowTranslator) markSensitive(text string) {
	segs, err := splitEL(text)
	if err != nil {
		return
	}
	for _, s := range segs {
		if !s.isEL {
			continue
		}
		n, err := parseEL(s.el)
		if err != nil {
			continue
		}
		switch v := n.(type) {
		case elVar:
			w.param(v.name, nil).sensitive = true
		case elCall:
			if v.fn == "conf" && len(v.args) == 1 {
				if s, ok := v.args[0].(elString); ok {
					w.param(s.v, nil).sensitive = true
				}
			}
		}
	}
}
