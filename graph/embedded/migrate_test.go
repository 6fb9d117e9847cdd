package embedded_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"go.etcd.io/bbolt"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/embedded/embeddedtest"
	"github.com/skillgraph/skillgraph/graph/record"
)

// fileVersion reads the storage version a closed store file records.
func fileVersion(t *testing.T, path string) string {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	_ = db.View(func(tx *bbolt.Tx) error { v = string(tx.Bucket([]byte("meta")).Get([]byte("schema"))); return nil })
	return v
}

// openLogged opens path, returning what the store logged.
func openLogged(t *testing.T, path string) (*embedded.Store, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	s, err := embedded.Open(path, embedded.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatalf("Open %s: %v", path, err)
	}
	return s, &logs
}

func TestOpenUpgradesAVersion1File(t *testing.T) {
	path := embeddedtest.V1File(t)
	if v := fileVersion(t, path); v != "1" {
		t.Fatalf("fixture has version %q, want 1", v)
	}
	s, logs := openLogged(t, path)
	if !strings.Contains(logs.String(), "from_version=1") || !strings.Contains(logs.String(), "store file upgraded") {
		t.Fatalf("the upgrade was not reported: %q", logs)
	}

	// Every node the old release wrote reads back, with the content hash it had then.
	hashes, err := os.ReadFile(embeddedtest.Testdata("demo-v1.hashes"))
	if err != nil {
		t.Fatal(err)
	}
	var badges []string
	sc := bufio.NewScanner(bytes.NewReader(hashes))
	count := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			t.Fatalf("bad line %q", sc.Text())
		}
		n, err := s.Get(t.Context(), graph.Kind(f[0]), f[1])
		if err != nil {
			t.Fatalf("Get %s %s after the upgrade: %v", f[0], f[1], err)
		}
		if h := record.Hash(n); h != f[2] {
			t.Fatalf("%s %s: content hash %s, the old release had %s", f[0], f[1], h, f[2])
		}
		if a, ok := n.(*graph.Achievement); ok && a.BadgeJWT != "" {
			badges = append(badges, a.BadgeJWT)
		}
		count++
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range st.Nodes {
		total += n
	}
	if count == 0 || total != count {
		t.Fatalf("%d nodes after the upgrade, the old release wrote %d", total, count)
	}
	// Issued badges are kept byte for byte: their signatures still verify.
	if len(badges) == 0 {
		t.Fatal("the fixture holds no signed badge")
	}
	var jwks jose.JSONWebKeySet
	raw, err := os.ReadFile(embeddedtest.Testdata("demo-v1.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &jwks); err != nil {
		t.Fatal(err)
	}
	for _, tok := range badges {
		jws, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.ES256})
		if err != nil {
			t.Fatal(err)
		}
		keys := jwks.Key(jws.Signatures[0].Header.KeyID)
		if len(keys) != 1 {
			t.Fatalf("badge signed by unknown key %q", jws.Signatures[0].Header.KeyID)
		}
		if _, err := jws.Verify(keys[0].Key); err != nil {
			t.Fatalf("badge signature no longer verifies: %v", err)
		}
	}
	// The upgraded file searches as a new one: French words with or without their accents.
	hits, err := s.Search(t.Context(), graph.SearchQuery{Text: "donnees"})
	if err != nil || len(hits) == 0 {
		t.Fatalf("Search donnees on the upgraded demo: %d hits, %v", len(hits), err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if v := fileVersion(t, path); v != "2" {
		t.Fatalf("upgraded file has version %q, want 2", v)
	}

	// Opening again upgrades nothing.
	s, logs = openLogged(t, path)
	defer s.Close()
	if logs.Len() != 0 {
		t.Fatalf("a second Open logged %q", logs)
	}
}
