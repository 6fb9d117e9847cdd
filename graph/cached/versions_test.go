package cached_test

import (
	"context"
	"sync"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/cached"
	"github.com/skillgraph/skillgraph/graph/neo4j"
)

// gatedVersions holds the first version read after it has read the database, until released.
type gatedVersions struct {
	*neo4j.Store
	mu      sync.Mutex
	calls   int
	read    chan struct{} // closed once the first read has its answer
	release chan struct{} // the first read returns once this is closed
}

func (g *gatedVersions) CatalogueVersion(ctx context.Context) (string, error) {
	v, err := g.Store.CatalogueVersion(ctx)
	g.mu.Lock()
	g.calls++
	first := g.calls == 1
	g.mu.Unlock()
	if first {
		close(g.read)
		<-g.release
	}
	return v, err
}

// Concurrent requests share version reads, and never one that began before they asked: a
// write committed while a read was in flight is seen by every request that began after it.
func TestVersionReadsShared(t *testing.T) {
	a, _, src := twoProcesses(t)
	g := &gatedVersions{Store: src, read: make(chan struct{}), release: make(chan struct{})}
	b := cached.New(g, cached.Options{})
	if err := b.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	const waiting = 6
	joined := make(chan struct{}, waiting)
	b.OnVersionWait(func() { joined <- struct{}{} })

	// titleOf reads the credential's title in a request of its own, on any goroutine.
	titleOf := func(out chan<- string) {
		n, err := b.Get(request(), graph.KindCredential, "cred")
		if err != nil {
			out <- err.Error()
			return
		}
		out <- n.(*graph.Credential).Title
	}
	// The first request's read has the version before the write, and is held there.
	first := make(chan string, 1)
	go titleOf(first)
	<-g.read

	// Another process changes the catalogue; then more requests begin, while the first read
	// is still in flight.
	ctx := request()
	retitle(t, a, ctx, "SQL in depth")
	titles := make(chan string, waiting)
	for range waiting {
		go titleOf(titles)
	}
	for range waiting {
		<-joined
	}
	close(g.release)

	if got := <-first; got != "SQL basics" {
		t.Errorf("the request that began before the write read %q", got)
	}
	for range waiting {
		if got := <-titles; got != "SQL in depth" {
			t.Errorf("a request that began after the write read %q", got)
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.calls != 2 {
		t.Errorf("%d version reads for %d requests, want 2: one in flight, one shared", g.calls, waiting+1)
	}
}
