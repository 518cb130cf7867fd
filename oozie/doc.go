// Package oozie translates Apache Oozie applications (workflow,
// coordinator and bundle XML, job.properties, config-default.xml, lib/
// jars) into howdah HCL: `howdah import oozie`.
//
// Import is the entry point. It reads every input first and returns Errors
// (each with file, line and column) and no files when any input is not
// well-formed XML, has an unknown schema, a dangling transition or a
// cycle. Otherwise it returns formatted HCL files and a Report with one
// Item per thing not translated exactly.
//
// The data flow is XML -> element tree (xml.go) -> HCL text (workflow.go,
// actions.go, foreign.go, coordinator.go) with EL translated to HCL
// expressions (el_parse.go, el.go). Values from the XML only ever reach
// the HCL through quote(), mangle() or the EL translator, so no input can
// inject HCL. The package writes text and does not import dsl: the CLI
// validates what it wrote.
package oozie
