package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/resolvers"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// BenchmarkQueries runs the API's typical reads in process against full ESCO plus the demo on
// the embedded store, with { __typename } as the ceiling of the same run. The loopback load
// figures come from tools/loadtest; these isolate the GraphQL layer's own cost.
func BenchmarkQueries(b *testing.B) {
	zips := seedtest.OfficialZips(b)
	store, err := embedded.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	if _, err := esco.Import(ctx, store, zips, esco.Options{}); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(ctx, store); err != nil {
		b.Fatal(err)
	}
	h := resolvers.NewHandler(store, resolvers.Options{})
	for _, q := range []struct{ name, query string }{
		{"typename", `{ __typename }`},
		{"roles50essential", `{ jobRoles(first: 50) { edges { node { title requirements(importance: ESSENTIAL) { edges { level node { name } } } } } } }`},
		{"credential", `{ credential(key: "cred-data-mining") { title certifies { edges { level node { name } } } prerequisites { edges { node { title } } } blocks { edges { node { title rule { kind } } } } } }`},
		{"search", `{ search(query: "data analysis", first: 20) { edges { score node { __typename ... on Competency { name } ... on JobRole { title } } } } }`},
		// ESCO "analyse test data": 3 broader, 6 narrower, required by 82 occupations.
		{"competency", `{ competency(key: "esco:skill/81a2db2c-7e55-44d0-9cd9-74c25147d7cd") { name broader { edges { node { name } } } narrower { edges { node { name } } } requiredBy(first: 500) { edges { importance node { title } } } } }`},
	} {
		body, _ := json.Marshal(map[string]string{"query": q.query})
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
			// CPU time (garbage collection included) rather than wall time alone: on a machine
			// shared with other work, it moves far less from run to run.
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the user and system CPU time the process has used, in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
