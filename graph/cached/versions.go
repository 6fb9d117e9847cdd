package cached

import (
	"context"
	"sync"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// versionReads shares the catalogue's version reads among concurrent requests, as a group
// commit shares a log write. A request may use a read that starts after it asked: every write
// committed before the request began is then seen, so a write through any process is still read
// on the next request. A request that asks while a read is in flight waits for the next read,
// which starts as soon as that one ends and answers every request that asked meanwhile: under
// load, a read per round trip to the database instead of one per request.
type versionReads struct {
	read func(context.Context) (string, error)

	mu      sync.Mutex
	current *versionRead // in flight; nil when none
	next    *versionRead // starts when current ends; nil until a request waits for it
	// joined, when set (by tests), is called when a request waits for the next read.
	joined func()
}

// versionRead is one read of the version; its answer is set once done is closed.
type versionRead struct {
	ctx     context.Context
	cancel  context.CancelFunc // for a read started for waiting requests; nil otherwise
	done    chan struct{}
	version string
	err     error
}

// nextReadTimeout bounds a read started for the requests that waited for it.
const nextReadTimeout = 30 * time.Second

// get returns the catalogue's version from a read that started after the call. A request
// carrying bookmarks (graph.WithBookmarks) reads alone: its read must wait for its writes.
// Errors are the read's, or ctx's when it ends while waiting.
func (v *versionReads) get(ctx context.Context) (string, error) {
	if bm := graph.BookmarksFrom(ctx); bm != nil && len(bm.Get()) > 0 {
		return v.read(ctx)
	}
	v.mu.Lock()
	if v.current == nil {
		r := &versionRead{ctx: ctx, done: make(chan struct{})}
		v.current = r
		v.mu.Unlock()
		v.run(r)
		return r.version, r.err
	}
	if v.next == nil {
		// Its context outlives the request that asked first: the read answers others too.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), nextReadTimeout)
		v.next = &versionRead{ctx: rctx, cancel: cancel, done: make(chan struct{})}
	}
	r, joined := v.next, v.joined
	v.mu.Unlock()
	if joined != nil {
		joined()
	}
	select {
	case <-r.done:
		return r.version, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// run makes read r, answers its requests, then starts the read that requests asked for
// meanwhile, if any, on a goroutine of its own: the request that made r does not wait for it.
func (v *versionReads) run(r *versionRead) {
	r.version, r.err = v.read(r.ctx)
	if r.cancel != nil {
		r.cancel()
	}
	v.mu.Lock()
	next := v.next
	v.current, v.next = next, nil
	v.mu.Unlock()
	close(r.done)
	if next != nil {
		go v.run(next)
	}
}
