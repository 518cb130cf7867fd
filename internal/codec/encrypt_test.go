package codec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyringFromEnv(t *testing.T) {
	line, _ := NewKey("2026-11")
	old, _ := NewKey("2026-10")
	dir := t.TempDir()
	file := filepath.Join(dir, "keys")
	os.WriteFile(file, []byte("# current first\n"+line+"\n\n"+old+"\n"), 0o600)
	t.Setenv(EnvKey, "")
	t.Setenv(EnvKeyFile, file)
	k, err := KeyringFromEnv()
	if err != nil || k.CurrentKey() != "2026-11" || len(k.aeads) != 2 {
		t.Fatalf("keyring: %+v %v", k, err)
	}
	os.Chmod(file, 0o644)
	if _, err := KeyringFromEnv(); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable key file: %v", err)
	}
	for _, notFile := range []string{"/", dir, "/dev/null"} {
		t.Setenv(EnvKeyFile, notFile)
		if _, err := KeyringFromEnv(); err == nil || !strings.Contains(err.Error(), "not a file") {
			t.Errorf("key file %s: %v", notFile, err)
		}
	}
	t.Setenv(EnvKeyFile, "")
	t.Setenv(EnvKey, line+","+old)
	if k, err := KeyringFromEnv(); err != nil || k.CurrentKey() != "2026-11" {
		t.Errorf("from the variable: %v", err)
	}
	for _, bad := range []string{"nokey", "id:notbase64!", "id:" + strings.Repeat("A", 8), "bad id:" + strings.SplitN(line, ":", 2)[1], line + "\n" + line, "# only a comment"} {
		if _, err := ParseKeyring(bad, "test"); err == nil {
			t.Errorf("ParseKeyring(%q) accepted", bad)
		} else if strings.Contains(err.Error(), strings.SplitN(line, ":", 2)[1]) {
			t.Errorf("an error quotes the key itself: %v", err)
		}
	}
	t.Setenv(EnvKeyFile, file)
	if _, err := KeyringFromEnv(); err == nil {
		t.Error("both variables set: accepted")
	}
}
