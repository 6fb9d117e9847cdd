package graph_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

func validCredential() *graph.Credential {
	return &graph.Credential{Title: "SQL for analysts", Hours: 21, ECTS: 1, EQFLevel: 5,
		Modality: graph.ModalityBlended, Language: "fr", Price: 490, OrganizationID: "org_1",
		AssessmentTypes: []graph.AssessmentType{graph.AssessmentProject}}
}

func TestValidateNamesTheField(t *testing.T) {
	long := strings.Repeat("é", graph.MaxNameLen+1)
	cases := []struct {
		name  string
		node  graph.Node
		field string
	}{
		{"empty name", &graph.Competency{Name: "  "}, "name"},
		{"oversized name", &graph.Competency{Name: long}, "name"},
		{"bad reuse level", &graph.Competency{Name: "x", ReuseLevel: "GLOBAL"}, "reuseLevel"},
		{"id with space", &graph.Competency{Meta: graph.Meta{ID: "a b"}, Name: "x"}, "id"},
		{"negative hours", func() graph.Node { c := validCredential(); c.Hours = -1; return c }(), "hours"},
		{"negative price", func() graph.Node { c := validCredential(); c.Price = -0.01; return c }(), "price"},
		{"EQF 9", func() graph.Node { c := validCredential(); c.EQFLevel = 9; return c }(), "eqfLevel"},
		{"no modality", func() graph.Node { c := validCredential(); c.Modality = ""; return c }(), "modality"},
		{"bad language", func() graph.Node { c := validCredential(); c.Language = "French"; return c }(), "language"},
		{"bad assessment", func() graph.Node {
			c := validCredential()
			c.AssessmentTypes = []graph.AssessmentType{"ORAL"}
			return c
		}(), "assessmentTypes[0]"},
		{"no awarding body", func() graph.Node { c := validCredential(); c.OrganizationID = ""; return c }(), "organizationId"},
		{"AT_LEAST 4 of 3", &graph.Block{Title: "b", Components: []string{"a", "b", "c"},
			Rule: graph.Rule{Kind: graph.RuleAtLeast, Count: 4}}, "rule.count"},
		{"no components", &graph.Block{Title: "b", Rule: graph.Rule{Kind: graph.RuleAll}}, "components"},
		{"duplicate component", &graph.Block{Title: "b", Components: []string{"a", "a"},
			Rule: graph.Rule{Kind: graph.RuleAll}}, "components[1]"},
		{"self component", &graph.Block{Meta: graph.Meta{ID: "b1"}, Title: "b", Components: []string{"b1"},
			Rule: graph.Rule{Kind: graph.RuleAll}}, "components[0]"},
		{"MIN_ECTS zero", &graph.Block{Title: "b", Components: []string{"a"},
			Rule: graph.Rule{Kind: graph.RuleMinECTS}}, "rule.min"},
		{"unknown rule", &graph.Block{Title: "b", Components: []string{"a"},
			Rule: graph.Rule{Kind: "ANY"}}, "rule.kind"},
		{"negative budget", &graph.Learner{Name: "Ana", Constraints: graph.Constraints{MaxBudget: ptr(-5.0)}}, "constraints.maxBudget"},
		{"achievement of both", &graph.Achievement{LearnerID: "l", CredentialID: "c", BlockID: "b",
			IssuedAt: time.Now(), Status: graph.StatusValid}, "credentialId"},
		{"achievement bad status", &graph.Achievement{LearnerID: "l", CredentialID: "c",
			IssuedAt: time.Now(), Status: "LOST"}, "status"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.node.Validate()
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("code = %q (%v), want invalid", graph.ErrorCode(err), err)
			}
			if got := graph.ErrorField(err); got != tc.field {
				t.Fatalf("field = %q, want %q (%v)", got, tc.field, err)
			}
		})
	}
	if err := validCredential().Validate(); err != nil {
		t.Fatalf("valid credential: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestEdgeNormalizeAndValidate(t *testing.T) {
	e := graph.Edge{Type: graph.RelRoleRequires, From: "r", To: "c", Source: "DECLARED", Kind: "x"}
	e.Normalize()
	if e.Level != 1 || e.Importance != graph.Essential || e.Weight != 1 || e.Source != "" || e.Kind != "" {
		t.Fatalf("normalized = %+v", e)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		e     graph.Edge
		field string
	}{
		{graph.Edge{Type: "LIKES", From: "a", To: "b"}, "type"},
		{graph.Edge{Type: graph.RelCertifies, From: "a", To: "b", Level: 6}, "level"},
		{graph.Edge{Type: graph.RelCertifies, From: "a", To: "b", Level: -1}, "level"},
		{graph.Edge{Type: graph.RelBroader, From: "a", To: "a"}, "to"},
		{graph.Edge{Type: graph.RelBroader, From: "", To: "a"}, "from"},
		{graph.Edge{Type: graph.RelRoleRequires, From: "a", To: "b", Importance: "NICE"}, "importance"},
	}
	for _, b := range bad {
		b.e.Normalize()
		if err := b.e.Validate(); graph.ErrorField(err) != b.field {
			t.Errorf("%+v: field = %q (%v), want %q", b.e, graph.ErrorField(err), err, b.field)
		}
	}
}

func TestCheckRule(t *testing.T) {
	b := &graph.Block{Title: "b", Components: []string{"c1", "c2"}, Rule: graph.Rule{Kind: graph.RuleMinECTS, Min: 5}}
	info := map[string]graph.ComponentInfo{
		"c1": {Kind: graph.KindCredential, ECTS: 2},
		"c2": {Kind: graph.KindBlock, ECTS: 2},
	}
	if err := graph.CheckRule(b, info); graph.ErrorField(err) != "rule.min" {
		t.Fatalf("MIN_ECTS 5 of 4: %v", err)
	}
	info["c2"] = graph.ComponentInfo{Kind: graph.KindBlock, ECTS: 3}
	if err := graph.CheckRule(b, info); err != nil {
		t.Fatalf("MIN_ECTS 5 of 5: %v", err)
	}
	delete(info, "c2")
	if err := graph.CheckRule(b, info); graph.ErrorField(err) != "components[1]" {
		t.Fatalf("missing component: %v", err)
	}
	info["c2"] = graph.ComponentInfo{Kind: graph.KindCompetency}
	if err := graph.CheckRule(b, info); graph.ErrorField(err) != "components[1]" {
		t.Fatalf("competency as component: %v", err)
	}
}

func TestCursorRoundTripAndRejects(t *testing.T) {
	order := graph.OrderBy{Field: graph.OrderByPrice, Desc: true}
	c := graph.Cursor{Order: order, Value: 12.5, ID: "cred_1"}
	got, err := graph.DecodeCursor("after", graph.EncodeCursor(c), order)
	if err != nil || got.Value != 12.5 || got.ID != "cred_1" {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	for _, s := range []string{"", "!!!", "bm90IGpzb24", graph.EncodeCursor(graph.Cursor{Order: order, Value: true, ID: "x"})} {
		if _, err := graph.DecodeCursor("after", s, order); graph.ErrorField(err) != "after" {
			t.Errorf("cursor %q: %v", s, err)
		}
	}
	if _, err := graph.DecodeCursor("before", graph.EncodeCursor(c), graph.OrderBy{}); graph.ErrorField(err) != "before" {
		t.Errorf("cursor of another order accepted: %v", err)
	}
}

func TestCheckListOptions(t *testing.T) {
	bad := []struct {
		k     graph.Kind
		opts  graph.ListOptions
		field string
	}{
		{graph.KindCompetency, graph.ListOptions{Filter: graph.Filter{EQFMin: 3}}, "filter.eqfMin"},
		{graph.KindCredential, graph.ListOptions{First: graph.MaxPageSize + 1}, "first"},
		{graph.KindCredential, graph.ListOptions{First: 1, Last: 1}, "last"},
		{graph.KindCompetency, graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByPrice}}, "orderBy"},
		{graph.KindCompetency, graph.ListOptions{OrderBy: graph.OrderBy{Field: "SIZE"}}, "orderBy"},
		{graph.KindCredential, graph.ListOptions{Filter: graph.Filter{Certifies: &graph.LevelFilter{CompetencyID: "c", MinLevel: 7}}}, "filter.certifies.minLevel"},
	}
	for _, b := range bad {
		if _, _, err := graph.CheckListOptions(b.k, b.opts); graph.ErrorField(err) != b.field {
			t.Errorf("%+v: %v, want field %q", b.opts, err, b.field)
		}
	}
	size, back, err := graph.CheckListOptions(graph.KindCredential, graph.ListOptions{Last: 5})
	if err != nil || size != 5 || !back {
		t.Fatalf("last 5 = %d %v %v", size, back, err)
	}
}

func TestErrorsKeepCodeThroughWrapping(t *testing.T) {
	err := fmt.Errorf("embedded.Create: %w", graph.Invalid("title", "must not be empty"))
	if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorMessage(err) != "title: must not be empty" {
		t.Fatalf("got %q %q", graph.ErrorCode(err), graph.ErrorMessage(err))
	}
	internal := fmt.Errorf("op: %w", graph.Internal(errors.New("disk on fire at /var/x")))
	if graph.ErrorCode(internal) != graph.EINTERNAL || graph.ErrorMessage(internal) != "internal error" {
		t.Fatalf("internal leaks: %q", graph.ErrorMessage(internal))
	}
	if graph.ErrorCode(errors.New("plain")) != graph.EINTERNAL || graph.ErrorCode(nil) != "" {
		t.Fatal("plain errors must be internal, nil must have no code")
	}
}

func TestSearchTerms(t *testing.T) {
	got := strings.Join(graph.SearchTerms(`  "Data-Analysis" AND (C++) OR ~x* `), "|")
	if got != "data|analysis|and|c|or|x" {
		t.Fatalf("terms = %q", got)
	}
	// Accents and case go; letters that are not a letter and a mark are spelled out.
	got = strings.Join(graph.SearchTerms("Données ÉLÈVE Œuvre Straße l'hôpital Ångström naïve façade"), "|")
	if got != "donnees|eleve|oeuvre|strasse|l|hopital|angstrom|naive|facade" {
		t.Fatalf("terms = %q", got)
	}
}

func TestSearchWordsJoinsTerms(t *testing.T) {
	for _, s := range []string{"", "  ", "data analysis", "Data  analysis", " data analysis ", "C++ basics",
		"e-learning", "Analyse de données", "l'hôpital", "a", "x, y", "Œuvre des données", "!!", "élève élève"} {
		terms, joined := graph.SearchWords(s)
		if !slices.Equal(terms, graph.SearchTerms(s)) {
			t.Fatalf("SearchWords(%q) terms %q, SearchTerms %q", s, terms, graph.SearchTerms(s))
		}
		if want := strings.Join(terms, " "); joined != want {
			t.Fatalf("SearchWords(%q) joined %q, want %q", s, joined, want)
		}
	}
}

func TestSearchRanker(t *testing.T) {
	r := graph.NewSearchRanker(graph.SearchTerms("données ana"))
	for _, tc := range []struct {
		names []string
		want  float64
	}{
		{[]string{"donnees ana"}, 402},                  // the name is the query
		{[]string{"x", "donnees ana"}, 402},             // so is a label
		{[]string{"donnees analyse"}, 302},              // starts with it
		{[]string{"analyse des donnees"}, 202},          // holds every term
		{[]string{"donnees", "analyse"}, 202},           // across the name and a label
		{[]string{"donnees brutes"}, 101},               // "ana" only in the description
		{[]string{"big donnees analyse", "autre"}, 202}, // not at the start
		{[]string{"donneesx ana"}, 202},                 // "donnees" is a whole word in the query
		{[]string{"mot"}, 100},
	} {
		if got := r.Score(tc.names); got != tc.want {
			t.Errorf("Score(%q) = %g, want %g", tc.names, got, tc.want)
		}
	}
}
