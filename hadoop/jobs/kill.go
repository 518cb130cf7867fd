package jobs

import (
	"context"
	"strings"
	"time"

	"github.com/howdah/howdah/hadoop/yarn"
)

// KillTagged kills every application carrying tag that is still running
// and waits, up to a minute, for YARN to report them all ended.
func (c *Client) KillTagged(tag string) {
	kill, done := context.WithTimeout(context.Background(), time.Minute)
	defer done()
	for kill.Err() == nil {
		apps, err := c.YARN.AppsByTag(kill, tag)
		if err == nil {
			running := 0
			for _, a := range apps {
				if !a.Terminal() {
					running++
					c.YARN.Kill(kill, a.ID)
				}
			}
			if running == 0 {
				return
			}
		}
		select {
		case <-kill.Done():
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// KillRunning kills the applications of apps that have not ended.
func (c *Client) KillRunning(ctx context.Context, apps []yarn.App) {
	for _, a := range apps {
		if !a.Terminal() {
			c.YARN.Kill(context.WithoutCancel(ctx), a.ID)
		}
	}
}

// IDs lists the applications' ids.
func IDs(apps []yarn.App) string {
	s := make([]string, len(apps))
	for i, a := range apps {
		s[i] = a.ID
	}
	return strings.Join(s, ", ")
}

// AllEnded reports whether every application has ended.
func AllEnded(apps []yarn.App) bool {
	for _, a := range apps {
		if !a.Terminal() {
			return false
		}
	}
	return true
}
