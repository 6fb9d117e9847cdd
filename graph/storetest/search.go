package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// hasPrefixes reports whether every term is a prefix of a word of one of texts.
func hasPrefixes(terms []string, texts ...string) bool {
	var words []string
	for _, s := range texts {
		words = append(words, graph.SearchTerms(s)...)
	}
	for _, t := range terms {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, t) }) {
			return false
		}
	}
	return true
}

// rankOf is a node's search rank as the contract states it, worked out here on its own: the
// name or an alternative label is the query word for word (graph.RankExact), or starts with
// it, the last term a word prefix (RankPrefix); every term prefixes a word of the name or the
// labels (RankName); otherwise RankText.
func rankOf(terms []string, n graph.Node) int {
	name, labels, _ := graph.Texts(n)
	rank := graph.RankText
	if hasPrefixes(terms, append([]string{name}, labels...)...) {
		rank = graph.RankName
	}
	for _, text := range append([]string{name}, labels...) {
		words := graph.SearchTerms(text)
		if slices.Equal(words, terms) {
			return graph.RankExact
		}
		k := len(terms)
		if len(words) >= k && slices.Equal(words[:k-1], terms[:k-1]) && strings.HasPrefix(words[k-1], terms[k-1]) {
			rank = graph.RankPrefix
		}
	}
	return rank
}

// search runs q and checks what the contract says of every result list: only searchable kinds
// (and only q.Kinds when set), at most the limit, every term a word prefix of the name, a label
// or the description; ranks (see rankOf) best first, each hit scored by graph.SearchRanker, so
// that every store returns the same scores; ties by name then id.
func search(t *testing.T, s graph.Store, q graph.SearchQuery) []graph.SearchHit {
	t.Helper()
	hits, err := s.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search %+v: %v", q, err)
	}
	limit := q.Limit
	if limit == 0 {
		limit = graph.DefaultSearchLimit
	}
	if len(hits) > limit {
		t.Fatalf("Search %q: %d hits, above the limit %d", q.Text, len(hits), limit)
	}
	terms := graph.SearchTerms(q.Text)
	ranker := graph.NewSearchRanker(terms)
	kinds := q.Kinds
	if len(kinds) == 0 {
		kinds = graph.SearchableKinds
	}
	seen := map[string]bool{}
	for i, h := range hits {
		where := fmt.Sprintf("Search %q: hit %d (%s %q)", q.Text, i, h.Node.NodeKind(), h.Node.DisplayName())
		if !slices.Contains(kinds, h.Node.NodeKind()) {
			t.Fatalf("%s: kind not searched for", where)
		}
		if seen[h.Node.NodeID()] {
			t.Fatalf("%s: returned twice", where)
		}
		seen[h.Node.NodeID()] = true
		name, labels, desc := graph.Texts(h.Node)
		if !hasPrefixes(terms, append([]string{name, desc}, labels...)...) {
			t.Fatalf("%s: does not hold every term of %q as a word prefix", where, terms)
		}
		if want := ranker.Score(graph.SearchNames(h.Node)); h.Score != want {
			t.Fatalf("%s: score %g, want %g", where, h.Score, want)
		}
		if i == 0 {
			continue
		}
		prev := hits[i-1]
		if r, pr := rankOf(terms, h.Node), rankOf(terms, prev.Node); r > pr {
			t.Fatalf("%s: rank %d, yet it follows %q of rank %d", where, r, prev.Node.DisplayName(), pr)
		}
		if h.Score > prev.Score {
			t.Fatalf("%s: score %g above the previous hit's %g", where, h.Score, prev.Score)
		}
		if h.Score == prev.Score {
			pn, n := prev.Node.DisplayName(), h.Node.DisplayName()
			if pn > n || (pn == n && prev.Node.NodeID() > h.Node.NodeID()) {
				t.Fatalf("%s: ties with %q (%s) but is not after it by name, then id", where, pn, prev.Node.NodeID())
			}
		}
	}
	return hits
}

// hitIDs returns the ids of hits, in order.
func hitIDs(hits []graph.SearchHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Node.NodeID()
	}
	return out
}

// searchCatalogue stores nodes of every searchable kind that mention data analysis, and a
// learner who does.
func searchCatalogue(t *testing.T, s graph.Store) {
	f := newFixture(t, s)
	fw := newFramework("fw-1", "Skills framework")
	fw.Description = "Competencies for data work"
	create(f, fw)
	f.org("org-1", "Data Analysis Institute")
	for _, c := range []struct {
		id, name, desc string
		labels         []string
	}{
		{"s-exact", "Data analysis", "Inspect and model data.", nil},
		{"s-tools", "Data analysis tools", "", nil},
		{"s-big", "Big data analysis for data analysis teams", "Data analysis at scale: data analysis everywhere.", nil},
		{"s-quality", "Analysis of data quality", "", nil},
		{"s-stats", "Statistics", "Collecting and analysing numerical data", []string{"stats"}},
		{"s-db", "Database design", "", nil},
		{"s-viz", "Visualisation", "", []string{"data analysis charts"}},
	} {
		comp := newComp(c.id, c.name)
		comp.Description, comp.AltLabels = c.desc, c.labels
		create(f, comp)
	}
	f.cred("k-py", "Data analysis with Python", "org-1")
	model := newCred("k-model", "Applied modelling", "org-1")
	model.Description = "Statistics for data analysis, with a few models."
	create(f, model)
	f.block("b-data", "Data analysis block", ruleAll, "k-py")
	role := newRole("r-analyst", "Data analyst")
	role.AltLabels = []string{"data analysis specialist"}
	create(f, role)
	f.learner("l-1", "Data analysis")
	f.achievement("a-1", "l-1", "k-py", graph.StatusValid)
}

// frenchCatalogue stores nodes of several kinds that speak of données (data), each matching
// the word in another way.
func frenchCatalogue(t *testing.T, s graph.Store) {
	f := newFixture(t, s)
	f.comp("c-donnees", "Données")
	label := newComp("c-label", "Data")
	label.AltLabels = []string{"données"}
	create(f, label)
	f.comp("c-singular", "Donnée isolée") // "donnee" does not start with "donnees"
	f.org("o-oeuvre", "Œuvre des données")
	f.cred("k-massives", "Données massives et ÉTHIQUE", "o-oeuvre")
	f.block("b-science", "Science des données", ruleAll, "k-massives")
	role := newRole("r-analyste", "Analyste")
	role.Description = "Exploite les données de l'entreprise."
	create(f, role)
}

var searchTests = []test{
	{"whole name first, name matches next", func(t *testing.T, s graph.Store) {
		searchCatalogue(t, s)
		hits := search(t, s, graph.SearchQuery{Text: "data analysis", Limit: graph.MaxSearchLimit})
		sameIDs(t, "hits", hitIDs(hits), []string{"s-exact", "s-tools", "s-big", "s-quality", "s-viz", "k-py",
			"k-model", "b-data", "r-analyst", "org-1"})
		if hits[0].Node.NodeID() != "s-exact" {
			t.Fatalf("first hit %q, want the competency named %q", hits[0].Node.DisplayName(), "Data analysis")
		}
		sameNode(t, "hit", hits[0].Node, newFixture(t, s).get(graph.KindCompetency, "s-exact"))
	}},
	{"terms are case-insensitive word prefixes", func(t *testing.T, s graph.Store) {
		searchCatalogue(t, s)
		lower := hitIDs(search(t, s, graph.SearchQuery{Text: "data analysis", Limit: graph.MaxSearchLimit}))
		upper := hitIDs(search(t, s, graph.SearchQuery{Text: "DATA Analysis", Limit: graph.MaxSearchLimit}))
		sameOrder(t, "upper-case query", upper, lower)
		hits := hitIDs(search(t, s, graph.SearchQuery{Text: "analy", Limit: graph.MaxSearchLimit}))
		for _, id := range []string{"s-exact", "s-stats", "r-analyst", "k-model"} {
			if !slices.Contains(hits, id) {
				t.Fatalf("Search %q: %q missing from %q", "analy", id, hits)
			}
		}
		if hits := search(t, s, graph.SearchQuery{Text: "nalysis"}); len(hits) != 0 {
			t.Fatalf("Search %q matched inside words: %q", "nalysis", hitIDs(hits))
		}
		// Query syntax is only a separator.
		for _, q := range []string{`"data" +(analysis)*`, "data-analysis", `data:analysis~ \`, "{data} [analysis]"} {
			if got := hitIDs(search(t, s, graph.SearchQuery{Text: q, Limit: graph.MaxSearchLimit})); !slices.Equal(got, lower) {
				t.Fatalf("Search %q found %q, want what %q finds: %q", q, got, "data analysis", lower)
			}
		}
	}},
	{"every term must match", func(t *testing.T, s graph.Store) {
		searchCatalogue(t, s)
		sameIDs(t, "data quality", hitIDs(search(t, s, graph.SearchQuery{Text: "data quality"})), []string{"s-quality"})
		sameIDs(t, "python analysis", hitIDs(search(t, s, graph.SearchQuery{Text: "python analysis"})), []string{"k-py"})
		// Terms may match in different texts of a node: here its name and its description.
		sameIDs(t, "data statistics", hitIDs(search(t, s, graph.SearchQuery{Text: "data statistics"})), []string{"s-stats", "k-model"})
		if hits := search(t, s, graph.SearchQuery{Text: "data zebra"}); len(hits) != 0 {
			t.Fatalf("Search %q: %q, want nothing", "data zebra", hitIDs(hits))
		}
	}},
	{"accents and case do not matter", func(t *testing.T, s graph.Store) {
		frenchCatalogue(t, s)
		want := hitIDs(search(t, s, graph.SearchQuery{Text: "donnees", Limit: graph.MaxSearchLimit}))
		for _, q := range []string{"données", "DONNÉES", "Donnees", "dönnées"} {
			sameOrder(t, "Search "+q, hitIDs(search(t, s, graph.SearchQuery{Text: q, Limit: graph.MaxSearchLimit})), want)
		}
		sameIDs(t, "ethique", hitIDs(search(t, s, graph.SearchQuery{Text: "ethique"})), []string{"k-massives"})
		sameIDs(t, "oeuvre", hitIDs(search(t, s, graph.SearchQuery{Text: "oeuvre"})), []string{"o-oeuvre"})
		sameIDs(t, "Œuvre", hitIDs(search(t, s, graph.SearchQuery{Text: "Œuvre"})), []string{"o-oeuvre"})
	}},
	{"names in other languages rank as names", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		mining := newComp("c-mining", "Data mining methods")
		mining.Names = map[string]string{"fr": "exploration de données"}
		create(f, mining)
		described := newComp("c-described", "Data exploration")
		described.Description = "Exploration de données et visualisation."
		create(f, described)
		role := newRole("r-miner", "Data miner")
		role.Titles = map[string]string{"fr": "analyste en exploration de données"}
		create(f, role)
		hits := search(t, s, graph.SearchQuery{Text: "exploration de donnees", Limit: graph.MaxSearchLimit})
		sameOrder(t, "Search exploration de donnees", hitIDs(hits), []string{"c-mining", "r-miner", "c-described"})
		if r := rankOf([]string{"exploration", "de", "donnees"}, hits[0].Node); r != graph.RankExact {
			t.Fatalf("the French name ranks %d, want exact (%d)", r, graph.RankExact)
		}
	}},
	{"best match first across kinds", func(t *testing.T, s graph.Store) {
		frenchCatalogue(t, s)
		// Exact names (a label counts as a name), then names that start with the query, then
		// names holding it, then descriptions; whatever the kinds.
		hits := search(t, s, graph.SearchQuery{Text: "donnees", Limit: graph.MaxSearchLimit})
		sameOrder(t, "Search donnees", hitIDs(hits), []string{"c-label", "c-donnees", "k-massives", "b-science",
			"o-oeuvre", "r-analyste"})
		ranks := make([]int, len(hits))
		for i, h := range hits {
			ranks[i] = rankOf([]string{"donnees"}, h.Node)
		}
		if !slices.Equal(ranks, []int{graph.RankExact, graph.RankExact, graph.RankPrefix, graph.RankName,
			graph.RankName, graph.RankText}) {
			t.Fatalf("ranks %v", ranks)
		}
		sameOrder(t, "Search science donnees", hitIDs(search(t, s, graph.SearchQuery{Text: "science donnees"})),
			[]string{"b-science"})
		sameOrder(t, "Search analyse donn", hitIDs(search(t, s, graph.SearchQuery{Text: "analyste donn"})),
			[]string{"r-analyste"})
	}},
	{"kinds and limit", func(t *testing.T, s graph.Store) {
		searchCatalogue(t, s)
		sameIDs(t, "roles", hitIDs(search(t, s, graph.SearchQuery{Text: "data analysis", Kinds: []graph.Kind{graph.KindJobRole}})), []string{"r-analyst"})
		sameIDs(t, "credentials and blocks", hitIDs(search(t, s, graph.SearchQuery{Text: "data analysis",
			Kinds: []graph.Kind{graph.KindCredential, graph.KindBlock}})), []string{"k-py", "k-model", "b-data"})
		sameIDs(t, "organisations and frameworks", hitIDs(search(t, s, graph.SearchQuery{Text: "data",
			Kinds: []graph.Kind{graph.KindOrganization, graph.KindFramework}})), []string{"org-1", "fw-1"})
		all := hitIDs(search(t, s, graph.SearchQuery{Text: "data"}))
		if len(all) < 4 {
			t.Fatalf("Search %q: %d hits, want more", "data", len(all))
		}
		sameOrder(t, "limit 3", hitIDs(search(t, s, graph.SearchQuery{Text: "data", Limit: 3})), all[:3])
	}},
	{"default and largest limits", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		var b graph.Batch
		for i := range graph.DefaultSearchLimit + 5 {
			b.Nodes = append(b.Nodes, newComp(fmt.Sprintf("kt-%02d", i), fmt.Sprintf("Kotlin topic %02d", (i*7)%25)))
		}
		b.Nodes = append(b.Nodes, newComp("kt-basics-2", "Kotlin basics"), newComp("kt-basics-1", "Kotlin basics"))
		f.bulk(b)
		hits := search(t, s, graph.SearchQuery{Text: "kotlin"})
		if len(hits) != graph.DefaultSearchLimit {
			t.Fatalf("%d hits by default, want %d", len(hits), graph.DefaultSearchLimit)
		}
		all := hitIDs(search(t, s, graph.SearchQuery{Text: "kotlin", Limit: graph.MaxSearchLimit}))
		if len(all) != graph.DefaultSearchLimit+7 {
			t.Fatalf("%d hits, want %d", len(all), graph.DefaultSearchLimit+7)
		}
		sameOrder(t, "the default limit's hits", hitIDs(hits), all[:graph.DefaultSearchLimit])
		// Two nodes alike but for their ids tie, and go by id.
		i := slices.Index(all, "kt-basics-1")
		if i < 0 || i+1 >= len(all) || all[i+1] != "kt-basics-2" {
			t.Fatalf("hits %q: want kt-basics-1 right before its twin kt-basics-2", all)
		}
		hits = search(t, s, graph.SearchQuery{Text: "kotlin topic 07"})
		if len(hits) == 0 || hits[0].Node.DisplayName() != "Kotlin topic 07" {
			t.Fatalf("Search %q: first hit %v, want the node of that name", "kotlin topic 07", hitIDs(hits))
		}
	}},
	{"learners and achievements are never found", func(t *testing.T, s graph.Store) {
		searchCatalogue(t, s)
		for _, q := range []string{"data analysis", "l-1", "a-1"} {
			for _, h := range search(t, s, graph.SearchQuery{Text: q, Limit: graph.MaxSearchLimit}) {
				if k := h.Node.NodeKind(); k == graph.KindLearner || k == graph.KindAchievement {
					t.Fatalf("Search %q returned %s %q", q, k, h.Node.NodeID())
				}
			}
		}
	}},
	{"invalid queries name the field", func(t *testing.T, s graph.Store) {
		searchCatalogue(t, s)
		cases := []struct {
			name  string
			q     graph.SearchQuery
			field string
		}{
			{"empty", graph.SearchQuery{}, "query"},
			{"blank", graph.SearchQuery{Text: " \t "}, "query"},
			{"punctuation only", graph.SearchQuery{Text: `?!-- "*" (&&)`}, "query"},
			{"learners", graph.SearchQuery{Text: "data", Kinds: []graph.Kind{graph.KindCompetency, graph.KindLearner}}, "kinds"},
			{"achievements", graph.SearchQuery{Text: "data", Kinds: []graph.Kind{graph.KindAchievement}}, "kinds"},
			{"unknown kind", graph.SearchQuery{Text: "data", Kinds: []graph.Kind{"Person"}}, "kinds"},
			{"limit above the maximum", graph.SearchQuery{Text: "data", Limit: graph.MaxSearchLimit + 1}, "limit"},
			{"negative limit", graph.SearchQuery{Text: "data", Limit: -1}, "limit"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Search(t.Context(), tc.q)
				wantErr(t, err, graph.EINVALID, tc.field)
			})
		}
	}},
	{"follows creates, updates and deletes", func(t *testing.T, s graph.Store) {
		if hits := search(t, s, graph.SearchQuery{Text: "data"}); len(hits) != 0 {
			t.Fatalf("an empty store found %q", hitIDs(hits))
		}
		f := newFixture(t, s)
		c := f.comp("comp-1", "Data analysis")
		sameIDs(t, "after Create", hitIDs(search(t, s, graph.SearchQuery{Text: "analysis"})), []string{"comp-1"})
		c.Name, c.AltLabels = "Statistics", []string{"stochastics"}
		_, err := s.Update(t.Context(), c)
		must(t, err)
		sameIDs(t, "old name after Update", hitIDs(search(t, s, graph.SearchQuery{Text: "analysis"})), nil)
		sameIDs(t, "new label after Update", hitIDs(search(t, s, graph.SearchQuery{Text: "stoch"})), []string{"comp-1"})
		f.bulk(graph.Batch{Nodes: []graph.Node{newComp("comp-2", "Stochastic processes")}})
		sameIDs(t, "after BulkUpsert", hitIDs(search(t, s, graph.SearchQuery{Text: "stoch"})), []string{"comp-1", "comp-2"})
		must(t, s.Delete(t.Context(), graph.KindCompetency, "comp-1"))
		sameIDs(t, "after Delete", hitIDs(search(t, s, graph.SearchQuery{Text: "stoch"})), []string{"comp-2"})
	}},
}
