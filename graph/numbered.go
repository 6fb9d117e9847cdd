package graph

import "slices"

// NumberedCatalogue is a catalogue's credentials and competencies numbered in id order, with
// what the pathway engine reads of each credential's edges as lists of numbers. A store that
// holds its catalogue in memory builds one per catalogue version and gives pathway contexts
// over it (PathwayContext.Numbered): a context is then a list of numbers, not copies of tens
// of thousands of credentials and edges, and the engine reads numbers instead of looking ids
// up. Read-only once built: contexts share it.
type NumberedCatalogue struct {
	CredentialIDs []string // ascending
	Credentials   []*Credential
	CredentialNum map[string]int32
	// Figures are each credential's figures by number, side by side, so that a pass over tens
	// of thousands of credentials reads them without visiting each credential. Optional: when
	// its length is not that of Credentials, readers take the figures from the credentials.
	Figures       []CredentialFigures
	CompetencyIDs []string // ascending
	CompetencyNum map[string]int32
	// Per credential, as stored: its CERTIFIES and REQUIRES_COMPETENCY edges as (competency,
	// level) by competency, and the credentials its PREREQUISITE edges name, ascending. These
	// types carry no property but the level, so the lists are the edges (see Full).
	Certifies, Requires LevelLists
	Prerequisites       NumLists

	BlockIDs []string // ascending
	Blocks   []*Block
	// Components are each block's components in order, by number: a credential as itself,
	// a block b as -1-b, and any other id k of Unnamed as -1-len(Blocks)-k (see Component).
	Components NumLists
	Unnamed    []string
}

// CredentialFigures are what a pathway's cost, a block's rule and a learner's constraints read
// of a credential.
type CredentialFigures struct {
	Price, Hours, ECTS float64
	PartialValidation  bool
	// Modality is ModalityCode's code of the credential's modality, and Language the two
	// letters of its language code in lower case; zero when the credential has none such,
	// so that a reader checks the credential itself.
	Modality uint8
	Language [2]byte
}

// FiguresOf returns c's figures.
func FiguresOf(c *Credential) CredentialFigures {
	return CredentialFigures{Price: c.Price, Hours: c.Hours, ECTS: c.ECTS, PartialValidation: c.PartialValidation,
		Modality: ModalityCode(c.Modality), Language: LanguageCode(c.Language)}
}

// ModalityCode numbers the modalities from 1 (at most 7), and gives 0 for any other value.
func ModalityCode(m Modality) uint8 {
	switch m {
	case ModalityOnSite:
		return 1
	case ModalityRemote:
		return 2
	case ModalityBlended:
		return 3
	}
	return 0
}

// LanguageCode returns a two-letter language code's letters in lower case, and zero for
// anything else.
func LanguageCode(lang string) [2]byte {
	if len(lang) != 2 {
		return [2]byte{}
	}
	var out [2]byte
	for i := range 2 {
		b := lang[i] | 0x20 // ASCII lower case
		if b < 'a' || b > 'z' {
			return [2]byte{}
		}
		out[i] = b
	}
	return out
}

// Component decodes a number of Components: a credential's number (cred true), a block's
// (block true), or neither, and the id either way.
func (n *NumberedCatalogue) Component(x int32) (id string, num int32, cred, block bool) {
	switch nb := int32(len(n.Blocks)); {
	case x >= 0:
		return n.CredentialIDs[x], x, true, false
	case x >= -nb:
		return n.BlockIDs[-1-x], -1 - x, false, true
	default:
		return n.Unnamed[-1-nb-x], 0, false, false
	}
}

// Lists is a list of lists in one slice: list i is Items[Off[i]:Off[i+1]].
type Lists[T any] struct {
	Off   []int32
	Items []T
}

// NumLists are lists of numbers; LevelLists, of competencies at a level.
type (
	NumLists   = Lists[int32]
	LevelLists = Lists[CompLevel]
)

// At returns list i.
func (l *Lists[T]) At(i int32) []T { return l.Items[l.Off[i]:l.Off[i+1]] }

// Add appends list as the next one.
func (l *Lists[T]) Add(list []T) {
	if l.Off == nil {
		l.Off = []int32{0}
	}
	l.Items = append(l.Items, list...)
	l.Off = append(l.Off, int32(len(l.Items)))
}

// CompLevel is a competency, by number, at a level (as stored: 0 when the edge has none).
type CompLevel struct{ Comp, Level int32 }

// Credential returns the context's credential id, nil when the context does not hold it.
func (pc *PathwayContext) Credential(id string) *Credential {
	if pc.Numbered == nil {
		return pc.Credentials[id]
	}
	if i, ok := pc.Member(id); ok {
		return pc.Numbered.Credentials[pc.Members[i]]
	}
	return nil
}

// Member returns the place in Members of the context's credential id, and whether the context
// holds it. Numbered contexts only.
func (pc *PathwayContext) Member(id string) (int, bool) {
	g, ok := pc.Numbered.CredentialNum[id]
	if !ok {
		return 0, false
	}
	return slices.BinarySearch(pc.Members, g)
}

// Full returns the context with its credentials and their edges as maps and edge lists: pc
// itself when they are, else a copy holding them (the catalogue's nodes shared; the edges,
// ordered by their ends' ids as stores list them, made from the catalogue's lists) and no
// numbers, for readers that walk edges by id.
func (pc *PathwayContext) Full() *PathwayContext {
	if pc == nil || pc.Numbered == nil {
		return pc
	}
	n := pc.Numbered
	out := *pc
	out.Numbered, out.Members, out.BlockMembers = nil, nil, nil
	out.Credentials = make(map[string]*Credential, len(pc.Members))
	out.CredentialIDs = make([]string, len(pc.Members))
	var nCert, nPre, nReq int32
	for k, g := range pc.Members {
		out.Credentials[n.CredentialIDs[g]] = n.Credentials[g]
		out.CredentialIDs[k] = n.CredentialIDs[g]
		nCert += n.Certifies.Off[g+1] - n.Certifies.Off[g]
		nPre += n.Prerequisites.Off[g+1] - n.Prerequisites.Off[g]
		nReq += n.Requires.Off[g+1] - n.Requires.Off[g]
	}
	out.Certifies = make([]Edge, 0, nCert)
	out.Prerequisites = make([]Edge, 0, nPre)
	out.RequiredCompetencies = make([]Edge, 0, nReq)
	for _, g := range pc.Members {
		id := n.CredentialIDs[g]
		for _, c := range n.Certifies.At(g) {
			out.Certifies = append(out.Certifies, Edge{Type: RelCertifies, From: id, To: n.CompetencyIDs[c.Comp], Level: int(c.Level)})
		}
		for _, p := range n.Prerequisites.At(g) {
			out.Prerequisites = append(out.Prerequisites, Edge{Type: RelPrerequisite, From: id, To: n.CredentialIDs[p]})
		}
		for _, c := range n.Requires.At(g) {
			out.RequiredCompetencies = append(out.RequiredCompetencies, Edge{Type: RelRequiresCompetency, From: id, To: n.CompetencyIDs[c.Comp], Level: int(c.Level)})
		}
	}
	return &out
}
