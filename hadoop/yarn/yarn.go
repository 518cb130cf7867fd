// Package yarn talks to a YARN ResourceManager and a MapReduce JobHistory
// server through their REST APIs: find applications by tag, follow their
// state and progress, kill them, and read a finished job's counters.
//
// Every call is bounded by the caller's context and by Client.Timeout. With
// ResourceManager HA, calls go to each configured ResourceManager in turn
// until one answers (a standby redirects to the active one itself).
package yarn

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	hconf "github.com/howdah/howdah/hadoop/conf"
)

// Client is a REST client of one YARN cluster.
type Client struct {
	// RM lists ResourceManager web addresses (http://host:port).
	RM []string
	// JHS is the JobHistory server's web address (http://host:port).
	JHS string
	// User is sent as user.name (simple authentication) on calls that
	// change state.
	User string
	// HTTP is the client used; default one with Timeout.
	HTTP *http.Client
	// Auth, when set, authenticates each request (SPNEGO on a kerberized
	// cluster: kerberos.Login.Negotiate).
	Auth func(*http.Request) error
	// Timeout bounds each HTTP call (default 15s).
	Timeout time.Duration
}

// App is a YARN application as the ResourceManager reports it.
type App struct {
	ID              string  `json:"id"`
	Name            string  `json:"name"`
	User            string  `json:"user"`
	Queue           string  `json:"queue"`
	State           string  `json:"state"`       // NEW ... RUNNING, FINISHED, FAILED, KILLED
	FinalStatus     string  `json:"finalStatus"` // UNDEFINED, SUCCEEDED, FAILED, KILLED
	Progress        float64 `json:"progress"`    // 0-100
	Diagnostics     string  `json:"diagnostics"`
	TrackingURL     string  `json:"trackingUrl"`
	ApplicationType string  `json:"applicationType"`
	ApplicationTags string  `json:"applicationTags"`
	StartedTime     int64   `json:"startedTime"`
	FinishedTime    int64   `json:"finishedTime"`
}

// Terminal reports whether the application has ended.
func (a App) Terminal() bool {
	switch a.State {
	case "FINISHED", "FAILED", "KILLED":
		return true
	}
	return false
}

// Succeeded reports whether it ended well.
func (a App) Succeeded() bool { return a.State == "FINISHED" && a.FinalStatus == "SUCCEEDED" }

// JobID is the MapReduce job id of a MAPREDUCE application.
func (a App) JobID() string { return strings.Replace(a.ID, "application_", "job_", 1) }

// FromConf builds a client from a HADOOP_CONF_DIR: yarn-site.xml's
// yarn.resourcemanager.webapp.address (per RM id with HA) and
// mapred-site.xml's mapreduce.jobhistory.webapp.address.
func FromConf(dir, user string) (*Client, error) {
	conf, err := hconf.Load(dir)
	if err != nil {
		return nil, err
	}
	c, err := FromProperties(conf, user)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return c, nil
}

// FromProperties is FromConf for a configuration already read (hconf.Load).
// With yarn.http.policy HTTPS_ONLY the ResourceManagers' HTTPS addresses
// are used (yarn.resourcemanager.webapp.https.address, default port 8090),
// and the JobHistory's with mapreduce.jobhistory.http.policy HTTPS_ONLY
// (mapreduce.jobhistory.webapp.https.address): set HTTP to a client that
// trusts the cluster's certificates (hconf.ClientTLS).
func FromProperties(conf map[string]string, user string) (*Client, error) {
	c := &Client{User: user}
	rmHTTPS := strings.EqualFold(conf["yarn.http.policy"], "HTTPS_ONLY")
	jhsPolicy := conf["mapreduce.jobhistory.http.policy"]
	if jhsPolicy == "" {
		jhsPolicy = conf["yarn.http.policy"]
	}
	jhsHTTPS := strings.EqualFold(jhsPolicy, "HTTPS_ONLY")
	web := func(v string, https bool) string {
		if v == "" || strings.Contains(v, "://") {
			return v
		}
		if strings.HasPrefix(v, "0.0.0.0:") {
			v = "localhost" + v[len("0.0.0.0"):]
		}
		if https {
			return "https://" + v
		}
		return "http://" + v
	}
	key, port := "yarn.resourcemanager.webapp.address", ":8088"
	if rmHTTPS {
		key, port = "yarn.resourcemanager.webapp.https.address", ":8090"
	}
	if ids := conf["yarn.resourcemanager.ha.rm-ids"]; conf["yarn.resourcemanager.ha.enabled"] == "true" && ids != "" {
		for _, id := range strings.Split(ids, ",") {
			id = strings.TrimSpace(id)
			addr := conf[key+"."+id]
			if addr == "" && conf["yarn.resourcemanager.hostname."+id] != "" {
				addr = conf["yarn.resourcemanager.hostname."+id] + port
			}
			if addr != "" {
				c.RM = append(c.RM, web(addr, rmHTTPS))
			}
		}
	} else if addr := conf[key]; addr != "" {
		c.RM = []string{web(addr, rmHTTPS)}
	} else if h := conf["yarn.resourcemanager.hostname"]; h != "" {
		c.RM = []string{web(h+port, rmHTTPS)}
	}
	if len(c.RM) == 0 {
		return nil, fmt.Errorf("yarn-site.xml names no ResourceManager web address (%s)", key)
	}
	if jhsHTTPS {
		c.JHS = web(conf["mapreduce.jobhistory.webapp.https.address"], true)
	} else {
		c.JHS = web(conf["mapreduce.jobhistory.webapp.address"], false)
	}
	return c, nil
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	t := c.Timeout
	if t <= 0 {
		t = 15 * time.Second
	}
	return &http.Client{Timeout: t}
}

// HTTPError is a non-2xx answer.
type HTTPError struct {
	URL    string
	Status int
	Body   string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s: HTTP %d: %s", e.URL, e.Status, strings.TrimSpace(e.Body))
}

// call sends one request to base+path and decodes a JSON answer into out.
func (c *Client) call(ctx context.Context, method, base, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Auth != nil {
		if err := c.Auth(req); err != nil {
			return fmt.Errorf("%s: %w", base+path, err)
		}
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		if len(b) > 2000 {
			b = b[:2000]
		}
		return &HTTPError{URL: base + path, Status: resp.StatusCode, Body: string(b)}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s: %v", base+path, err)
	}
	return nil
}

// rm tries each ResourceManager until one answers.
func (c *Client) rm(ctx context.Context, method, path string, body, out any) error {
	var err error
	for _, base := range c.RM {
		err = c.call(ctx, method, base, path, body, out)
		var h *HTTPError
		if err == nil || errors.As(err, &h) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

func (c *Client) withUser(path string) string {
	if c.User == "" {
		return path
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "user.name=" + url.QueryEscape(c.User)
}

// AppsByTag returns the applications carrying tag (YARN stores tags in
// lower case), oldest first.
func (c *Client) AppsByTag(ctx context.Context, tag string) ([]App, error) {
	return c.AppsByTags(ctx, []string{tag})
}

// AppsByTags returns the applications carrying any of tags, oldest first,
// in one call (App.HasTag tells them apart).
func (c *Client) AppsByTags(ctx context.Context, tags []string) ([]App, error) {
	var resp struct {
		Apps *struct {
			App []App `json:"app"`
		} `json:"apps"`
	}
	q := url.QueryEscape(strings.ToLower(strings.Join(tags, ",")))
	if err := c.rm(ctx, http.MethodGet, "/ws/v1/cluster/apps?applicationTags="+q, nil, &resp); err != nil {
		return nil, err
	}
	if resp.Apps == nil {
		return nil, nil
	}
	apps := resp.Apps.App
	sort.Slice(apps, func(i, j int) bool { return apps[i].ID < apps[j].ID })
	return apps, nil
}

// HasTag reports whether the application carries tag.
func (a App) HasTag(tag string) bool {
	for _, t := range strings.Split(a.ApplicationTags, ",") {
		if strings.EqualFold(strings.TrimSpace(t), tag) {
			return true
		}
	}
	return false
}

// App returns one application.
func (c *Client) App(ctx context.Context, id string) (App, error) {
	var resp struct {
		App App `json:"app"`
	}
	err := c.rm(ctx, http.MethodGet, "/ws/v1/cluster/apps/"+url.PathEscape(id), nil, &resp)
	return resp.App, err
}

// Kill asks the ResourceManager to kill an application; killing one that
// has already ended is not an error.
func (c *Client) Kill(ctx context.Context, id string) error {
	err := c.rm(ctx, http.MethodPut, c.withUser("/ws/v1/cluster/apps/"+url.PathEscape(id)+"/state"), map[string]string{"state": "KILLED"}, nil)
	if err != nil {
		if app, aerr := c.App(ctx, id); aerr == nil && app.Terminal() {
			return nil
		}
	}
	return err
}

// Counters are a job's counters: group name -> counter name -> total.
type Counters map[string]map[string]int64

type countersJSON struct {
	JobCounters struct {
		CounterGroup []struct {
			CounterGroupName string `json:"counterGroupName"`
			Counter          []struct {
				Name  string `json:"name"`
				Total int64  `json:"totalCounterValue"`
			} `json:"counter"`
		} `json:"counterGroup"`
	} `json:"jobCounters"`
}

func (j countersJSON) counters() Counters {
	out := Counters{}
	for _, g := range j.JobCounters.CounterGroup {
		m := map[string]int64{}
		for _, c := range g.Counter {
			m[c.Name] = c.Total
		}
		out[g.CounterGroupName] = m
	}
	return out
}

// JobCounters returns a finished MapReduce job's counters from the
// JobHistory server, waiting up to wait for the job to reach it (it
// arrives there shortly after the application finishes).
func (c *Client) JobCounters(ctx context.Context, jobID string, wait time.Duration) (Counters, error) {
	if c.JHS == "" {
		return nil, errors.New("no JobHistory server configured (mapreduce.jobhistory.webapp.address)")
	}
	deadline := time.Now().Add(wait)
	for {
		var resp countersJSON
		err := c.call(ctx, http.MethodGet, c.JHS, "/ws/v1/history/mapreduce/jobs/"+url.PathEscape(jobID)+"/counters", nil, &resp)
		if err == nil {
			return resp.counters(), nil
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
