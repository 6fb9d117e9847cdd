package catalog

import (
	"slices"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// plan is a whole generated catalogue, before it is written.
type plan struct {
	base    time.Time // "today" of the catalogue: achievements are issued before it
	u       *universe
	orgs    []org
	popular []int // role indices, most popular first

	creds     []*graph.Credential
	credOrg   []int     // organisation of each credential
	credRole  []int     // role each credential clusters around; -1 for general skills
	credCerts [][]level // what each credential certifies
	credPre   [][]int   // prerequisites of each credential, earlier credentials
	byRole    [][]int   // credentials of each role's cluster, in generation order
	general   []int     // credentials of general skills, in generation order

	certifies, prerequisites, requiredComps []graph.Edge

	blocks, certifications []*graph.Block

	learners     []*graph.Learner
	holdings     []graph.Edge
	targets      []graph.Edge
	achievements []*graph.Achievement
}

// level is a competency (index in universe.comps) at a level.
type level struct {
	comp, level int
}

// baseDate returns the catalogue's "today", fixed by the seed so that reruns agree.
func baseDate(seed uint64) time.Time {
	return time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(seed%365))
}

// build generates the whole catalogue. It reads nothing but u and opts.
func build(u *universe, opts Options) *plan {
	p := &plan{base: baseDate(opts.Seed), u: u}
	p.orgs = buildOrganizations(newRand(opts.Seed, streamOrganizations), opts.Organizations)
	p.popular = newRand(opts.Seed, streamPopularity).Perm(len(u.roles))
	p.buildCredentials(newRand(opts.Seed, streamCredentials), opts.Credentials)
	p.buildBlocks(newRand(opts.Seed, streamBlocks))
	p.buildLearners(newRand(opts.Seed, streamLearners), opts.Learners)
	return p
}

// cluster returns the credentials clustering around role (-1: general skills).
func (p *plan) cluster(role int) []int {
	if role < 0 {
		return p.general
	}
	return p.byRole[role]
}

func (p *plan) count(r *Result) {
	r.Organizations, r.Credentials, r.Learners = len(p.orgs), len(p.creds), len(p.learners)
	r.Blocks, r.Certifications, r.Achievements = len(p.blocks), len(p.certifications), len(p.achievements)
	r.Certifies, r.Prerequisites, r.RequiredCompetencies = len(p.certifies), len(p.prerequisites), len(p.requiredComps)
	r.Holdings, r.Targets = len(p.holdings), len(p.targets)
	r.Components = 0
	for _, b := range slices.Concat(p.blocks, p.certifications) {
		r.Components += len(b.Components)
	}
}

// phases lists what to write, each phase after the nodes it refers to.
func (p *plan) phases() []phase {
	orgs := make([]graph.Node, len(p.orgs))
	for i, o := range p.orgs {
		orgs[i] = o.node
	}
	return []phase{
		{name: "organisations", nodes: orgs},
		{name: "credentials", nodes: nodes(p.creds)},
		{name: "certifies", edges: p.certifies},
		{name: "prerequisites", edges: p.prerequisites},
		{name: "required competencies", edges: p.requiredComps},
		{name: "blocks", nodes: nodes(p.blocks)},
		{name: "certifications", nodes: nodes(p.certifications)},
		{name: "learners", nodes: nodes(p.learners)},
		{name: "holdings", edges: p.holdings},
		{name: "targets", edges: p.targets},
		{name: "achievements", nodes: nodes(p.achievements)},
	}
}

// nodes returns the nodes as graph.Node, never nil, so that a phase of none is a node phase.
func nodes[N graph.Node](list []N) []graph.Node {
	out := make([]graph.Node, len(list))
	for i, n := range list {
		out[i] = n
	}
	return out
}
