package embedded

import (
	"iter"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// rec is a node as memory holds it, with what lists and search need precomputed. When its
// node changes, a write replaces the rec rather than editing it.
type rec struct {
	n       graph.Node
	lname   string   // lower-cased display name, for Filter.Text
	llabels []string // lower-cased alternative labels, for Filter.Text
	// Search: the name and each label as its words joined by spaces (for graph.SearchRanker),
	// and every distinct word of the name, labels and description (for the word index), those
	// of the name and labels first.
	snames    []string
	words     []int32 // by their postings' numbers (posting.num), not text: no pointers to scan
	nameWords int     // words[:nameWords] are the words of the name and labels
	hash      string  // record.Hash, filled on demand by writes (under s.wmu); readers never use it
	num       int32   // its place in Store.recs, which postings hold
}

func searchable(k graph.Kind) bool { return slices.Contains(graph.SearchableKinds, k) }

func newRec(n graph.Node, hash string) *rec {
	name, labels, _ := graph.Texts(n)
	r := &rec{n: n, lname: strings.ToLower(name), hash: hash}
	if len(labels) > 0 {
		r.llabels = make([]string, len(labels))
		for i, l := range labels {
			r.llabels[i] = strings.ToLower(l)
		}
	}
	return r
}

// setWords fills r's search names and returns its search words, for addWords (nothing for
// kinds search does not cover). seen is scratch space, empty on entry and on return.
func setWords(r *rec, seen map[string]bool) []string {
	if !searchable(r.n.NodeKind()) {
		return nil
	}
	name, labels, desc := graph.Texts(r.n)
	var words []string
	add := func(ws []string) {
		for _, w := range ws {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	r.snames = make([]string, 0, 1+len(labels))
	for i := -1; i < len(labels); i++ {
		text := name
		if i >= 0 {
			text = labels[i]
		}
		terms, joined := graph.SearchWords(text)
		add(terms)
		r.snames = append(r.snames, joined)
	}
	r.nameWords = len(words)
	add(graph.SearchTerms(desc))
	clear(seen)
	return words
}

// addWords adds r to the postings of words, its words as setWords returned them, and keeps
// their postings' numbers in r.words.
func (s *Store) addWords(r *rec, words []string) {
	if len(words) == 0 {
		return
	}
	r.words = make([]int32, len(words)) // kept for the record's life: no spare capacity
	for i, w := range words {
		p := s.posts[w]
		if p == nil {
			p = &posting{word: w}
			if k := len(s.freeWords); k > 0 {
				p.num, s.freeWords = s.freeWords[k-1], s.freeWords[:k-1]
			} else {
				p.num = int32(len(s.postings))
				s.postings, s.wordTexts = append(s.postings, nil), append(s.wordTexts, "")
			}
			s.postings[p.num], s.wordTexts[p.num] = p, w
			s.posts[w] = p
			s.added = append(s.added, w)
		}
		p.add(r.num)
		r.words[i] = p.num
	}
}

// word returns the text of r's i-th word.
func (s *Store) word(r *rec, i int) string { return s.wordTexts[r.words[i]] }

// postingListMax is the number of nodes a posting lists before it becomes a set: most words
// of descriptions are held by a handful of nodes, and a map per word cost more than the words.
const postingListMax = 16

// posting is the nodes holding a search word, by their numbers in Store.recs: numbers, not
// pointers, so that the collector has nothing to scan in the postings, a seventh of the
// heap at ten times the demo's catalogue.
type posting struct {
	word string             // the word
	num  int32              // its place in Store.postings, which records hold
	few  []int32            // the nodes, while there are at most postingListMax
	many map[int32]struct{} // the nodes, beyond
}

func (p *posting) add(n int32) {
	switch {
	case p.many != nil:
		p.many[n] = struct{}{}
	case slices.Contains(p.few, n):
	case len(p.few) < postingListMax:
		p.few = append(p.few, n)
	default:
		p.many = make(map[int32]struct{}, len(p.few)+1)
		for _, x := range p.few {
			p.many[x] = struct{}{}
		}
		p.many[n] = struct{}{}
		p.few = nil
	}
}

func (p *posting) remove(n int32) {
	if p.many != nil {
		delete(p.many, n)
		return
	}
	if i := slices.Index(p.few, n); i >= 0 {
		p.few = slices.Delete(p.few, i, i+1)
	}
}

func (p *posting) len() int { return len(p.few) + len(p.many) }

// all yields the nodes holding the word, in no particular order, from the store's records.
func (p *posting) all(recs []*rec) iter.Seq[*rec] {
	return func(yield func(*rec) bool) {
		for _, n := range p.few {
			if !yield(recs[n]) {
				return
			}
		}
		for n := range p.many {
			if !yield(recs[n]) {
				return
			}
		}
	}
}

// putNode indexes n (owned by the store from now on), replacing the node with its id.
func (s *Store) putNode(n graph.Node, hash string) {
	r := s.putRec(n, hash)
	s.addWords(r, setWords(r, map[string]bool{}))
}

// putRec is putNode without the search index, which Open builds on the side.
func (s *Store) putRec(n graph.Node, hash string) *rec {
	id, k := n.NodeID(), n.NodeKind()
	old := s.nodes[id]
	if old != nil {
		s.unindex(old)
	}
	r := newRec(n, hash)
	if old != nil {
		r.num = old.num
	} else if k := len(s.freeRecs); k > 0 {
		r.num, s.freeRecs = s.freeRecs[k-1], s.freeRecs[:k-1]
	} else {
		r.num = int32(len(s.recs))
		s.recs = append(s.recs, nil)
	}
	s.recs[r.num] = r
	s.nodes[id] = r
	s.byKind[k][id] = r
	s.invalidate(k)
	for _, t := range graph.RefIDs(n) {
		m := s.refBy[t]
		if m == nil {
			m = map[string]struct{}{}
			s.refBy[t] = m
		}
		m[id] = struct{}{}
	}
	// Block.Components is the COMPRISES relationship: sync the edge index with it.
	var oldComps, newComps []string
	if old != nil {
		if b, ok := old.n.(*graph.Block); ok {
			oldComps = b.Components
		}
	}
	if b, ok := n.(*graph.Block); ok {
		newComps = b.Components
	}
	a := s.adj[graph.RelComprises]
	for _, c := range oldComps {
		if !slices.Contains(newComps, c) {
			a.remove(id, c)
		}
	}
	for _, c := range newComps {
		if !slices.Contains(oldComps, c) {
			a.put(graph.Edge{Type: graph.RelComprises, From: id, To: c})
		}
	}
	return r
}

// unindex removes what r added to the search and reference indexes.
func (s *Store) unindex(r *rec) {
	id := r.n.NodeID()
	for _, k := range r.words {
		if p := s.postings[k]; p != nil {
			p.remove(r.num)
			if p.len() == 0 {
				delete(s.posts, p.word)
				s.postings[k], s.wordTexts[k] = nil, ""
				s.freeWords = append(s.freeWords, k)
				s.drops = true
			}
		}
	}
	for _, t := range graph.RefIDs(r.n) {
		if m := s.refBy[t]; m != nil {
			delete(m, id)
			if len(m) == 0 {
				delete(s.refBy, t)
			}
		}
	}
}

// dropNode removes the node with id and every edge at it.
func (s *Store) dropNode(id string) {
	r := s.nodes[id]
	if r == nil {
		return
	}
	s.unindex(r)
	k := r.n.NodeKind()
	delete(s.nodes, id)
	s.recs[r.num] = nil
	s.freeRecs = append(s.freeRecs, r.num)
	delete(s.byKind[k], id)
	s.invalidate(k)
	for _, a := range s.adj {
		a.removeAt(id)
	}
}

// fixWords brings the sorted word list up to date after an apply: one merge of the new
// words, one pass to drop the emptied ones.
func (s *Store) fixWords() {
	if s.drops {
		s.words = slices.DeleteFunc(s.words, func(w string) bool { _, ok := s.posts[w]; return !ok })
		s.drops = false
	}
	if len(s.added) == 0 {
		return
	}
	added := s.added
	s.added = nil
	// A word added then dropped within the apply is gone; one added twice is listed once.
	added = slices.DeleteFunc(added, func(w string) bool { _, ok := s.posts[w]; return !ok })
	slices.Sort(added)
	added = slices.Compact(added)
	merged := make([]string, 0, len(s.words)+len(added))
	i, j := 0, 0
	for i < len(s.words) && j < len(added) {
		switch c := strings.Compare(s.words[i], added[j]); {
		case c < 0:
			merged = append(merged, s.words[i])
			i++
		case c > 0:
			merged = append(merged, added[j])
			j++
		default: // dropped and added again within the apply: already listed
			merged = append(merged, s.words[i])
			i++
			j++
		}
	}
	merged = append(merged, s.words[i:]...)
	merged = append(merged, added[j:]...)
	s.words = merged
}
