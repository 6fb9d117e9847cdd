// Package graph holds skillgraph's domain: the node and relationship types of the skills graph,
// their validation, the error vocabulary, and the Store interface that every store implements.
// It imports no database driver; stores live in subpackages.
package graph

import (
	"crypto/rand"
	"encoding/base32"
	"maps"
	"slices"
	"strings"
	"time"
)

// Kind names a node type. It doubles as the node's label in Neo4j.
type Kind string

const (
	KindCompetency   Kind = "Competency"
	KindFramework    Kind = "Framework"
	KindOrganization Kind = "Organization"
	KindCredential   Kind = "Credential"
	KindBlock        Kind = "Block"
	KindJobRole      Kind = "JobRole"
	KindLearner      Kind = "Learner"
	KindAchievement  Kind = "Achievement"
)

// Kinds lists every node kind, in a stable order.
var Kinds = []Kind{KindFramework, KindOrganization, KindCompetency, KindCredential, KindBlock,
	KindJobRole, KindLearner, KindAchievement}

// SearchableKinds are the kinds text search covers. Learners and achievements are personal
// data and are never returned by search.
var SearchableKinds = []Kind{KindCompetency, KindCredential, KindBlock, KindJobRole,
	KindOrganization, KindFramework}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Node is implemented by every node type (as a pointer).
type Node interface {
	NodeID() string
	NodeKind() Kind
	// DisplayName is the node's name or title: what sorting by NAME and search use.
	DisplayName() string
	// Validate checks the node's own fields (not its references) and returns an EINVALID error
	// naming the first field at fault.
	Validate() error
	// Refs lists the nodes this one points at through its to-one fields (awarding body,
	// framework, learner...), which must exist.
	Refs() []Ref
	meta() *Meta
}

// Ref is a to-one reference from a node's field to another node.
type Ref struct {
	Field string
	Kind  Kind // for an achievement's subject, the kind is Credential or Block
	ID    string
}

// Meta carries the fields every node has. Stores set the timestamps.
type Meta struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func (m *Meta) NodeID() string { return m.ID }
func (m *Meta) meta() *Meta    { return m }

// Stamp sets n's timestamps for a write at now: CreatedAt is kept from created when non-zero.
func Stamp(n Node, created, now time.Time) {
	m := n.meta()
	if created.IsZero() {
		created = now
	}
	m.CreatedAt, m.UpdatedAt = created, now
}

// Now returns the current time as stores keep it: UTC, millisecond precision, so that it
// survives every store's encoding unchanged.
func Now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// NewID returns a fresh random id for a node of kind k, e.g. "cred_3xq7...". Stores call it
// when a node is created without an id.
func NewID(k Kind) string {
	var b [16]byte // 128 bits: ids of badges are public URLs and must not be guessable
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return idPrefix[k] + "_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

var idPrefix = map[Kind]string{
	KindCompetency: "comp", KindFramework: "fw", KindOrganization: "org", KindCredential: "cred",
	KindBlock: "block", KindJobRole: "role", KindLearner: "learner", KindAchievement: "ach",
}

// New returns a new, empty node of kind k, or nil for an unknown kind.
func New(k Kind) Node {
	switch k {
	case KindCompetency:
		return &Competency{}
	case KindFramework:
		return &Framework{}
	case KindOrganization:
		return &Organization{}
	case KindCredential:
		return &Credential{}
	case KindBlock:
		return &Block{}
	case KindJobRole:
		return &JobRole{}
	case KindLearner:
		return &Learner{}
	case KindAchievement:
		return &Achievement{}
	}
	return nil
}

// Texts returns what text filters and search read of a node: its name, its alternative labels
// and its description.
func Texts(n Node) (name string, labels []string, description string) {
	switch v := n.(type) {
	case *Competency:
		return v.Name, withTranslations(v.AltLabels, v.Names), v.Description
	case *Framework:
		return v.Name, nil, v.Description
	case *Organization:
		return v.Name, nil, v.Description
	case *Credential:
		return v.Title, nil, v.Description
	case *Block:
		return v.Title, nil, v.Description
	case *JobRole:
		return v.Title, withTranslations(v.AltLabels, v.Titles), v.Description
	}
	return n.DisplayName(), nil, ""
}

// withTranslations is labels followed by the name in other languages (in the order of their
// language codes): search weighs a name's translations as it weighs its alternative labels.
func withTranslations(labels []string, names map[string]string) []string {
	if len(names) == 0 {
		return labels
	}
	out := slices.Clone(labels)
	for _, lang := range slices.Sorted(maps.Keys(names)) {
		if !slices.Contains(out, names[lang]) {
			out = append(out, names[lang])
		}
	}
	return out
}

// RefIDs lists every id n's fields point at: its to-one references and, for a block, its
// components.
func RefIDs(n Node) []string {
	var ids []string
	for _, r := range n.Refs() {
		ids = append(ids, r.ID)
	}
	if b, ok := n.(*Block); ok {
		ids = append(ids, b.Components...)
	}
	return ids
}
