package plan

import (
	"strings"
	"testing"
)

func TestHiveURL(t *testing.T) {
	for _, c := range []struct{ url, principal, want string }{
		{"jdbc:hive2://hs2:10000/db", "", "jdbc:hive2://hs2:10000/db"},
		{"jdbc:hive2://hs2:10000/db", "hive/_HOST@R", "jdbc:hive2://hs2:10000/db;principal=hive/_HOST@R"},
		{"jdbc:hive2://hs2:10000/db;ssl=true?hive.exec.parallel=true#x=1", "hive/h@R", "jdbc:hive2://hs2:10000/db;ssl=true;principal=hive/h@R?hive.exec.parallel=true#x=1"},
	} {
		if got := HiveURL(c.url, c.principal); got != c.want {
			t.Errorf("HiveURL(%q, %q) = %q, want %q", c.url, c.principal, got, c.want)
		}
	}
}

func TestCheckHiveURL(t *testing.T) {
	for _, c := range []struct{ url, principal, err string }{
		{"jdbc:hive2://hs2:10000/db", "hive/_HOST@R", ""},
		{"jdbc:hive2://zk1:2181,zk2:2181/;serviceDiscoveryMode=zooKeeper;zooKeeperNamespace=hiveserver2", "", ""},
		{"jdbc:mysql://db/x", "", "HiveServer2 URL"},
		{"jdbc:hive2://hs2:10000/db;user=a;Password=hunter2", "", "password setting"},
		{"jdbc:hive2://hs2:10000/db;ssl=true;trustStorePassword=x", "", "password setting"},
		{"jdbc:hive2://hs2:10000/db;principal=hive/h@R", "hive/h@R", "already names a principal"},
		{"jdbc:hive2://hs2:10000/db", "hive/h@R;auth=noSasl", "would add settings"},
	} {
		err := CheckHiveURL(c.url, c.principal)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.url, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: %v, want %q", c.url, err, c.err)
		case err != nil && strings.Contains(err.Error(), "hunter2"):
			t.Errorf("the error shows the password: %v", err)
		}
	}
}

func TestHiveCheckArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"--verbose=true", "--showHeader=false", "--outputformat=csv2"}, true},
		{[]string{"-p", "x"}, false},
		{[]string{"-u", "jdbc:hive2://other/"}, false},
		{[]string{"--password-file=/tmp/x"}, false},
		{[]string{"--PROPERTY-FILE", "/tmp/x"}, false},
		{[]string{"-e", "DROP TABLE x"}, false},
	} {
		err := (&Hive{Args: c.args}).CheckArgs()
		if (err == nil) != c.ok {
			t.Errorf("%v: %v", c.args, err)
		}
	}
}
