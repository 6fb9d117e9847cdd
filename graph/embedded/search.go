package embedded

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// Search scoring: each term scores nameScore when it prefixes a word of the name, otherScore
// when it prefixes only a word of the labels or description; a node whose name has the
// query's words, in order and nothing else, gets exactBonus on top. exactBonus exceeds any
// sum of term scores, and a node with a term in its name always outscores one without.
const (
	nameScore  = 3
	otherScore = 1
	exactBonus = 1000
)

// Search returns the nodes of the searchable kinds whose name, alternative labels or
// description hold every term of q.Text as a word prefix, best first (see the scores above),
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
	exact := strings.Join(terms, " ")

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
	seen := map[*rec]bool{}
	type hit struct {
		r     *rec
		score int
	}
	var hits []hit
	for i := sort.SearchStrings(s.words, pivot); i < len(s.words) && strings.HasPrefix(s.words[i], pivot); i++ {
		for r := range s.posts[s.words[i]] {
			if seen[r] {
				continue
			}
			seen[r] = true
			if !kinds[r.n.NodeKind()] {
				continue
			}
			if score, ok := scoreOf(r, terms); ok {
				if r.sname == exact {
					score += exactBonus
				}
				hits = append(hits, hit{r, score})
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
		out = append(out, graph.SearchHit{Node: cloneNode(h.r.n), Score: float64(h.score)})
	}
	return out, nil
}

// scoreOf scores r against terms; false when a term prefixes none of its words.
func scoreOf(r *rec, terms []string) (int, bool) {
	score := 0
terms:
	for _, t := range terms {
		for i, w := range r.words {
			if strings.HasPrefix(w, t) {
				if i < r.nameWords {
					score += nameScore
					continue terms
				}
				// Not in the name (name words come first); count it once as elsewhere.
				score += otherScore
				continue terms
			}
		}
		return 0, false
	}
	return score, true
}
