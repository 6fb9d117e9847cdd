package graph

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// FuzzValidate decodes arbitrary JSON into each kind of node and validates it: Validate never
// panics, and what it accepts keeps the input rules (names and titles one line without
// control characters, no control characters in any text, links http or https).
func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		`{"name":"Data analysis"}`,
		`{"title":"Python","hours":7,"modality":"REMOTE","language":"fr","organizationId":"org-1","url":"https://example.org"}`,
		`{"title":"x\u0000y","hours":1e308,"modality":"REMOTE","language":"fr","organizationId":"o"}`,
		`{"name":"Org","url":"javascript:alert(1)"}`,
		`{"name":"a\u001b[31mb","headline":"line\nbreak"}`,
		`{"learnerId":"l","credentialId":"c","issuedAt":"2026-01-01T00:00:00Z","status":"VALID","evidence":["http://x"],"visibility":"PRIVATE"}`,
		`{"title":"B","rule":{"kind":"AT_LEAST","count":2},"components":["a","a"]}`,
		`{"name":"\u202eevil"}`,
	} {
		for i := range Kinds {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		k := Kinds[int(kind)%len(Kinds)]
		n := New(k)
		if json.Unmarshal(data, n) != nil {
			return
		}
		if err := n.Validate(); err != nil {
			if ErrorCode(err) != EINVALID || ErrorField(err) == "" {
				t.Fatalf("Validate failed without naming a field: %v", err)
			}
			return
		}
		if name := n.DisplayName(); k != KindAchievement && strings.IndexFunc(name, lineControlChar) >= 0 {
			t.Fatalf("accepted a name with a control character: %q", name)
		}
		raw, _ := json.Marshal(n)
		var fields map[string]any
		json.Unmarshal(raw, &fields)
		for key, v := range fields {
			s, ok := v.(string)
			if !ok {
				continue
			}
			if strings.IndexFunc(s, controlChar) >= 0 {
				t.Fatalf("accepted %s with a control character: %q", key, s)
			}
			if key == "url" || key == "alignmentUri" {
				if u, err := url.Parse(s); err != nil || u.Scheme != "http" && u.Scheme != "https" {
					t.Fatalf("accepted %s %q", key, s)
				}
			}
		}
	})
}

// FuzzSearchWords checks the search words of any text: SearchWords agrees with SearchTerms
// and its join, folding is stable (a folded word folds to itself), and a text always ranks
// exact against its own words.
func FuzzSearchWords(f *testing.F) {
	for _, s := range []string{"Données massives", "C++  e-learning", "Œuvre, l'hôpital", "ß ﬁ İ", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms, joined := SearchWords(s)
		if want := SearchTerms(s); len(terms) != len(want) || strings.Join(terms, " ") != strings.Join(want, " ") {
			t.Fatalf("SearchWords(%q) terms %q, SearchTerms %q", s, terms, want)
		}
		if joined != strings.Join(terms, " ") {
			t.Fatalf("SearchWords(%q) joined %q, terms %q", s, joined, terms)
		}
		for _, w := range terms {
			if w == "" || Fold(w) != w {
				t.Fatalf("SearchWords(%q): word %q folds to %q", s, w, Fold(w))
			}
		}
		if len(terms) > 0 {
			if got := NewSearchRanker(terms).Score([]string{joined}); got != float64(RankExact*100+len(terms)) {
				t.Fatalf("%q against its own words scores %g", s, got)
			}
		}
	})
}
