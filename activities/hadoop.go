package activities

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/howdah/howdah/hadoop/conf"
	"github.com/howdah/howdah/hadoop/hdfs"
	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/hadoop/yarn"
)

// HadoopConfig says how a worker reaches its Hadoop cluster.
type HadoopConfig struct {
	// ConfDir is the HADOOP_CONF_DIR (required).
	ConfDir string
	// Command is the Hadoop client command (default "hadoop").
	Command string
	// User is the Hadoop user (default HADOOP_USER_NAME, else the OS user).
	User string
	// StreamingJar is hadoop-streaming's jar (default HADOOP_STREAMING_JAR,
	// else found under HADOOP_HOME).
	StreamingJar string
	// PollEvery is how often YARN applications are polled (default 2s).
	PollEvery time.Duration
	// Kerberos says how to log in when the configuration says the cluster
	// is kerberized (hadoop.security.authentication=kerberos): a keytab, or
	// the ticket cache; empty fields come from the environment
	// (kerberos.Options.FromEnv).
	Kerberos kerberos.Options
	// ProxyUser runs each Hadoop job as the run's user (Hadoop's proxy
	// users, Oozie's way): the cluster must allow the worker's user to
	// impersonate it (hadoop.proxyuser.USER.hosts and .groups or .users).
	ProxyUser bool
}

// NewWithHadoop returns Activities for a worker on a Hadoop edge node:
// hdfs:// paths go to HDFS (colinmarc/hdfs), map_reduce, java, distcp and
// hdfs:// streaming actions are submitted to YARN with the Hadoop client.
// Paths without a scheme are on fs.defaultFS, as for any Hadoop client;
// file:// paths are the worker's own.
func NewWithHadoop(c HadoopConfig) (*Activities, error) {
	if c.ConfDir == "" {
		return nil, fmt.Errorf("Hadoop needs a configuration directory (HADOOP_CONF_DIR)")
	}
	switch fi, err := os.Stat(c.ConfDir); {
	case err != nil:
		return nil, fmt.Errorf("Hadoop configuration directory %s: %w (give the directory with core-site.xml and yarn-site.xml: --hadoop-conf-dir or HADOOP_CONF_DIR)", c.ConfDir, err)
	case !fi.IsDir():
		return nil, fmt.Errorf("Hadoop configuration directory %s is not a directory", c.ConfDir)
	}
	// The configuration is read once, and HDFS and YARN share it.
	hconf, err := conf.Load(c.ConfDir)
	if err != nil {
		return nil, fmt.Errorf("HADOOP_CONF_DIR %s: %w", c.ConfDir, err)
	}
	if c.StreamingJar == "" {
		c.StreamingJar = jobs.FindStreamingJar()
	}
	y, err := yarn.FromProperties(hconf, c.User)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.ConfDir, err)
	}
	if strings.HasPrefix(y.RM[0], "https://") || strings.HasPrefix(y.JHS, "https://") {
		// The REST APIs over HTTPS, trusting what ssl-client.xml trusts.
		tlsConf, err := conf.ClientTLS(c.ConfDir, hconf)
		if err != nil {
			return nil, fmt.Errorf("%s (yarn.http.policy HTTPS_ONLY): %w", c.ConfDir, err)
		}
		y.HTTP = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConf, Proxy: http.ProxyFromEnvironment}}
	}
	h := &jobs.Client{Command: c.Command, ConfDir: c.ConfDir, User: c.User, StreamingJar: c.StreamingJar, YARN: y, PollEvery: c.PollEvery, ProxyUser: c.ProxyUser}
	if strings.EqualFold(hconf["hadoop.security.authentication"], "kerberos") {
		login, err := kerberos.New(c.Kerberos.FromEnv())
		if err != nil {
			return nil, fmt.Errorf("the cluster uses Kerberos (%s: hadoop.security.authentication=kerberos): %w", c.ConfDir, err)
		}
		h.Kerberos = login
		h.User = "" // HADOOP_USER_NAME means nothing under Kerberos
		y.Auth = login.Negotiate
	}
	fs, err := hdfs.New(hdfs.Options{Conf: hconf, User: c.User, Setrep: h.Setrep, Kerberos: h.Kerberos})
	if err != nil {
		return nil, err
	}
	y.User = fs.User() // c.User, else HADOOP_USER_NAME, else the OS user
	a := New()
	a.Hadoop = h
	a.Files.Register("hdfs", fs)
	if def := hconf["fs.defaultFS"]; strings.HasPrefix(def, "hdfs://") {
		a.Files.SetDefault(fs)
	}
	a.HDFS = fs
	return a, nil
}
