package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
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

func TestServeLoadsDemoAndShutsDown(t *testing.T) {
	t.Setenv("NEO4J_URI", "") // the demo goes into the embedded store only
	db := filepath.Join(t.TempDir(), "serve.db")
	addrc := make(chan string, 1)
	serveReady = func(addr string) { addrc <- addr }
	t.Cleanup(func() { serveReady = nil })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()

	var addr string
	select {
	case addr = <-addrc:
	case err := <-done: // a start that hangs is caught by go test's -timeout, on any machine
		t.Fatalf("serve exited early: %v\n%s", err, stderr.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("never ready: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "demo dataset loaded") {
		t.Errorf("no demo log line in:\n%s", stderr.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}

	s, err := embedded.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range st.Nodes {
		total += n
	}
	if total < 50 {
		t.Fatalf("demo not loaded: %d nodes", total)
	}
	if !strings.Contains(stderr.String(), `"path":"/readyz"`) {
		t.Errorf("no JSON access log line for /readyz")
	}
}
