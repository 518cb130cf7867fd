// Package conf reads Hadoop configuration directories (HADOOP_CONF_DIR) and
// writes per-job copies of them with extra properties, which is how howdah
// hands an action's configuration, and its YARN tags, to any Hadoop client
// program, whether or not that program parses -D options.
package conf

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Property is one configuration property.
type Property struct {
	Name  string `xml:"name"`
	Value string `xml:"value"`
	Final bool   `xml:"final,omitempty"`
}

type document struct {
	XMLName  xml.Name   `xml:"configuration"`
	Property []Property `xml:"property"`
}

// ReadFile returns a configuration file's properties in file order; a
// missing file has none.
func ReadFile(path string) ([]Property, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var doc document
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return doc.Property, nil
}

// Load merges core-, hdfs-, yarn- and mapred-site.xml from dir (later files
// win, as in a Hadoop client).
func Load(dir string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range []string{"core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml"} {
		props, err := ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		for _, p := range props {
			out[p.Name] = p.Value
		}
	}
	return out, nil
}

// Overlay makes dst a copy of the configuration directory src (files are
// symlinked) whose mapred-site.xml also sets the given properties, in
// order, later ones winning. Properties marked final in any of src's site
// files are left as the cluster set them, as Hadoop itself would.
func Overlay(src, dst string, set []Property) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("HADOOP_CONF_DIR %s: %v", src, err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	final := map[string]bool{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "-site.xml") {
			props, err := ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				return err
			}
			for _, p := range props {
				if p.Final {
					final[p.Name] = true
				}
			}
		}
		if e.Name() == "mapred-site.xml" {
			continue
		}
		abs, _ := filepath.Abs(filepath.Join(src, e.Name()))
		if err := os.Symlink(abs, filepath.Join(dst, e.Name())); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	base, err := ReadFile(filepath.Join(src, "mapred-site.xml"))
	if err != nil {
		return err
	}
	index := map[string]int{}
	for i, p := range base {
		index[p.Name] = i
	}
	for _, p := range set {
		if final[p.Name] {
			continue
		}
		p.Final = false
		if i, ok := index[p.Name]; ok {
			base[i] = p
		} else {
			index[p.Name] = len(base)
			base = append(base, p)
		}
	}
	b, err := xml.MarshalIndent(document{Property: base}, "", "  ")
	if err != nil {
		return err
	}
	b = append([]byte(xml.Header+"<!-- Written by howdah for one job: the cluster's mapred-site.xml and the action's configuration. -->\n"), b...)
	return os.WriteFile(filepath.Join(dst, "mapred-site.xml"), append(b, '\n'), 0o644)
}
