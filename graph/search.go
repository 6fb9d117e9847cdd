package graph

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SearchTerms splits a text into the words search compares: maximal runs of letters and
// digits, lower-cased and without accents (Fold), so that "Données" and "donnees" are one
// word. Everything else separates words, so query syntax never reaches an engine.
func SearchTerms(s string) []string {
	return strings.FieldsFunc(Fold(s), notWordRune)
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// SearchWords returns SearchTerms(s) and the terms joined by single spaces, as SearchRanker
// reads names. The joined text shares the terms' memory when the folded text is already that
// (most names and labels are), so that stores holding both pay for one.
func SearchWords(s string) (terms []string, joined string) {
	folded := Fold(s)
	terms = strings.FieldsFunc(folded, notWordRune)
	if len(terms) == 0 {
		return nil, ""
	}
	// The terms are folded's fields, in order: folded holds their join when they follow each
	// other with one space between.
	start := strings.IndexFunc(folded, func(r rune) bool { return !notWordRune(r) })
	pos := start
	for i, t := range terms {
		if i > 0 {
			if pos >= len(folded) || folded[pos] != ' ' {
				return terms, strings.Join(terms, " ")
			}
			pos++
		}
		if !strings.HasPrefix(folded[pos:], t) {
			return terms, strings.Join(terms, " ")
		}
		pos += len(t)
	}
	return terms, folded[start:pos]
}

// foldMarks hands out transformers that decompose letters and drop their combining marks:
// é -> e, ç -> c. A chain keeps buffers between calls, so it serves one goroutine at a time;
// searches and writes fold words concurrently.
var foldMarks = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// foldLetters spells out the letters that are not a base letter and a mark.
var foldLetters = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss", "ø", "o", "ł", "l", "đ", "d", "ı", "i")

// Fold lower-cases s and removes its accents, for comparing words as people read them.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	s = strings.ToLower(s)
	if ascii {
		return s
	}
	t := foldMarks.Get().(transform.Transformer)
	if f, _, err := transform.String(t, s); err == nil {
		s = f
	}
	foldMarks.Put(t)
	return foldLetters.Replace(s)
}

// Search ranks, best first. Alternative labels (French names among them) count as names.
const (
	// RankExact: the name or a label, word for word, is the query.
	RankExact = 4
	// RankPrefix: the name or a label starts with the query, its last term a word prefix.
	RankPrefix = 3
	// RankName: every term prefixes a word of the name or the labels.
	RankName = 2
	// RankText: some term is found only in the description.
	RankText = 1
)

// SearchRanker scores the nodes that hold every term of a query somewhere.
type SearchRanker struct {
	terms []string
	key   string // the terms joined by single spaces
}

// NewSearchRanker returns the ranker of a query's SearchTerms.
func NewSearchRanker(terms []string) SearchRanker {
	return SearchRanker{terms: terms, key: strings.Join(terms, " ")}
}

// Score is a node's score: its rank times 100, plus the number of terms found in its name or
// labels, which orders the nodes of RankText. names are the node's name and labels, each as
// its SearchTerms joined by single spaces. Both stores rank by it (the Neo4j store in
// Cypher, to the same definition), so they return the same hits in the same order.
func (q SearchRanker) Score(names []string) float64 {
	inNames := 0
	for _, t := range q.terms {
		for _, n := range names {
			if hasWordPrefix(n, t) {
				inNames++
				break
			}
		}
	}
	return q.ScoreCounted(names, inNames)
}

// ScoreCounted is Score for a caller that has counted the terms that prefix a word of names.
func (q SearchRanker) ScoreCounted(names []string, inNames int) float64 {
	rank := RankText
	if inNames == len(q.terms) {
		rank = RankName
	}
	for _, n := range names {
		switch {
		case n == q.key:
			rank = RankExact
		case rank < RankPrefix && strings.HasPrefix(n, q.key):
			rank = RankPrefix
		}
	}
	return float64(rank*100 + inNames)
}

// SearchNames returns what SearchRanker.Score reads of a node: its name and alternative
// labels, each as its SearchTerms joined by single spaces.
func SearchNames(n Node) []string {
	name, labels, _ := Texts(n)
	out := make([]string, 0, 1+len(labels))
	for i := -1; i < len(labels); i++ {
		text := name
		if i >= 0 {
			text = labels[i]
		}
		_, joined := SearchWords(text)
		out = append(out, joined)
	}
	return out
}

// hasWordPrefix reports whether a word of words (joined by single spaces) starts with t.
func hasWordPrefix(words, t string) bool {
	for i := 0; i+len(t) <= len(words); {
		j := strings.Index(words[i:], t)
		if j < 0 {
			return false
		}
		if i+j == 0 || words[i+j-1] == ' ' {
			return true
		}
		i += j + 1
	}
	return false
}
