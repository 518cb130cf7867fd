package jobs

import (
	"context"
	"sync"
	"time"

	"github.com/howdah/howdah/hadoop/yarn"
)

// tracker polls the ResourceManager for every job a worker follows with
// one call per interval (tags batched, tagsPerCall at a time), instead of
// one call per job: a worker following a hundred jobs costs the RM one
// request every PollEvery.
type tracker struct {
	y     *yarn.Client
	every time.Duration

	mu      sync.Mutex
	subs    map[*Subscription]struct{}
	running bool
}

const tagsPerCall = 50

// Snapshot is one poll's answer for one tag.
type Snapshot struct {
	Apps []yarn.App
	Err  error
}

// Subscription receives the applications of one tag at every poll.
type Subscription struct {
	tag string
	// C holds the latest snapshot (older ones are dropped).
	C chan Snapshot
	t *tracker
}

// Watch follows tag's applications until the subscription is closed.
func (c *Client) Watch(tag string) *Subscription {
	c.trackerOnce.Do(func() { c.tracker = &tracker{y: c.YARN, every: c.pollEvery()} })
	return c.tracker.subscribe(tag)
}

func (t *tracker) subscribe(tag string) *Subscription {
	s := &Subscription{tag: tag, C: make(chan Snapshot, 1), t: t}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.subs == nil {
		t.subs = map[*Subscription]struct{}{}
	}
	t.subs[s] = struct{}{}
	if !t.running {
		t.running = true
		go t.loop()
	}
	return s
}

// Close stops the subscription.
func (s *Subscription) Close() {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	delete(s.t.subs, s)
}

// loop polls until nobody is subscribed.
func (t *tracker) loop() {
	tick := time.NewTicker(t.every)
	defer tick.Stop()
	for range tick.C {
		t.mu.Lock()
		if len(t.subs) == 0 {
			t.running = false
			t.mu.Unlock()
			return
		}
		subs := make([]*Subscription, 0, len(t.subs))
		seen := map[string]bool{}
		var tags []string
		for s := range t.subs {
			subs = append(subs, s)
			if !seen[s.tag] {
				seen[s.tag] = true
				tags = append(tags, s.tag)
			}
		}
		t.mu.Unlock()
		byTag := map[string]Snapshot{}
		for i := 0; i < len(tags); i += tagsPerCall {
			chunk := tags[i:min(i+tagsPerCall, len(tags))]
			ctx, cancel := context.WithTimeout(context.Background(), t.every+15*time.Second)
			apps, err := t.y.AppsByTags(ctx, chunk)
			cancel()
			for _, tag := range chunk {
				snap := Snapshot{Err: err}
				for _, a := range apps {
					if a.HasTag(tag) {
						snap.Apps = append(snap.Apps, a)
					}
				}
				byTag[tag] = snap
			}
		}
		for _, s := range subs {
			select { // keep only the latest
			case <-s.C:
			default:
			}
			s.C <- byTag[s.tag]
		}
	}
}
