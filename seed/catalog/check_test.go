package catalog

import (
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// checkCounts checks that the store gained what the result says was generated (after minus
// before), and that the generation created all of it.
func checkCounts(t *testing.T, res *Result, before, after *graph.Stats, opts Options) {
	t.Helper()
	orgs := opts.Organizations
	if orgs == 0 {
		orgs = DefaultOrganizations
	}
	if res.Credentials != opts.Credentials || res.Learners != opts.Learners || res.Organizations != orgs {
		t.Errorf("generated %d credentials, %d learners, %d organisations; want %d, %d, %d",
			res.Credentials, res.Learners, res.Organizations, opts.Credentials, opts.Learners, orgs)
	}
	nodes := map[graph.Kind]int{
		graph.KindOrganization: res.Organizations, graph.KindCredential: res.Credentials,
		graph.KindBlock: res.Blocks + res.Certifications, graph.KindLearner: res.Learners,
		graph.KindAchievement: res.Achievements,
	}
	edges := map[graph.RelType]int{
		graph.RelCertifies: res.Certifies, graph.RelPrerequisite: res.Prerequisites,
		graph.RelRequiresCompetency: res.RequiredCompetencies, graph.RelHas: res.Holdings,
		graph.RelTargets: res.Targets, graph.RelComprises: res.Components,
	}
	totalNodes, totalEdges := 0, 0
	for _, k := range graph.Kinds {
		if got, want := after.Nodes[k]-before.Nodes[k], nodes[k]; got != want {
			t.Errorf("%s: the store gained %d, want %d", k, got, want)
		}
		totalNodes += nodes[k]
	}
	for _, rt := range graph.RelTypes {
		if got, want := after.Edges[rt]-before.Edges[rt], edges[rt]; got != want {
			t.Errorf("%s: the store gained %d, want %d", rt, got, want)
		}
		totalEdges += edges[rt]
	}
	// Block components are written with the blocks, as nodes.
	totalEdges -= res.Components
	if want := (graph.BulkResult{NodesCreated: totalNodes, EdgesCreated: totalEdges}); res.Written != want {
		t.Errorf("wrote %+v, want %+v", res.Written, want)
	}
	if res.Certifies < res.Credentials {
		t.Errorf("%d CERTIFIES edges for %d credentials", res.Certifies, res.Credentials)
	}
}

// checkCatalogue checks the generated catalogue as read back from the store.
func checkCatalogue(t *testing.T, snap *snapshot) {
	t.Helper()
	creds := snap.generated(graph.KindCredential)
	if len(creds) == 0 {
		t.Fatal("no generated credentials")
	}
	checkCredentials(t, snap, creds)
	checkPrerequisites(t, snap, creds)
	checkBlocks(t, snap)
	checkLearners(t, snap)
}

func checkCredentials(t *testing.T, snap *snapshot, creds []graph.Node) {
	t.Helper()
	var french, english, free, partial, expiring, withECTS int
	eqfs := map[int]int{}
	modalities := map[graph.Modality]int{}
	for _, n := range creds {
		c := n.(*graph.Credential)
		if c.Hours < 7 || c.Hours > 300 {
			t.Errorf("%s: %g hours, want 7-300", c.ID, c.Hours)
		}
		if c.ECTS > 0 {
			withECTS++
			// 25 to 30 hours per ECTS, rounded to half an ECTS.
			if lo, hi := 25*(c.ECTS-0.25), 30*(c.ECTS+0.25); c.Hours < lo || c.Hours > hi {
				t.Errorf("%s: %g ECTS for %g hours, want %g-%g hours", c.ID, c.ECTS, c.Hours, lo, hi)
			}
		}
		if c.EQFLevel < 3 || c.EQFLevel > 7 {
			t.Errorf("%s: EQF %d, want 3-7", c.ID, c.EQFLevel)
		}
		eqfs[c.EQFLevel]++
		modalities[c.Modality]++
		switch c.Language {
		case "fr":
			french++
		case "en":
			english++
		default:
			t.Errorf("%s: language %q", c.ID, c.Language)
		}
		if c.Price == 0 {
			free++
		}
		if c.Currency != "EUR" || c.Price < 0 {
			t.Errorf("%s: price %g %s", c.ID, c.Price, c.Currency)
		}
		if c.PartialValidation {
			partial++
		}
		if c.ValidityMonths > 0 {
			expiring++
		}
		if len(c.AssessmentTypes) == 0 || len(c.Outcomes) == 0 || c.Title == "" || c.Description == "" {
			t.Errorf("%s: missing assessment types, outcomes, title or description: %+v", c.ID, c)
		}
		if o, ok := snap.byID[c.OrganizationID].(*graph.Organization); !ok || o.Country != c.Country {
			t.Errorf("%s: awarding body %q missing or in another country", c.ID, c.OrganizationID)
		}
		certs := snap.out[graph.RelCertifies][c.ID]
		if len(certs) < 1 || len(certs) > 6 {
			t.Errorf("%s certifies %d competencies, want 1-6", c.ID, len(certs))
		}
		for _, e := range certs {
			if _, ok := snap.byID[e.To].(*graph.Competency); !ok {
				t.Errorf("%s certifies %q, which is no competency", c.ID, e.To)
			}
		}
		if len(c.Outcomes) != len(certs) {
			t.Errorf("%s: %d outcomes for %d certified competencies", c.ID, len(c.Outcomes), len(certs))
		}
	}
	n := len(creds)
	if french < n*6/10 || english == 0 {
		t.Errorf("%d in French, %d in English of %d: want mostly French, some English", french, english, n)
	}
	if free == 0 || free > n/2 || partial == 0 || expiring == 0 || withECTS == 0 || withECTS == n {
		t.Errorf("of %d credentials: %d free, %d partially validatable, %d expiring, %d with ECTS", n, free, partial, expiring, withECTS)
	}
	if len(eqfs) < 4 || len(modalities) != 3 {
		t.Errorf("EQF levels %v, modalities %v: want variety", eqfs, modalities)
	}
}

// checkPrerequisites checks that prerequisites form no cycle, chains are at most maxChain
// credentials long, and a prerequisite was generated before the credential requiring it.
func checkPrerequisites(t *testing.T, snap *snapshot, creds []graph.Node) {
	t.Helper()
	prereqs := snap.out[graph.RelPrerequisite]
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	depth := map[string]int{}
	var visit func(id string) int
	visit = func(id string) int {
		switch state[id] {
		case active:
			t.Fatalf("prerequisite cycle through %s", id)
		case done:
			return depth[id]
		}
		state[id] = active
		d := 1
		for _, e := range prereqs[id] {
			if e.To >= id {
				t.Errorf("%s requires %s, generated after it", id, e.To)
			}
			d = max(d, visit(e.To)+1)
		}
		state[id], depth[id] = done, d
		return d
	}
	deepest, with := 0, 0
	for _, c := range creds {
		deepest = max(deepest, visit(c.NodeID()))
		if len(prereqs[c.NodeID()]) > 0 {
			with++
		}
	}
	if deepest > maxChain || deepest < 3 || with == 0 {
		t.Errorf("longest prerequisite chain %d credentials, %d credentials with prerequisites; want chains of 3-%d", deepest, with, maxChain)
	}
	if len(snap.edges[graph.RelRequiresCompetency]) == 0 {
		t.Error("no REQUIRES_COMPETENCY edges")
	}
}

// checkBlocks checks that blocks group 3-8 credentials, certifications 2-4 blocks, and that
// every rule can be satisfied.
func checkBlocks(t *testing.T, snap *snapshot) {
	t.Helper()
	var worth func(id string) (ects, hours float64)
	worth = func(id string) (float64, float64) {
		switch n := snap.byID[id].(type) {
		case *graph.Credential:
			return n.ECTS, n.Hours
		case *graph.Block:
			var e, h float64
			for _, c := range n.Components {
				ce, ch := worth(c)
				e, h = e+ce, h+ch
			}
			return e, h
		}
		t.Errorf("component %q is neither a credential nor a block", id)
		return 0, 0
	}
	var blocks, certs int
	rules := map[graph.RuleKind]int{}
	for _, n := range snap.generated(graph.KindBlock) {
		b := n.(*graph.Block)
		rules[b.Rule.Kind]++
		lo, hi, want := minBlock, maxBlock, graph.KindCredential
		if b.Certification {
			lo, hi, want = minCert, maxCert, graph.KindBlock
			certs++
		} else {
			blocks++
		}
		if len(b.Components) < lo || len(b.Components) > hi {
			t.Errorf("%s has %d components, want %d-%d", b.ID, len(b.Components), lo, hi)
		}
		for _, c := range b.Components {
			if n, ok := snap.byID[c]; !ok || n.NodeKind() != want {
				t.Errorf("%s: component %q is not a %s", b.ID, c, want)
			}
		}
		ects, hours := worth(b.ID)
		switch r := b.Rule; r.Kind {
		case graph.RuleAtLeast:
			if r.Count < 1 || r.Count > len(b.Components) {
				t.Errorf("%s: AT_LEAST %d of %d", b.ID, r.Count, len(b.Components))
			}
		case graph.RuleMinECTS:
			if r.Min <= 0 || r.Min > ects {
				t.Errorf("%s: MIN_ECTS %g, worth %g", b.ID, r.Min, ects)
			}
		case graph.RuleMinHours:
			if r.Min <= 0 || r.Min > hours {
				t.Errorf("%s: MIN_HOURS %g, worth %g", b.ID, r.Min, hours)
			}
		}
	}
	if blocks == 0 || certs == 0 || len(rules) < 3 {
		t.Errorf("%d blocks, %d certifications, rules %v: want some of each and varied rules", blocks, certs, rules)
	}
}

// checkLearners checks holdings, targets, constraints and achievements.
func checkLearners(t *testing.T, snap *snapshot) {
	t.Helper()
	learners := snap.generated(graph.KindLearner)
	if len(learners) == 0 {
		return
	}
	achieved := map[string]map[string]*graph.Achievement{} // learner -> credential -> achievement
	for _, n := range snap.generated(graph.KindAchievement) {
		a := n.(*graph.Achievement)
		if a.Status != graph.StatusValid || a.CredentialID == "" {
			t.Errorf("%s: status %s, credential %q", a.ID, a.Status, a.CredentialID)
		}
		c, ok := snap.byID[a.CredentialID].(*graph.Credential)
		if !ok {
			t.Fatalf("%s: no credential %q", a.ID, a.CredentialID)
		}
		if a.Partial && !c.PartialValidation {
			t.Errorf("%s: partial achievement of %s, which allows no partial validation", a.ID, c.ID)
		}
		if (c.ValidityMonths > 0) != (a.ValidUntil != nil) {
			t.Errorf("%s: valid until %v for a credential valid %d months", a.ID, a.ValidUntil, c.ValidityMonths)
		}
		if achieved[a.LearnerID] == nil {
			achieved[a.LearnerID] = map[string]*graph.Achievement{}
		}
		achieved[a.LearnerID][a.CredentialID] = a
	}
	var targeting, advised, open, constrained int
	for _, n := range learners {
		l := n.(*graph.Learner)
		has := snap.out[graph.RelHas][l.ID]
		if len(has) < minHoldings || len(has) > maxHoldings {
			t.Errorf("%s holds %d competencies, want %d-%d", l.ID, len(has), minHoldings, maxHoldings)
		}
		held := map[string]graph.Edge{}
		for _, e := range has {
			held[e.To] = e
		}
		if len(snap.out[graph.RelTargets][l.ID]) > 0 {
			targeting++
		}
		if l.AdvisorID != "" {
			advised++
		}
		if l.OpenToOpportunities {
			open++
		}
		if l.Constraints.MaxBudget != nil || len(l.Constraints.Languages) > 0 {
			constrained++
		}
		for credID, a := range achieved[l.ID] {
			// Prerequisites were earned, before.
			for _, e := range snap.out[graph.RelPrerequisite][credID] {
				pre, ok := achieved[l.ID][e.To]
				if !ok || pre.Partial || pre.IssuedAt.After(a.IssuedAt) {
					t.Errorf("%s achieved %s without its prerequisite %s earned before", l.ID, credID, e.To)
				}
			}
			if a.Partial {
				continue
			}
			// A complete achievement certifies what the credential certifies.
			for _, e := range snap.out[graph.RelCertifies][credID] {
				if h, ok := held[e.To]; !ok || h.Level < e.Level {
					t.Errorf("%s achieved %s but holds %s at %+v, want level ≥ %d", l.ID, credID, e.To, h, e.Level)
				}
			}
		}
	}
	n := len(learners)
	if targeting == 0 || targeting == n || advised == 0 || open == 0 || constrained == 0 || len(achieved) == 0 {
		t.Errorf("of %d learners: %d target a role, %d advised, %d open, %d constrained, %d with achievements",
			n, targeting, advised, open, constrained, len(achieved))
	}
}

// checkCoverage checks that roles' requirements are covered by credentials, with
// alternatives of different costs for popular roles: pathways toward them exist.
func checkCoverage(t *testing.T, snap *snapshot) {
	t.Helper()
	certifiers := map[string][]*graph.Credential{} // competency -> credentials certifying it
	for _, e := range snap.edges[graph.RelCertifies] {
		certifiers[e.To] = append(certifiers[e.To], snap.byID[e.From].(*graph.Credential))
	}
	roles := snap.nodes[graph.KindJobRole]
	covered, withAlternatives := 0, 0
	for _, r := range roles {
		reqs := snap.out[graph.RelRoleRequires][r.NodeID()]
		n, alt := 0, false
		for _, e := range reqs {
			cs := certifiers[e.To]
			if len(cs) > 0 {
				n++
			}
			for _, c := range cs {
				alt = alt || len(cs) > 1 && c.Hours != cs[0].Hours
			}
		}
		if n > 0 {
			covered++
		}
		if alt {
			withAlternatives++
		}
	}
	t.Logf("%d of %d roles have a covered requirement; %d have a requirement with alternatives of different workloads",
		covered, len(roles), withAlternatives)
	if covered < len(roles)*8/10 || withAlternatives < len(roles)/2 {
		t.Errorf("%d of %d roles covered, %d with alternatives: want most", covered, len(roles), withAlternatives)
	}
}
