package esco

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// FrameworkID is the id of the ESCO framework node that imported competencies and roles
// belong to.
const FrameworkID = "esco"

// Attribution is the sentence any display of ESCO data must show.
const Attribution = "This service uses the ESCO classification of the European Commission."

// Framework returns the ESCO framework node; version is "" when unknown.
func Framework(version string) *graph.Framework {
	return &graph.Framework{
		Meta:        graph.Meta{ID: FrameworkID},
		Name:        "ESCO",
		Description: "European Skills, Competences, Qualifications and Occupations",
		URI:         "http://data.europa.eu/esco",
		Version:     version,
		Publisher:   "European Commission",
		Attribution: Attribution,
	}
}

// item is what one row maps to: a node, an edge, or the reason the row is skipped.
type item struct {
	node graph.Node
	edge graph.Edge // when node is nil and skip is ""
	skip string
}

// phase is one step of the import: a file and how each of its rows maps to the graph.
type phase struct {
	name string   // for progress and the summary
	file string   // base name of the file read
	cols []string // columns the mapping needs
	// fields names the column behind a graph field, so that a validation error names what
	// the user can find in the file.
	fields map[string]string
	row    func(m *mapper, t *table) (item, error)
}

// phases lists the import's steps in order: nodes before the edges that join them.
var phases = []phase{
	{
		name:   "skill groups",
		file:   fileGroups,
		cols:   []string{"conceptUri", "preferredLabel", "altLabels", "description", "code"},
		fields: nodeFields,
		row:    (*mapper).group,
	},
	{
		name:   "skills",
		file:   fileSkills,
		cols:   []string{"conceptUri", "preferredLabel", "altLabels", "description", "skillType", "reuseLevel"},
		fields: nodeFields,
		row:    (*mapper).skill,
	},
	{
		name:   "occupations",
		file:   fileOccupations,
		cols:   []string{"conceptUri", "preferredLabel", "altLabels", "description", "iscoGroup", "code"},
		fields: nodeFields,
		row:    (*mapper).occupation,
	},
	{
		name:   "broader links",
		file:   fileBroader,
		cols:   []string{"conceptUri", "broaderUri"},
		fields: map[string]string{"from": "conceptUri", "to": "broaderUri"},
		row:    (*mapper).broader,
	},
	{
		name:   "related links",
		file:   fileRelated,
		cols:   []string{"originalSkillUri", "relationType", "relatedSkillUri"},
		fields: map[string]string{"from": "originalSkillUri", "to": "relatedSkillUri", "kind": "relationType"},
		row:    (*mapper).related,
	},
	{
		name:   "requirements",
		file:   fileRequirements,
		cols:   []string{"occupationUri", "relationType", "skillUri"},
		fields: map[string]string{"from": "occupationUri", "to": "skillUri", "importance": "relationType"},
		row:    (*mapper).requirement,
	},
}

var nodeFields = map[string]string{
	"id": "conceptUri", "alignmentUri": "conceptUri", "name": "preferredLabel", "title": "preferredLabel",
}

var (
	skillTypes = map[string]graph.CompetencyType{
		"skill/competence": graph.CompetencyTypeSkill,
		"knowledge":        graph.CompetencyTypeKnowledge,
		"":                 graph.CompetencyTypeUnknown,
	}
	reuseLevels = map[string]graph.ReuseLevel{
		"transversal":         graph.ReuseTransversal,
		"cross-sector":        graph.ReuseCrossSector,
		"sector-specific":     graph.ReuseSectorSpecific,
		"occupation-specific": graph.ReuseOccupationSpecific,
		"":                    graph.ReuseUnknown,
	}
	importances = map[string]struct {
		importance graph.Importance
		weight     float64
	}{
		"essential": {graph.Essential, 1},
		"optional":  {graph.Optional, 0.5},
	}
)

// Reasons rows are skipped.
const (
	skipDuplicateConcept = "concept already imported from an earlier row"
	skipDuplicateLink    = "repeats an earlier row"
	skipSelfLink         = "links a concept to itself"
)

// mapper turns rows into nodes and edges. It remembers the concepts imported so that
// relations can be resolved, and numbers them so that edges are deduplicated cheaply.
type mapper struct {
	comps map[string]int32    // competency ids imported, numbered
	roles map[string]int32    // job role ids imported, numbered
	links map[uint64]struct{} // the current phase's edges, by the numbers of their ends
}

func newMapper() *mapper {
	return &mapper{comps: map[string]int32{}, roles: map[string]int32{}, links: map[uint64]struct{}{}}
}

func (m *mapper) group(t *table) (item, error) {
	c := &graph.Competency{
		Name:         strings.TrimSpace(t.get("preferredLabel")),
		Description:  description(t),
		AltLabels:    labels(t.get("altLabels")),
		Type:         graph.CompetencyTypeGroup,
		FrameworkID:  FrameworkID,
		AlignmentURI: strings.TrimSpace(t.get("conceptUri")),
		Code:         strings.TrimSpace(t.get("code")),
	}
	return m.concept(m.comps, c.AlignmentURI, c)
}

func (m *mapper) skill(t *table) (item, error) {
	typ, ok := skillTypes[strings.TrimSpace(t.get("skillType"))]
	if !ok {
		return item{}, graph.Invalid("skillType", "must be skill/competence, knowledge or empty (got %q)", t.get("skillType"))
	}
	reuse, ok := reuseLevels[strings.TrimSpace(t.get("reuseLevel"))]
	if !ok {
		return item{}, graph.Invalid("reuseLevel", "must be transversal, cross-sector, sector-specific, occupation-specific or empty (got %q)", t.get("reuseLevel"))
	}
	c := &graph.Competency{
		Name:         strings.TrimSpace(t.get("preferredLabel")),
		Description:  description(t),
		AltLabels:    labels(t.get("altLabels")),
		Type:         typ,
		ReuseLevel:   reuse,
		FrameworkID:  FrameworkID,
		AlignmentURI: strings.TrimSpace(t.get("conceptUri")),
	}
	return m.concept(m.comps, c.AlignmentURI, c)
}

func (m *mapper) occupation(t *table) (item, error) {
	r := &graph.JobRole{
		Title:        strings.TrimSpace(t.get("preferredLabel")),
		Description:  description(t),
		AltLabels:    labels(t.get("altLabels")),
		ISCOGroup:    strings.TrimSpace(t.get("iscoGroup")),
		AlignmentURI: strings.TrimSpace(t.get("conceptUri")),
		Code:         strings.TrimSpace(t.get("code")),
		FrameworkID:  FrameworkID,
	}
	return m.concept(m.roles, r.AlignmentURI, r)
}

// concept gives n the id of its URI and records it in known; a concept seen before is skipped,
// so that the first row wins whatever the batch boundaries.
func (m *mapper) concept(known map[string]int32, uri string, n graph.Node) (item, error) {
	if uri == "" {
		return item{}, graph.Invalid("conceptUri", "must not be empty")
	}
	id := ID(uri)
	_, isComp := m.comps[id]
	_, isRole := m.roles[id]
	if isComp || isRole {
		return item{skip: skipDuplicateConcept}, nil
	}
	graph.SetID(n, id)
	if err := n.Validate(); err != nil {
		return item{}, err
	}
	known[id] = int32(len(known))
	return item{node: n}, nil
}

func (m *mapper) broader(t *table) (item, error) {
	e := graph.Edge{Type: graph.RelBroader}
	return m.link(e, t, end{"conceptUri", m.comps, "skill or skill group"}, end{"broaderUri", m.comps, "skill or skill group"})
}

func (m *mapper) related(t *table) (item, error) {
	e := graph.Edge{Type: graph.RelRelated, Kind: strings.TrimSpace(t.get("relationType"))}
	return m.link(e, t, end{"originalSkillUri", m.comps, "skill"}, end{"relatedSkillUri", m.comps, "skill"})
}

func (m *mapper) requirement(t *table) (item, error) {
	imp, ok := importances[strings.TrimSpace(t.get("relationType"))]
	if !ok {
		return item{}, graph.Invalid("relationType", "must be essential or optional (got %q)", t.get("relationType"))
	}
	e := graph.Edge{Type: graph.RelRoleRequires, Importance: imp.importance, Weight: imp.weight, Level: graph.MinLevel}
	return m.link(e, t, end{"occupationUri", m.roles, "occupation"}, end{"skillUri", m.comps, "skill"})
}

// end is one end of an edge: the column naming it and the concepts it may name.
type end struct {
	col   string
	known map[string]int32
	what  string
}

// link completes e with the ends named by the row. Rows naming concepts that were not
// imported, linking a concept to itself, or repeating an earlier row are skipped.
func (m *mapper) link(e graph.Edge, t *table, from, to end) (item, error) {
	var num [2]int32
	for i, x := range []end{from, to} {
		uri := strings.TrimSpace(t.get(x.col))
		if uri == "" {
			return item{}, graph.Invalid(x.col, "must not be empty")
		}
		id := ID(uri)
		n, ok := x.known[id]
		if !ok {
			return item{skip: fmt.Sprintf("%s names no imported %s", x.col, x.what)}, nil
		}
		num[i] = n
		if i == 0 {
			e.From = id
		} else {
			e.To = id
		}
	}
	if e.From == e.To {
		return item{skip: skipSelfLink}, nil
	}
	key := uint64(uint32(num[0]))<<32 | uint64(uint32(num[1]))
	if _, dup := m.links[key]; dup {
		return item{skip: skipDuplicateLink}, nil
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return item{}, err
	}
	m.links[key] = struct{}{}
	return item{edge: e}, nil
}

// description is the description column, or the definition when that is empty.
func description(t *table) string {
	if d := strings.TrimSpace(t.get("description")); d != "" {
		return d
	}
	return strings.TrimSpace(t.get("definition"))
}

// labels splits ESCO's newline-separated alternative labels, trimmed, without empty or
// repeated ones, at most graph.MaxLabels.
func labels(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || slices.Contains(out, l) {
			continue
		}
		if len(out) == graph.MaxLabels {
			break
		}
		out = append(out, l)
	}
	return out
}

// scan streams one file through its phase's mapping and calls fn with each row's item; fn
// can read the row's line and the file's progress from t. It stops at the first malformed
// row with a FileError, at the first error of fn, or when ctx is done.
func scan(ctx context.Context, src *source, ph *phase, m *mapper, fn func(it item, t *table) error) error {
	rc, err := src.open()
	if err != nil {
		return err
	}
	defer rc.Close()
	t, err := newTable(src.name, rc, ph.cols)
	if err != nil {
		return err
	}
	clear(m.links)
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		ok, err := t.next()
		if err != nil || !ok {
			return err
		}
		it, err := ph.row(m, t)
		if err != nil {
			return &FileError{File: src.name, Line: t.line(), Err: ph.column(err)}
		}
		if err := fn(it, t); err != nil {
			return err
		}
	}
}

// column renames the graph field of a validation error to the column it came from.
func (ph *phase) column(err error) error {
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Field == "" {
		return err
	}
	field, index, _ := strings.Cut(ge.Field, "[")
	col, ok := ph.fields[field]
	if !ok {
		return err
	}
	if index != "" {
		col += "[" + index
	}
	renamed := *ge
	renamed.Field = col
	return &renamed
}
