package yarn

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func writeConf(t *testing.T, dir, file string, props map[string]string) {
	t.Helper()
	s := "<configuration>\n"
	for k, v := range props {
		s += "<property><name>" + k + "</name><value>" + v + "</value></property>\n"
	}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(s+"</configuration>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFromConfHA(t *testing.T) {
	dir := t.TempDir()
	writeConf(t, dir, "yarn-site.xml", map[string]string{
		"yarn.resourcemanager.ha.enabled":         "true",
		"yarn.resourcemanager.ha.rm-ids":          "rm1,rm2",
		"yarn.resourcemanager.webapp.address.rm1": "rm1.example:8088",
		"yarn.resourcemanager.hostname.rm2":       "rm2.example",
		"yarn.resourcemanager.webapp.address":     "ignored:1",
	})
	writeConf(t, dir, "mapred-site.xml", map[string]string{"mapreduce.jobhistory.webapp.address": "0.0.0.0:19888"})
	c, err := FromConf(dir, "etl")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"http://rm1.example:8088", "http://rm2.example:8088"}; !reflect.DeepEqual(c.RM, want) {
		t.Errorf("RM = %v, want %v", c.RM, want)
	}
	if c.JHS != "http://localhost:19888" {
		t.Errorf("JHS = %q", c.JHS)
	}
	if _, err := FromConf(t.TempDir(), ""); err == nil {
		t.Error("a directory without yarn-site.xml gave a client")
	}
}

// TestFailoverAndKill: a dead ResourceManager is skipped; a kill is a PUT
// with the user; tags are looked up in lower case.
func TestFailoverAndKill(t *testing.T) {
	var killed, user, tag string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/ws/v1/cluster/apps":
			tag = r.URL.Query().Get("applicationTags")
			json.NewEncoder(w).Encode(map[string]any{"apps": map[string]any{"app": []App{
				{ID: "application_1_0002", State: "RUNNING"}, {ID: "application_1_0001", State: "FINISHED", FinalStatus: "SUCCEEDED"}}}})
		case r.Method == http.MethodPut:
			killed, user = r.URL.Path, r.URL.Query().Get("user.name")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dead := httptest.NewServer(nil)
	dead.Close()
	c := &Client{RM: []string{dead.URL, srv.URL}, User: "etl"}
	apps, err := c.AppsByTag(context.Background(), "Howdah-ABC")
	if err != nil || len(apps) != 2 || apps[0].ID != "application_1_0001" || !apps[0].Succeeded() || apps[1].Terminal() {
		t.Fatalf("apps = %+v, %v", apps, err)
	}
	if tag != "howdah-abc" {
		t.Errorf("tag sent as %q", tag)
	}
	if err := c.Kill(context.Background(), "application_1_0002"); err != nil {
		t.Fatal(err)
	}
	if killed != "/ws/v1/cluster/apps/application_1_0002/state" || user != "etl" {
		t.Errorf("kill: %s as %q", killed, user)
	}
	if got := apps[0].JobID(); got != "job_1_0001" {
		t.Errorf("JobID = %s", got)
	}
}

// A cluster whose web servers are HTTPS only is reached at its HTTPS
// addresses; the JobHistory follows yarn.http.policy unless told otherwise.
func TestFromPropertiesHTTPSOnly(t *testing.T) {
	c, err := FromProperties(map[string]string{
		"yarn.http.policy":                          "HTTPS_ONLY",
		"yarn.resourcemanager.webapp.address":       "rm:8088",
		"yarn.resourcemanager.webapp.https.address": "rm:8090",
		"mapreduce.jobhistory.webapp.address":       "jhs:19888",
		"mapreduce.jobhistory.webapp.https.address": "jhs:19890",
	}, "")
	if err != nil || c.RM[0] != "https://rm:8090" || c.JHS != "https://jhs:19890" {
		t.Errorf("%+v %v", c, err)
	}
	c, err = FromProperties(map[string]string{
		"yarn.http.policy":                    "HTTPS_ONLY",
		"yarn.resourcemanager.hostname":       "rm",
		"mapreduce.jobhistory.http.policy":    "HTTP_ONLY",
		"mapreduce.jobhistory.webapp.address": "jhs:19888",
	}, "")
	if err != nil || c.RM[0] != "https://rm:8090" || c.JHS != "http://jhs:19888" {
		t.Errorf("%+v %v", c, err)
	}
}
