package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph/embedded"
)

// syncBuffer is a bytes.Buffer safe for the server's concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// served is a `skillgraph serve` running in process.
type served struct {
	addr           string
	stdout, stderr *syncBuffer
	stop           func() error // cancels serve and returns what it returned; safe to call again
}

// startServe runs `skillgraph serve --addr 127.0.0.1:0 args...` in process (args name the
// store: store flags are accepted after the command), and returns once it accepts connections; it stops when the test ends.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	addrc := make(chan string, 1)
	serveReady = func(addr string) { addrc <- addr }
	t.Cleanup(func() { serveReady = nil })
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), s.stdout, s.stderr)
	}()
	select {
	case s.addr = <-addrc:
	case err := <-done: // a start that hangs is caught by go test's -timeout, on any machine
		cancel()
		t.Fatalf("serve exited early: %v\n%s", err, s.stderr.String())
	}
	s.stop = sync.OnceValue(func() error {
		cancel()
		return <-done
	})
	t.Cleanup(func() { _ = s.stop() })
	return s
}

func TestServeLoadsDemoAndShutsDown(t *testing.T) {
	t.Setenv("NEO4J_URI", "") // the demo goes into the embedded store only
	db := filepath.Join(t.TempDir(), "serve.db")
	s := startServe(t, "--db", db)
	// Poll until ready; a server that never is hangs the test until go test's -timeout,
	// rather than failing a busy machine on a deadline of its own.
	for {
		res, err := http.Get("http://" + s.addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(s.stderr.String(), "demo dataset loaded") {
		t.Errorf("no demo log line in:\n%s", s.stderr.String())
	}
	if !strings.Contains(s.stderr.String(), `"msg":"indexes built"`) {
		t.Errorf("the pathway index was not built before serving:\n%s", s.stderr.String())
	}
	if err := s.stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}

	st, err := embedded.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range stats.Nodes {
		total += n
	}
	if total < 50 {
		t.Fatalf("demo not loaded: %d nodes", total)
	}
	if !strings.Contains(s.stderr.String(), `"path":"/readyz"`) {
		t.Errorf("no JSON access log line for /readyz")
	}
}

// The collection target is --gc-percent while the live heap is small, lowered so that the heap
// grows by at most the headroom when it is large, and never below minGCPercent.
func TestGCPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		percent  int
		headroom uint64
		live     uint64
		want     int
	}{
		{400, 1024 * mib, 125 * mib, 400}, // full ESCO: unchanged
		{400, 1024 * mib, 256 * mib, 400}, // exactly the headroom at 400%
		{400, 1024 * mib, 512 * mib, 200}, // 1 GiB of growth over 512 MiB
		{400, 1024 * mib, 1600 * mib, 64}, // ten times the generated catalogue
		{400, 1024 * mib, 8000 * mib, 25}, // floor
		{100, 1024 * mib, 2048 * mib, 50}, // a lower --gc-percent is lowered too
		{50, 1024 * mib, 512 * mib, 50},   // never above --gc-percent
		{400, 0, 1600 * mib, 400},         // no cap
		{-1, 1024 * mib, 1600 * mib, -1},  // collection off stays off
		{400, 1024 * mib, 0, 400},         // nothing measured yet
	} {
		if got := gcPercentFor(c.percent, c.headroom, c.live); got != c.want {
			t.Errorf("gcPercentFor(%d, %d MiB, %d MiB) = %d, want %d", c.percent, c.headroom/mib, c.live/mib, got, c.want)
		}
	}
}

// The soft memory limit is the live heap, half as much again, and the headroom; none without a
// headroom or before anything is measured.
func TestMemoryLimitFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ headroom, live, want uint64 }{
		{512 * mib, 124 * mib, (124 + 62 + 512) * mib},  // full ESCO: above the 400% target (620 MiB)
		{512 * mib, 892 * mib, (892 + 446 + 512) * mib}, // ten times the generated catalogue
		{0, 892 * mib, 0}, // no cap: no limit
		{512 * mib, 0, 0}, // nothing measured yet
	} {
		if got := memoryLimitFor(c.headroom, c.live); got != c.want {
			t.Errorf("memoryLimitFor(%d MiB, %d MiB) = %d MiB, want %d MiB", c.headroom/mib, c.live/mib, got/mib, c.want/mib)
		}
	}
}

// Adjusting sets the runtime's memory limit from the live heap, and leaves a limit the operator
// gave through GOMEMLIMIT alone.
func TestGCTargetSetsMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))

	const headroom = 512 << 20
	g := &gcTarget{logger: quiet, percent: 400, applied: 400, headroom: headroom, limit: true}
	runtime.GC()
	g.adjust()
	got := uint64(debug.SetMemoryLimit(-1))
	// The live heap is what the last collection left, so read it the same way: the limit is
	// the headroom plus half as much again as that.
	if got <= headroom || got >= headroom+1<<30 {
		t.Fatalf("memory limit %d MiB after adjusting, want the headroom (512 MiB) plus one and a half times the live heap", got>>20)
	}

	debug.SetMemoryLimit(before)
	g = &gcTarget{logger: quiet, percent: 400, applied: 400, headroom: headroom, limit: false}
	g.adjust()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Fatalf("memory limit %d with GOMEMLIMIT set, want it left at %d", got, before)
	}
}
