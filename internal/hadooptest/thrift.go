package hadooptest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ThriftServer is a HiveServer2-protocol server for hive action tests:
// Spark's Thrift server from the pyspark package, in local mode with an
// embedded Derby metastore, accepting one user and password (a custom
// authenticator the test compiles). HiveServer2's own jars are not
// served here; this server speaks the same protocol to the same beeline.
type ThriftServer struct {
	// URL is its JDBC URL; User and Password the one login it accepts.
	URL, User, Password string
	// UI is its Spark UI (REST API under /api/v1).
	UI string
	// Beeline is the beeline Spark ships.
	Beeline string
	// Log is the server's output.
	Log string
}

// thriftAuth accepts one user and password (a custom HiveServer2
// authenticator).
const thriftAuth = `import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;

public class HowdahTestAuth implements PasswdAuthenticationProvider {
  public void Authenticate(String user, String password) throws AuthenticationException {
    if (!"%s".equals(user) || !"%s".equals(password)) {
      throw new AuthenticationException("howdah-test: wrong user or password");
    }
  }
}
`

// StartThriftServer starts a Thrift server with Spark from sparkHome and
// waits until it accepts connections; it is stopped when t's test binary
// ends (it dies with the process that started it) or by stop.
func StartThriftServer(t testing.TB, sparkHome string) (s *ThriftServer, stop func()) {
	t.Helper()
	// Not t.TempDir(): the server outlives the test that starts it.
	dir, err := os.MkdirTemp("", "howdah-thrift-")
	if err != nil {
		t.Fatal(err)
	}
	s = &ThriftServer{User: "etl", Password: "hive-pw-7f3a9c", Beeline: filepath.Join(sparkHome, "bin", "beeline"), Log: filepath.Join(dir, "server.log")}
	src := filepath.Join(dir, "HowdahTestAuth.java")
	if err := os.WriteFile(src, fmt.Appendf(nil, thriftAuth, s.User, s.Password), 0o644); err != nil {
		t.Fatal(err)
	}
	classes := filepath.Join(dir, "classes")
	if out, err := exec.Command("javac", "-nowarn", "-cp", filepath.Join(sparkHome, "jars", "*"), "-d", classes, src).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	port, ui := freePort(t), freePort(t)
	s.URL = fmt.Sprintf("jdbc:hive2://127.0.0.1:%d/default", port)
	s.UI = fmt.Sprintf("http://127.0.0.1:%d", ui)
	log, err := os.Create(s.Log)
	defer log.Close()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(sparkHome, "bin", "spark-submit"),
		"--class", "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
		"--master", "local[2]", "--driver-memory", "768m",
		"--driver-class-path", classes,
		"--conf", fmt.Sprintf("spark.ui.port=%d", ui),
		"--conf", "spark.sql.warehouse.dir="+filepath.Join(dir, "warehouse"),
		"--driver-java-options", "-Dderby.system.home="+dir,
		"spark-internal",
		"--hiveconf", fmt.Sprintf("hive.server2.thrift.port=%d", port),
		"--hiveconf", "hive.server2.thrift.bind.host=127.0.0.1",
		"--hiveconf", "hive.server2.authentication=CUSTOM",
		"--hiveconf", "hive.server2.custom.authentication.class=HowdahTestAuth",
	)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = log, log
	// SPARK_CONF_DIR of the YARN cluster would send it there: local mode.
	cmd.Env = append(os.Environ(), "SPARK_CONF_DIR="+filepath.Join(dir, "conf"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	stop = func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		os.RemoveAll(dir)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for {
		select {
		case <-done:
			b, _ := os.ReadFile(s.Log)
			t.Fatalf("the Thrift server exited:\n%s", lastLines(string(b), 30))
		default:
		}
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			c.Close()
			if r, err := http.Get(s.UI + "/api/v1/applications"); err == nil {
				r.Body.Close()
				return s, stop
			}
		}
		if time.Now().After(deadline) {
			stop()
			b, _ := os.ReadFile(s.Log)
			t.Fatalf("the Thrift server did not start in 3 minutes:\n%s", lastLines(string(b), 30))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
