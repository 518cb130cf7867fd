package yarn

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Attempt is one attempt of an application: its ApplicationMaster's
// container and the NodeManager that ran it.
type Attempt struct {
	ID              int    `json:"id"`
	ContainerID     string `json:"containerId"`
	NodeHTTPAddress string `json:"nodeHttpAddress"`
	LogsLink        string `json:"logsLink"`
}

// Attempts lists an application's attempts, oldest first.
func (c *Client) Attempts(ctx context.Context, appID string) ([]Attempt, error) {
	var out struct {
		AppAttempts struct {
			AppAttempt []Attempt `json:"appAttempt"`
		} `json:"appAttempts"`
	}
	if err := c.rm(ctx, http.MethodGet, "/ws/v1/cluster/apps/"+url.PathEscape(appID)+"/appattempts", nil, &out); err != nil {
		return nil, err
	}
	return out.AppAttempts.AppAttempt, nil
}

// AMLogTail is the last max bytes of file (stderr, stdout, syslog) of the
// application's last ApplicationMaster container, from the NodeManager
// that ran it (`/ws/v1/node/containerlogs/ID/FILE?size=-N`): where a Spark
// application in cluster mode, whose driver is the ApplicationMaster,
// printed its exception. It is there until the NodeManager deletes or
// aggregates the logs; after that the error is "not found".
func (c *Client) AMLogTail(ctx context.Context, appID, file string, max int) (string, error) {
	atts, err := c.Attempts(ctx, appID)
	if err != nil {
		return "", err
	}
	if len(atts) == 0 {
		return "", fmt.Errorf("%s has no attempts", appID)
	}
	a := atts[len(atts)-1]
	if a.ContainerID == "" || a.NodeHTTPAddress == "" {
		return "", fmt.Errorf("%s: attempt %d names no container", appID, a.ID)
	}
	scheme := "http://"
	if len(c.RM) > 0 && strings.HasPrefix(c.RM[0], "https://") {
		scheme = "https://"
	}
	u := scheme + a.NodeHTTPAddress + "/ws/v1/node/containerlogs/" + url.PathEscape(a.ContainerID) + "/" + url.PathEscape(file) + fmt.Sprintf("?size=-%d", max)
	return c.text(ctx, u, max)
}

// text GETs u and returns at most max bytes of its body.
func (c *Client) text(ctx context.Context, u string, max int) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.withUser(u), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "text/plain")
	if c.Auth != nil {
		if err := c.Auth(req); err != nil {
			return "", fmt.Errorf("%s: %w", u, err)
		}
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, int64(max)+1024))
	if err != nil {
		return "", err
	}
	if resp.StatusCode/100 != 2 {
		if len(b) > 2000 {
			b = b[:2000]
		}
		return "", &HTTPError{URL: u, Status: resp.StatusCode, Body: string(b)}
	}
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return string(b), nil
}
