// Package demo is the curated demo dataset: a small, coherent French skills market (ESCO
// competencies, five training and hiring organisations, micro-credentials stacked into blocks
// and certifications, job roles, and learners at different stages) that the server loads into
// an empty embedded store on first start. STORY.md tells what a tour of it shows.
//
// The data is demo.json, written for the product: ESCO supplies only the concept URIs that
// competencies and roles are aligned with, never labels or descriptions. The file holds the
// graph types as JSON, with a few shorthands so that it stays easy to read and edit:
//
//   - competencies have a short "key" and their ESCO "uri"; the id is derived from the URI as
//     the ESCO importer derives it ("esco:skill/<uuid>"), the framework is "esco", and
//     "broader" (keys) and "related" (key: kind) become BROADER and RELATED edges;
//   - credentials list "certifies" and "requiresCompetencies" as {key: level} and
//     "prerequisites" as credential ids;
//   - roles have a "key" and either an ESCO occupation "uri" (the id and alignment come from
//     it) or their own "id"; "requires" become ROLE_REQUIRES edges;
//   - learners list "has" holdings by competency key and "targets" by role key.
//
// A learner's valid, complete credential achievements also yield CERTIFIED holdings at the
// level the credential certifies, as issuing the badge would, so holdings and badges agree.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

//go:embed demo.json
var demoJSON []byte

// ESCOFrameworkID is the id of the ESCO framework node, shared with the ESCO importer.
const ESCOFrameworkID = "esco"

// escoBase prefixes every ESCO concept URI; ids are "esco:" + the rest.
const escoBase = "http://data.europa.eu/esco/"

// Load writes the demo into s in one BulkUpsert, returning what it wrote. It is idempotent:
// a second Load finds every node and edge unchanged.
func Load(ctx context.Context, s graph.Store) (graph.BulkResult, error) {
	res, err := s.BulkUpsert(ctx, Dataset())
	if err != nil {
		return res, fmt.Errorf("load demo dataset: %w", err)
	}
	return res, nil
}

// Dataset returns the demo as one graph.Batch: nodes (frameworks, organisations,
// competencies, credentials, blocks with nested blocks first, roles, learners, achievements)
// then edges. It is deterministic, and each call returns fresh nodes the caller may change.
func Dataset() graph.Batch {
	b, err := decode(demoJSON)
	if err != nil {
		// The file is embedded and checked by the package tests: this is a build defect.
		panic("seed/demo: " + err.Error())
	}
	return b
}

type file struct {
	Frameworks    []*graph.Framework    `json:"frameworks"`
	Organizations []*graph.Organization `json:"organizations"`
	Competencies  []competency          `json:"competencies"`
	Credentials   []credential          `json:"credentials"`
	Blocks        []*graph.Block        `json:"blocks"`
	Roles         []role                `json:"roles"`
	Learners      []learner             `json:"learners"`
	Achievements  []*graph.Achievement  `json:"achievements"`
}

type competency struct {
	Key string `json:"key"`
	URI string `json:"uri"`
	graph.Competency
	Broader []string          `json:"broader"`
	Related map[string]string `json:"related"` // competency key -> relation kind
}

type credential struct {
	graph.Credential
	Certifies            map[string]int `json:"certifies"` // competency key -> level
	Prerequisites        []string       `json:"prerequisites"`
	RequiresCompetencies map[string]int `json:"requiresCompetencies"`
}

type role struct {
	Key string `json:"key"`
	URI string `json:"uri"` // an ESCO occupation; empty for an employer's own role
	graph.JobRole
	Requires []requirement `json:"requires"`
}

type requirement struct {
	Competency string           `json:"competency"`
	Importance graph.Importance `json:"importance"`
	Level      int              `json:"level"`
	Weight     float64          `json:"weight"`
}

type learner struct {
	graph.Learner
	Has     []holding `json:"has"`
	Targets []string  `json:"targets"` // role keys
	// EnrolledIn: organisations the learner studies with besides those implied by their
	// badges and courses in progress (ENROLLED_IN edges).
	EnrolledIn []string `json:"enrolledIn"`
}

type holding struct {
	Competency string              `json:"competency"`
	Level      int                 `json:"level"`
	Source     graph.HoldingSource `json:"source"`
	Since      *time.Time          `json:"since"`
}

// escoID maps an ESCO concept URI to its node id, as the ESCO importer does.
func escoID(uri string) (string, error) {
	rest, ok := strings.CutPrefix(uri, escoBase)
	if !ok || rest == "" {
		return "", fmt.Errorf("%q is not an ESCO concept URI", uri)
	}
	return "esco:" + rest, nil
}

func decode(data []byte) (graph.Batch, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt field would otherwise vanish silently
	if err := dec.Decode(&f); err != nil {
		return graph.Batch{}, fmt.Errorf("demo.json: %w", err)
	}

	var b graph.Batch
	for _, n := range f.Frameworks {
		b.Nodes = append(b.Nodes, n)
	}
	for _, n := range f.Organizations {
		b.Nodes = append(b.Nodes, n)
	}

	comps := make(map[string]string, len(f.Competencies)) // key -> id
	for i := range f.Competencies {
		c := &f.Competencies[i]
		id, err := escoID(c.URI)
		if err != nil {
			return graph.Batch{}, fmt.Errorf("competency %q: %w", c.Key, err)
		}
		if _, dup := comps[c.Key]; dup || c.Key == "" {
			return graph.Batch{}, fmt.Errorf("competency key %q is empty or used twice", c.Key)
		}
		comps[c.Key] = id
		c.ID, c.AlignmentURI, c.FrameworkID = id, c.URI, ESCOFrameworkID
	}
	comp := func(owner, key string) (string, error) {
		id, ok := comps[key]
		if !ok {
			return "", fmt.Errorf("%s: no competency with key %q", owner, key)
		}
		return id, nil
	}

	var edges []graph.Edge
	for i := range f.Competencies {
		c := &f.Competencies[i]
		b.Nodes = append(b.Nodes, &c.Competency)
		for _, k := range c.Broader {
			to, err := comp(c.Key, k)
			if err != nil {
				return graph.Batch{}, err
			}
			edges = append(edges, graph.Edge{Type: graph.RelBroader, From: c.ID, To: to})
		}
		for _, k := range sortedKeys(c.Related) {
			to, err := comp(c.Key, k)
			if err != nil {
				return graph.Batch{}, err
			}
			edges = append(edges, graph.Edge{Type: graph.RelRelated, From: c.ID, To: to, Kind: c.Related[k]})
		}
	}

	certifies := make(map[string][]graph.Edge, len(f.Credentials)) // credential id -> CERTIFIES
	for i := range f.Credentials {
		c := &f.Credentials[i]
		b.Nodes = append(b.Nodes, &c.Credential)
		for _, k := range sortedKeys(c.Certifies) {
			to, err := comp(c.ID, k)
			if err != nil {
				return graph.Batch{}, err
			}
			e := graph.Edge{Type: graph.RelCertifies, From: c.ID, To: to, Level: c.Certifies[k]}
			edges = append(edges, e)
			certifies[c.ID] = append(certifies[c.ID], e)
		}
		for _, p := range c.Prerequisites {
			edges = append(edges, graph.Edge{Type: graph.RelPrerequisite, From: c.ID, To: p})
		}
		for _, k := range sortedKeys(c.RequiresCompetencies) {
			to, err := comp(c.ID, k)
			if err != nil {
				return graph.Batch{}, err
			}
			edges = append(edges, graph.Edge{Type: graph.RelRequiresCompetency, From: c.ID, To: to, Level: c.RequiresCompetencies[k]})
		}
	}

	// Block components are a field of the block (COMPRISES is kept by the store from it).
	for _, n := range f.Blocks {
		b.Nodes = append(b.Nodes, n)
	}

	roles := make(map[string]string, len(f.Roles)) // key -> id
	for i := range f.Roles {
		r := &f.Roles[i]
		if r.URI != "" {
			id, err := escoID(r.URI)
			if err != nil {
				return graph.Batch{}, fmt.Errorf("role %q: %w", r.Key, err)
			}
			r.ID, r.AlignmentURI, r.FrameworkID = id, r.URI, ESCOFrameworkID
		}
		if _, dup := roles[r.Key]; dup || r.Key == "" {
			return graph.Batch{}, fmt.Errorf("role key %q is empty or used twice", r.Key)
		}
		roles[r.Key] = r.ID
		b.Nodes = append(b.Nodes, &r.JobRole)
		for _, q := range r.Requires {
			to, err := comp(r.Key, q.Competency)
			if err != nil {
				return graph.Batch{}, err
			}
			edges = append(edges, graph.Edge{Type: graph.RelRoleRequires, From: r.ID, To: to,
				Importance: q.Importance, Level: q.Level, Weight: q.Weight})
		}
	}

	held, err := certifiedHoldings(f.Achievements, certifies)
	if err != nil {
		return graph.Batch{}, err
	}
	for i := range f.Learners {
		l := &f.Learners[i]
		b.Nodes = append(b.Nodes, &l.Learner)
		hs := held[l.ID]
		if hs == nil {
			hs = map[string]graph.Edge{}
		}
		listed := make(map[string]bool, len(l.Has))
		for _, h := range l.Has {
			to, err := comp(l.ID, h.Competency)
			if err != nil {
				return graph.Batch{}, err
			}
			if listed[to] {
				return graph.Batch{}, fmt.Errorf("%s: holding %q listed twice", l.ID, h.Competency)
			}
			listed[to] = true
			e := graph.Edge{Type: graph.RelHas, From: l.ID, To: to, Level: h.Level, Source: h.Source, Since: h.Since}
			if old, ok := hs[to]; !ok || stronger(e, old) {
				hs[to] = e
			}
		}
		for _, to := range sortedKeys(hs) {
			edges = append(edges, hs[to])
		}
		for _, k := range l.Targets {
			to, ok := roles[k]
			if !ok {
				return graph.Batch{}, fmt.Errorf("%s: no role with key %q", l.ID, k)
			}
			edges = append(edges, graph.Edge{Type: graph.RelTargets, From: l.ID, To: to})
		}
	}

	for _, n := range f.Achievements {
		b.Nodes = append(b.Nodes, n)
	}
	b.Edges = append(edges, enrolments(&f)...)
	return b, nil
}

// enrolments are the ENROLLED_IN edges of the demo's learners: with the organisations they
// name, those awarding the credentials they hold a badge of, and those of their courses in
// progress, so that each organisation can issue badges to its own learners.
func enrolments(f *file) []graph.Edge {
	orgOf := map[string]string{}
	for _, c := range f.Credentials {
		orgOf[c.ID] = c.OrganizationID
	}
	orgs := map[string]map[string]bool{}
	add := func(learner, org string) {
		if org == "" {
			return
		}
		if orgs[learner] == nil {
			orgs[learner] = map[string]bool{}
		}
		orgs[learner][org] = true
	}
	for _, l := range f.Learners {
		for _, o := range l.EnrolledIn {
			add(l.ID, o)
		}
		for _, c := range l.InProgress {
			add(l.ID, orgOf[c])
		}
	}
	for _, a := range f.Achievements {
		add(a.LearnerID, orgOf[a.CredentialID])
	}
	var out []graph.Edge
	for _, l := range sortedKeys(orgs) {
		for _, o := range sortedKeys(orgs[l]) {
			out = append(out, graph.Edge{Type: graph.RelEnrolledIn, From: l, To: o})
		}
	}
	return out
}

// certifiedHoldings returns, per learner and competency, the CERTIFIED holding that the
// learner's valid, complete credential achievements give: the highest level certified, dated
// by the first achievement that certified it.
func certifiedHoldings(achs []*graph.Achievement, certifies map[string][]graph.Edge) (map[string]map[string]graph.Edge, error) {
	out := map[string]map[string]graph.Edge{}
	for _, a := range achs {
		if a.Status != graph.StatusValid || a.Partial || a.CredentialID == "" {
			continue
		}
		if a.IssuedAt.IsZero() {
			return nil, fmt.Errorf("achievement %q: no issuedAt", a.ID)
		}
		if out[a.LearnerID] == nil {
			out[a.LearnerID] = map[string]graph.Edge{}
		}
		for _, c := range certifies[a.CredentialID] {
			since := a.IssuedAt
			e := graph.Edge{Type: graph.RelHas, From: a.LearnerID, To: c.To, Level: c.Level,
				Source: graph.SourceCertified, Since: &since}
			if old, ok := out[a.LearnerID][c.To]; !ok || stronger(e, old) {
				out[a.LearnerID][c.To] = e
			}
		}
	}
	return out, nil
}

var sourceRank = map[graph.HoldingSource]int{
	graph.SourceDeclared: 1, graph.SourceAssessed: 2, graph.SourceCertified: 3,
}

// stronger reports whether holding a should replace b: a higher level, or the same level on
// better evidence, or the same certified level earned earlier.
func stronger(a, b graph.Edge) bool {
	if a.Level != b.Level {
		return a.Level > b.Level
	}
	if ra, rb := sourceRank[a.Source], sourceRank[b.Source]; ra != rb {
		return ra > rb
	}
	return a.Since != nil && b.Since != nil && a.Since.Before(*b.Since)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
