package graph

import (
	"fmt"
	"time"
)

// RelType names a relationship type between nodes. To-one relationships (a credential's
// awarding body, a competency's framework, an achievement's learner and subject, a block's
// components) are fields of the nodes; the to-many relationships below are edges, made with
// Link and removed with Unlink. RelComprises is both: Link and Unlink edit Block.Components.
type RelType string

const (
	RelBroader            RelType = "BROADER"             // Competency -> broader Competency
	RelRelated            RelType = "RELATED"             // Competency -> Competency {kind}
	RelCertifies          RelType = "CERTIFIES"           // Credential -> Competency {level}
	RelPrerequisite       RelType = "PREREQUISITE"        // Credential -> Credential it requires
	RelRequiresCompetency RelType = "REQUIRES_COMPETENCY" // Credential -> Competency {level}
	RelComprises          RelType = "COMPRISES"           // Block -> Credential | Block
	RelRoleRequires       RelType = "ROLE_REQUIRES"       // JobRole -> Competency {importance, level, weight}
	RelHas                RelType = "HAS"                 // Learner -> Competency {level, source, since}
	RelTargets            RelType = "TARGETS"             // Learner -> JobRole
	// RelEnrolledIn: the learner studies with the organisation, which may then issue them
	// badges. Made by the learner (or an admin), never by the organisation.
	RelEnrolledIn RelType = "ENROLLED_IN" // Learner -> Organization
)

// RelTypes lists every edge type, in a stable order.
var RelTypes = []RelType{RelBroader, RelRelated, RelCertifies, RelPrerequisite,
	RelRequiresCompetency, RelComprises, RelRoleRequires, RelHas, RelTargets, RelEnrolledIn}

// RelSpec says what a relationship type connects and which properties it carries.
type RelSpec struct {
	From    Kind
	To      []Kind
	Acyclic bool // linking must not close a cycle
	// Properties carried: Level (required, 1-5), Importance and Weight, Kind, Source and Since.
	Level, Importance, RelKind, Source bool
}

// Rels describes every edge type.
var Rels = map[RelType]RelSpec{
	RelBroader:            {From: KindCompetency, To: []Kind{KindCompetency}, Acyclic: true},
	RelRelated:            {From: KindCompetency, To: []Kind{KindCompetency}, RelKind: true},
	RelCertifies:          {From: KindCredential, To: []Kind{KindCompetency}, Level: true},
	RelPrerequisite:       {From: KindCredential, To: []Kind{KindCredential}, Acyclic: true},
	RelRequiresCompetency: {From: KindCredential, To: []Kind{KindCompetency}, Level: true},
	RelComprises:          {From: KindBlock, To: []Kind{KindCredential, KindBlock}, Acyclic: true},
	RelRoleRequires:       {From: KindJobRole, To: []Kind{KindCompetency}, Level: true, Importance: true},
	RelHas:                {From: KindLearner, To: []Kind{KindCompetency}, Level: true, Source: true},
	RelTargets:            {From: KindLearner, To: []Kind{KindJobRole}},
	RelEnrolledIn:         {From: KindLearner, To: []Kind{KindOrganization}},
}

// EdgeFilter narrows Edges to the edges a request asks for, so that a store reads no more.
// The zero value keeps every edge.
type EdgeFilter struct {
	Importance Importance // ROLE_REQUIRES: only requirements of this importance
	MinLevel   int        // types with a level: only edges at this level or above (1-5)
}

// Check reports a filter that does not apply to edges of type t: EINVALID naming
// "filter.importance" or "filter.minLevel".
func (f EdgeFilter) Check(t RelType) error {
	spec := Rels[t]
	if f.Importance != "" && (!spec.Importance || (f.Importance != Essential && f.Importance != Optional)) {
		return Invalid("filter.importance", "does not apply to %s edges", t)
	}
	if f.MinLevel != 0 && (!spec.Level || f.MinLevel < MinLevel || f.MinLevel > MaxLevel) {
		return Invalid("filter.minLevel", "must be between %d and %d, on edges with a level", MinLevel, MaxLevel)
	}
	return nil
}

// Keeps reports whether f keeps e, a normalised edge.
func (f EdgeFilter) Keeps(e Edge) bool {
	return (f.Importance == "" || e.Importance == f.Importance) && e.Level >= f.MinLevel
}

// Importance says whether a role requirement is essential.
type Importance string

const (
	Essential Importance = "ESSENTIAL"
	Optional  Importance = "OPTIONAL"
)

// HoldingSource says how a learner came to hold a competency.
type HoldingSource string

const (
	SourceDeclared  HoldingSource = "DECLARED"
	SourceAssessed  HoldingSource = "ASSESSED"
	SourceCertified HoldingSource = "CERTIFIED"
)

// Edge is one relationship. Only the properties its type carries (see Rels) are kept; the
// others are zero.
type Edge struct {
	Type       RelType       `json:"type"`
	From       string        `json:"from"`
	To         string        `json:"to"`
	Level      int           `json:"level,omitempty"`
	Importance Importance    `json:"importance,omitempty"`
	Weight     float64       `json:"weight,omitempty"`
	Kind       string        `json:"kind,omitempty"` // RELATED: e.g. "optional" or "essential"
	Source     HoldingSource `json:"source,omitempty"`
	Since      *time.Time    `json:"since,omitempty"`
}

// Direction says which end of an edge a lookup starts from.
type Direction int

const (
	Outgoing Direction = iota // edges whose From is the given id
	Incoming                  // edges whose To is the given id
)

// Normalize fills in defaults: a requirement or holding without a level is level 1, a role
// requirement without importance is essential with weight 1, a holding without a source is
// declared. It clears properties the type does not carry.
func (e *Edge) Normalize() {
	spec, ok := Rels[e.Type]
	if !ok {
		return
	}
	if spec.Level && e.Level == 0 {
		e.Level = MinLevel
	}
	if !spec.Level {
		e.Level = 0
	}
	if spec.Importance {
		if e.Importance == "" {
			e.Importance = Essential
		}
		if e.Weight == 0 {
			e.Weight = 1
		}
	} else {
		e.Importance, e.Weight = "", 0
	}
	if !spec.RelKind {
		e.Kind = ""
	}
	if spec.Source {
		if e.Source == "" {
			e.Source = SourceDeclared
		}
		if e.Since != nil {
			t := e.Since.UTC().Truncate(time.Millisecond)
			e.Since = &t
		}
	} else {
		e.Source, e.Since = "", nil
	}
}

// Validate checks the edge's type, ids and properties (after Normalize). It does not check
// that the ends exist: stores do.
func (e *Edge) Validate() error {
	spec, ok := Rels[e.Type]
	if !ok {
		return Invalid("type", "unknown relationship type %q", string(e.Type))
	}
	if err := firstErr(ValidateID("from", e.From), ValidateID("to", e.To)); err != nil {
		return err
	}
	if e.From == e.To {
		return Invalid("to", "a %s relationship cannot point at its own start", e.Type)
	}
	if spec.Level {
		if err := ValidateLevel("level", e.Level); err != nil {
			return err
		}
	}
	if spec.Importance {
		if err := oneOf("importance", e.Importance, false, Essential, Optional); err != nil {
			return err
		}
		if err := validateRange("weight", e.Weight, 0, 1000); err != nil {
			return err
		}
	}
	if spec.RelKind {
		if err := validateText("kind", e.Kind, 100); err != nil {
			return err
		}
	}
	if spec.Source {
		if err := oneOf("source", e.Source, false, SourceDeclared, SourceAssessed, SourceCertified); err != nil {
			return err
		}
	}
	return nil
}

// OutgoingEdges checks the edges of CreateWithEdges for a new node of kind k with id, before
// any store is read: each is normalised and validated, its From set to id when empty; of
// several edges of one type to one node, the last is kept. Stores then check the other ends.
func OutgoingEdges(k Kind, id string, edges []Edge) ([]Edge, error) {
	out := make([]Edge, 0, len(edges))
	at := map[[2]string]int{}
	for i, e := range edges {
		field := fmt.Sprintf("edges[%d]", i)
		if e.From == "" {
			e.From = id
		}
		if e.From != id {
			return nil, Invalid(field+".from", "must be the new node %q (got %q)", id, e.From)
		}
		e.Normalize()
		if err := e.Validate(); err != nil {
			return nil, Within(field, err)
		}
		if e.Type == RelComprises {
			return nil, Invalid(field, "a block names its components: %s is not allowed here", e.Type)
		}
		if Rels[e.Type].From != k {
			return nil, Invalid(field, "%s starts at a %s, not a %s", e.Type, Rels[e.Type].From, k)
		}
		key := [2]string{string(e.Type), e.To}
		if j, dup := at[key]; dup {
			out[j] = e
			continue
		}
		at[key] = len(out)
		out = append(out, e)
	}
	return out, nil
}
