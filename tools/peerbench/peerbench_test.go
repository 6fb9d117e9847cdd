package main

import (
	"encoding/json"
	"testing"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// The two servers' shapes of one answer normalise to the same JSON; a different answer does not.
func TestCanonicalSameShape(t *testing.T) {
	sg := decode(t, `{"title": "C", "certifies": {"edges": [
		{"cursor": "x", "level": 3, "node": {"name": "b"}}, {"level": 2, "node": {"name": "a"}}]},
		"prerequisites": {"edges": [{"node": {"title": "P"}}]}}`)
	peer := decode(t, `[{"title": "C", "certifiesConnection": {"edges": [
		{"properties": {"level": 2}, "node": {"name": "a"}}, {"properties": {"level": 3}, "node": {"name": "b"}}]},
		"prerequisites": [{"title": "P"}]}]`)
	a, b := string(mustJSON(canonical(sg, true))), string(mustJSON(canonical(peer, true)))
	if a != b {
		t.Fatalf("skillgraph %s\npeer       %s", a, b)
	}
	other := decode(t, `[{"title": "C", "certifiesConnection": {"edges": [
		{"properties": {"level": 1}, "node": {"name": "a"}}, {"properties": {"level": 3}, "node": {"name": "b"}}]},
		"prerequisites": [{"title": "P"}]}]`)
	if c := string(mustJSON(canonical(other, true))); c == a {
		t.Fatalf("a different level normalises to the same answer: %s", c)
	}
}

// An ordered page keeps its order: the same items in another order differ.
func TestCanonicalOrderedRoot(t *testing.T) {
	sg := decode(t, `{"edges": [{"node": {"name": "a"}}, {"node": {"name": "b"}}]}`)
	peer := decode(t, `[{"name": "b"}, {"name": "a"}]`)
	if string(mustJSON(canonical(sg, false))) == string(mustJSON(canonical(peer, false))) {
		t.Fatal("an ordered page compared as a set")
	}
	if string(mustJSON(canonical(sg, true))) != string(mustJSON(canonical(peer, true))) {
		t.Fatal("a set compared in order")
	}
}

func TestNum(t *testing.T) {
	for _, c := range []struct {
		v      float64
		digits int
		want   string
	}{{47, 0, "47"}, {2922, 0, "2,922"}, {11788, 0, "11,788"}, {1467.14, 2, "1,467.14"}, {0.3, 2, "0.30"}} {
		if got := num(c.v, c.digits); got != c.want {
			t.Errorf("num(%v, %d) = %q, want %q", c.v, c.digits, got, c.want)
		}
	}
}
