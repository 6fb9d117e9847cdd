// Command abuse replays the table of abusive GraphQL documents (resolvers/abuse) against a
// running skillgraph server, anonymously, and reports for each the refusal it got, its
// latency, and the server's peak heap while it was answered (sampled from /metrics).
//
//	go run ./tools/abuse [-url http://127.0.0.1:8080] [-introspection=true]
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/skillgraph/skillgraph/resolvers/abuse"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server's root URL")
	introspection := flag.Bool("introspection", true, "whether the server allows introspection")
	flag.Parse()
	if err := run(context.Background(), *base, *introspection, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "abuse:", err)
		os.Exit(1)
	}
}

// run sends every case in turn and prints one line each; it fails when a case is not refused
// with one of its codes.
func run(ctx context.Context, base string, introspection bool, out io.Writer) error {
	client := &http.Client{Timeout: 2 * time.Minute}
	idle, err := heap(ctx, client, base)
	if err != nil {
		return fmt.Errorf("read %s/metrics: %w", base, err)
	}
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "document\tbytes\tcode\tlatency\tpeak heap\n")
	failed := 0
	for _, c := range abuse.Cases(introspection) {
		peak, stop := sampleHeap(ctx, client, base)
		start := time.Now()
		code, err := send(ctx, client, base, c)
		latency := time.Since(start)
		p := stop()
		peak = max(peak, p)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
		mark := ""
		if !slices.Contains(c.Codes, code) {
			mark, failed = " (NOT REFUSED)", failed+1
		}
		fmt.Fprintf(w, "%s\t%d\t%s%s\t%s\t%.1f MB\n", c.Name, len(c.Body), code, mark,
			latency.Round(10*time.Microsecond), float64(peak)/(1<<20))
	}
	fmt.Fprintf(w, "idle heap\t\t\t\t%.1f MB\n", float64(idle)/(1<<20))
	w.Flush()
	if failed > 0 {
		return fmt.Errorf("%d documents were not refused", failed)
	}
	return nil
}

// send sends one case and returns the first error's extensions.code ("" for none).
func send(ctx context.Context, client *http.Client, base string, c abuse.Case) (string, error) {
	var req *http.Request
	var err error
	if c.Get {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/graphql?query="+url.QueryEscape(string(c.Body)), nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(c.Body))
	}
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var body struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return "", fmt.Errorf("HTTP %d: %w", res.StatusCode, err)
	}
	if len(body.Errors) == 0 {
		return "", nil
	}
	code, _ := body.Errors[0].Extensions["code"].(string)
	return code, nil
}

// sampleHeap polls the server's heap until stop is called, which returns the highest value.
func sampleHeap(ctx context.Context, client *http.Client, base string) (first uint64, stop func() uint64) {
	first, _ = heap(ctx, client, base)
	done := make(chan struct{})
	var mu sync.Mutex
	peak := first
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if h, err := heap(ctx, client, base); err == nil {
					mu.Lock()
					peak = max(peak, h)
					mu.Unlock()
				}
			}
		}
	})
	return first, func() uint64 {
		close(done)
		wg.Wait()
		if h, err := heap(ctx, client, base); err == nil {
			peak = max(peak, h)
		}
		return peak
	}
}

// heap reads go_memstats_heap_alloc_bytes from the server's /metrics.
func heap(ctx context.Context, client *http.Client, base string) (uint64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_memstats_heap_alloc_bytes "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return uint64(f), err
		}
	}
	return 0, fmt.Errorf("no go_memstats_heap_alloc_bytes in /metrics")
}
