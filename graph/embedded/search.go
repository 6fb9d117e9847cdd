package embedded

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// Search returns the nodes of the searchable kinds whose name, alternative labels or
// description hold every term of q.Text as a word prefix, best first by graph.SearchRanker,
// ties broken by name then id. EINVALID ("query") when q.Text holds no term or more than 64,
// ("kinds") for a kind that is not searchable, ("limit") for a limit outside
// 0..MaxSearchLimit; EINTERNAL once closed.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("Search", err)
	}
	terms, kindList, limit, err := graph.CheckSearchQuery(q)
	if err != nil {
		return nil, wrap("Search", err)
	}
	kinds := map[graph.Kind]bool{}
	for _, k := range kindList {
		kinds[k] = true
	}

	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("Search", err)
	}
	// Candidates hold a word the longest term prefixes (likely the rarest); each is then
	// checked and scored against every term.
	pivot := terms[0]
	for _, t := range terms[1:] {
		if len(t) > len(pivot) {
			pivot = t
		}
	}
	ranker := graph.NewSearchRanker(terms)
	seen := map[*rec]bool{}
	type hit struct {
		r     *rec
		score float64
	}
	var hits []hit
	for i := sort.SearchStrings(s.words, pivot); i < len(s.words) && strings.HasPrefix(s.words[i], pivot); i++ {
		p := s.posts[s.words[i]]
		if p == nil {
			continue
		}
		for r := range p.all(s.recs) {
			if seen[r] {
				continue
			}
			seen[r] = true
			if !kinds[r.n.NodeKind()] {
				continue
			}
			if inNames, ok := s.matchTerms(r, terms); ok {
				hits = append(hits, hit{r, ranker.ScoreCounted(r.snames, inNames)})
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := strings.Compare(a.r.n.DisplayName(), b.r.n.DisplayName()); c != 0 {
			return c
		}
		return strings.Compare(a.r.n.NodeID(), b.r.n.NodeID())
	})
	out := make([]graph.SearchHit, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, graph.SearchHit{Node: cloneNode(h.r.n), Score: h.score})
	}
	return out, nil
}

// matchTerms reports whether every term prefixes a word of r, and counts the terms that
// prefix a word of its name or labels (which come first in r.words).
func (s *Store) matchTerms(r *rec, terms []string) (inNames int, ok bool) {
terms:
	for _, t := range terms {
		for i := range r.words {
			if strings.HasPrefix(s.word(r, i), t) {
				if i < r.nameWords {
					inNames++
				}
				continue terms
			}
		}
		return 0, false
	}
	return inNames, true
}
