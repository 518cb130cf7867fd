package activities

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
	subs    map[*subscription]struct{}
	running bool
}

const tagsPerCall = 50

// snapshot is one poll's answer for one tag.
type snapshot struct {
	apps []yarn.App
	err  error
}

type subscription struct {
	tag string
	// C holds the latest snapshot (older ones are dropped).
	C chan snapshot
	t *tracker
}

func (t *tracker) subscribe(tag string) *subscription {
	s := &subscription{tag: tag, C: make(chan snapshot, 1), t: t}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.subs == nil {
		t.subs = map[*subscription]struct{}{}
	}
	t.subs[s] = struct{}{}
	if !t.running {
		t.running = true
		go t.loop()
	}
	return s
}

func (s *subscription) close() {
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
		subs := make([]*subscription, 0, len(t.subs))
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
		byTag := map[string]snapshot{}
		for i := 0; i < len(tags); i += tagsPerCall {
			chunk := tags[i:min(i+tagsPerCall, len(tags))]
			ctx, cancel := context.WithTimeout(context.Background(), t.every+15*time.Second)
			apps, err := t.y.AppsByTags(ctx, chunk)
			cancel()
			for _, tag := range chunk {
				snap := snapshot{err: err}
				for _, a := range apps {
					if a.HasTag(tag) {
						snap.apps = append(snap.apps, a)
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
