package neo4j

import (
	"context"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// luceneQuery requires every term as a word prefix of the name, labels or description. Terms
// come from graph.SearchTerms (letters and digits only), so no user syntax reaches Lucene;
// they are escaped all the same.
func luceneQuery(terms []string) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		t = luceneEscape(t)
		b.WriteString("+(_sname:" + t + "* _slabels:" + t + "* _sdesc:" + t + "*)")
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
// description hold every term of q.Text as a word prefix, best first by graph.SearchRanker's
// score (worked out here in Cypher, to the same definition), then by name and id. EINVALID
// ("query", "kinds", "limit") for a bad query; EINTERNAL on failure.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	terms, kindList, limit, err := graph.CheckSearchQuery(q)
	if err != nil {
		return nil, wrap("Search", err)
	}
	kinds := toStrings(kindList)

	// Lucene finds the candidates; the ranking is done here over all of them, so that ties at
	// the limit are cut by name and id as the contract says, not by Lucene's internal order.
	// names are the name and each label as words joined by spaces (see encode).
	const query = `CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node
WHERE any(l IN labels(node) WHERE l IN $kinds)
WITH node, [node._sname] + coalesce(node._snames, []) AS names
WITH node, names, size([t IN $terms WHERE any(x IN names WHERE (' ' + x) CONTAINS (' ' + t))]) AS inNames
WITH node, inNames, CASE
  WHEN $key IN names THEN $exact
  WHEN any(x IN names WHERE x STARTS WITH $key) THEN $prefix
  WHEN inNames = size($terms) THEN $name
  ELSE $text END AS rank
RETURN node, toFloat(rank * 100 + inNames) AS score
ORDER BY score DESC, node._name, node.id
LIMIT $limit`
	params := map[string]any{
		"index": searchIndex, "lucene": luceneQuery(terms), "kinds": kinds,
		"key": strings.Join(terms, " "), "terms": terms, "limit": int64(limit),
		"exact": int64(graph.RankExact), "prefix": int64(graph.RankPrefix), "name": int64(graph.RankName),
		"text": int64(graph.RankText),
	}
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
			hits = append(hits, graph.SearchHit{Node: n, Score: score})
		}
		return hits, nil
	})
	return hits, wrap("Search", err)
}
