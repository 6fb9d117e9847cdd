package neo4j

import (
	"context"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// luceneQuery requires every term as a word prefix of the name, labels or description, and
// boosts name matches. Terms come from graph.SearchTerms (letters and digits only), so no
// user syntax reaches Lucene; they are escaped all the same.
const (
	maxBoost = 4 + 2 + 1 // the boosts of one term's clauses below
)

func luceneQuery(terms []string) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		t = luceneEscape(t)
		b.WriteString("+(_sname:" + t + "*^4 _slabels:" + t + "*^2 _sdesc:" + t + "*)")
	}
	return b.String()
}

func luceneEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\+-!():^[]"{}~*?|&/ `, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Search returns the nodes of the searchable kinds whose name, alternative labels or
// description hold every term of q.Text as a word prefix, best first: an exact whole-name match,
// then by the number of terms the name matches, then by Lucene's score, then by name and id.
// Scores decrease down the list. EINVALID ("query", "kinds", "limit") for a bad query;
// EINTERNAL on failure.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	terms, kindList, limit, err := graph.CheckSearchQuery(q)
	if err != nil {
		return nil, wrap("Search", err)
	}
	kinds := toStrings(kindList)

	// Lucene finds the candidates (its constant-score prefix clauses make the score the sum of
	// the field boosts matched); the ranking is done here over all of them, so that ties at the
	// limit are cut by name and id as the contract says, not by Lucene's internal order.
	const query = `CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score
WHERE any(l IN labels(node) WHERE l IN $kinds)
WITH node, score, node._sname = $key AS exact,
     size([t IN $terms WHERE (' ' + node._sname) CONTAINS (' ' + t)]) AS inName
RETURN node, score, exact, inName
ORDER BY exact DESC, inName DESC, score DESC, node._name, node.id
LIMIT $limit`
	params := map[string]any{
		"index": searchIndex, "lucene": luceneQuery(terms), "kinds": kinds,
		"key": strings.Join(terms, " "), "terms": terms, "limit": int64(limit),
	}
	nameUnit := float64(maxBoost*len(terms) + 1)
	exactUnit := nameUnit * float64(len(terms)+1)
	hits, err := readOne(ctx, s, func(ctx context.Context, tx runner) ([]graph.SearchHit, error) {
		recs, err := collect(ctx, tx, query, params)
		if err != nil {
			return nil, err
		}
		hits := make([]graph.SearchHit, 0, len(recs))
		for _, r := range recs {
			v, _ := r.Get("node")
			n, err := nodeValue(v)
			if err != nil {
				return nil, err
			}
			score, err := get[float64](r, "score")
			if err != nil {
				return nil, err
			}
			exact, err := get[bool](r, "exact")
			if err != nil {
				return nil, err
			}
			inName, err := get[int64](r, "inName")
			if err != nil {
				return nil, err
			}
			// One number that orders as the ranking does: Lucene's score is a sum of boosts,
			// at most maxBoost per term, so each tier outweighs everything below it.
			total := score + nameUnit*float64(inName)
			if exact {
				total += exactUnit
			}
			hits = append(hits, graph.SearchHit{Node: n, Score: total})
		}
		return hits, nil
	})
	return hits, wrap("Search", err)
}
