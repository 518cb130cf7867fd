package hdfs

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/colinmarc/hdfs/v2/hadoopconf"
)

// hungNamenode accepts connections and reads from them, never answering:
// the namenode that has stopped responding without closing sockets.
func hungNamenode(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	return l.Addr().String()
}

// TestHungNamenodeIsBounded: every call against a namenode that never
// answers ends, with ErrUnavailable, within the retry budget.
func TestHungNamenodeIsBounded(t *testing.T) {
	addr := hungNamenode(t)
	f, err := New(Options{User: "u", CallTimeout: 200 * time.Millisecond, DialTimeout: 200 * time.Millisecond, RetryFor: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = f.Stat(context.Background(), "hdfs://"+addr+"/x")
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Stat took %s with a 1s retry budget", d)
	}
	// The caller's context ends a call sooner.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	if _, err := f.Stat(ctx, "hdfs://"+addr+"/x"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancelled Stat took %s", d)
	}
}

// TestRefusedConnectionsRetryThenGiveUp: a namenode that is down is retried
// (as during a restart) and then reported unavailable.
func TestRefusedConnectionsRetryThenGiveUp(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	f, _ := New(Options{User: "u", RetryFor: 700 * time.Millisecond})
	start := time.Now()
	_, err := f.Stat(context.Background(), "hdfs://"+addr+"/x")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "attempts") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("gave up after %s: a refused connection must be retried", d)
	}
}

func TestNamenodesFromConfiguration(t *testing.T) {
	f, _ := New(Options{User: "u", Conf: hadoopconf.HadoopConf{
		"fs.defaultFS":                       "hdfs://prod",
		"dfs.nameservices":                   "prod",
		"dfs.ha.namenodes.prod":              "nn1, nn2",
		"dfs.namenode.rpc-address.prod.nn1":  "nn1.example:8020",
		"dfs.namenode.rpc-address.prod.nn2":  "nn2.example:8020",
		"dfs.namenode.rpc-address.other.nn1": "elsewhere:8020",
	}})
	for authority, want := range map[string][]string{
		"prod":        {"nn1.example:8020", "nn2.example:8020"},
		"single:9000": {"single:9000"},
		"bare":        {"bare:8020"},
	} {
		if got := f.Namenodes(authority); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", authority, got, want)
		}
	}
	for url, want := range map[string]string{
		"hdfs:///data/x":               "prod /data/x",
		"/data/x/":                     "prod /data/x",
		"hdfs://single:9000/a/b":       "single:9000 /a/b",
		"hdfs://single:9000/a/fl?g#1%": "single:9000 /a/fl?g#1%", // glob and name characters, not URL syntax
		"hdfs://single:9000":           "single:9000 /",
	} {
		a, p, err := f.split(url)
		if err != nil || a+" "+p != want {
			t.Errorf("%s: %s %s %v, want %s", url, a, p, err, want)
		}
	}
	if _, _, err := f.split("s3a://bucket/x"); err == nil {
		t.Error("an s3a URL was taken as HDFS")
	}
}

func TestParentURL(t *testing.T) {
	for in, want := range map[string]string{
		"hdfs://nn:8020/a/b/_SUCCESS": "hdfs://nn:8020/a/b",
		"hdfs:///a/b":                 "hdfs:///a",
		"/a/b/":                       "/a",
		"hdfs://nn/a":                 "hdfs://nn/",
		"hdfs://nn/x/*/mov?d":         "hdfs://nn/x/*",
	} {
		if got := parentURL(in); got != want {
			t.Errorf("parentURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeleteRefusesTheRoot(t *testing.T) {
	f, _ := New(Options{User: "u", Conf: hadoopconf.HadoopConf{"fs.defaultFS": "hdfs://127.0.0.1:1"}})
	for _, u := range []string{"hdfs://127.0.0.1:1/", "hdfs:///", "/", "hdfs://127.0.0.1:1/a/.."} {
		if err := f.Delete(context.Background(), u, true); err == nil || errors.Is(err, ErrUnavailable) {
			t.Errorf("Delete(%q) = %v: must be refused without a call", u, err)
		}
	}
	if f.RPCs() != 0 {
		t.Errorf("%d namenode calls", f.RPCs())
	}
}
