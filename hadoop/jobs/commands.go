package jobs

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
)

// JarCommand is the client's argv that runs mainClass from jar. `hadoop
// jar JAR CLASS` would pass CLASS as an argument when the jar's manifest
// names a Main-Class (as hadoop-mapreduce-examples' does), so such jars run
// as `hadoop CLASS` with the jar on HADOOP_CLASSPATH (Spec.Classpath);
// job.setJarByClass finds it there.
func JarCommand(jar, mainClass string, args []string) ([]string, error) {
	if mainClass == "" {
		return append([]string{"jar", jar}, args...), nil
	}
	m, err := manifestMainClass(jar)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadInput, err)
	}
	if m == "" || m == mainClass {
		return append([]string{"jar", jar, mainClass}, args...), nil
	}
	return append([]string{mainClass}, args...), nil
}

// manifestMainClass returns the Main-Class of a jar's manifest, if any.
func manifestMainClass(jar string) (string, error) {
	z, err := zip.OpenReader(jar)
	if err != nil {
		return "", fmt.Errorf("jar %s: %v", jar, err)
	}
	defer z.Close()
	f, err := z.Open("META-INF/MANIFEST.MF")
	if err != nil {
		return "", nil
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 1<<20))
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Main-Class:"); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", nil
}

// StreamingCommand joins argv into the one string hadoop-streaming splits
// again (on spaces, honouring single and double quotes).
func StreamingCommand(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		switch {
		case a == "":
			out[i] = `""`
		case !strings.ContainsAny(a, " \t'\""):
			out[i] = a
		case !strings.Contains(a, `"`):
			out[i] = `"` + a + `"`
		default:
			out[i] = "'" + a + "'"
		}
	}
	return strings.Join(out, " ")
}

// Tag makes s a YARN application tag: lower case (YARN lower-cases tags),
// no commas or other separators, at most 100 characters.
func Tag(s string) string {
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:/@", c) >= 0) {
			b[i] = '_'
		}
	}
	if len(b) > 100 {
		b = b[:100]
	}
	return string(b)
}
