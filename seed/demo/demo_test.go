package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// demoData indexes one Dataset for the tests.
type demoData struct {
	batch        graph.Batch
	nodes        map[string]graph.Node
	byKind       map[graph.Kind][]graph.Node
	credentials  map[string]*graph.Credential
	blocks       map[string]*graph.Block
	achievements []*graph.Achievement
	edges        map[graph.RelType][]graph.Edge
}

func load(t *testing.T) *demoData {
	t.Helper()
	d := &demoData{
		batch:       Dataset(),
		nodes:       map[string]graph.Node{},
		byKind:      map[graph.Kind][]graph.Node{},
		credentials: map[string]*graph.Credential{},
		blocks:      map[string]*graph.Block{},
		edges:       map[graph.RelType][]graph.Edge{},
	}
	for i, n := range d.batch.Nodes {
		if _, dup := d.nodes[n.NodeID()]; dup {
			t.Fatalf("nodes[%d]: id %q used twice", i, n.NodeID())
		}
		d.nodes[n.NodeID()] = n
		d.byKind[n.NodeKind()] = append(d.byKind[n.NodeKind()], n)
		switch v := n.(type) {
		case *graph.Credential:
			d.credentials[v.ID] = v
		case *graph.Block:
			d.blocks[v.ID] = v
		case *graph.Achievement:
			d.achievements = append(d.achievements, v)
		}
	}
	for _, e := range d.batch.Edges {
		d.edges[e.Type] = append(d.edges[e.Type], e)
	}
	// The rule helpers below recurse through nested blocks.
	next := map[string][]string{}
	for id, b := range d.blocks {
		next[id] = b.Components
	}
	if c := findCycle(next); c != nil {
		t.Fatalf("block cycle: %s", strings.Join(c, " -> "))
	}
	return d
}

// worth is what a block component counts for in MIN_ECTS and MIN_HOURS rules: a credential's
// own ECTS and hours, a block's the total of the credentials under it.
func (d *demoData) worth(id string) (ects, hours float64) {
	if c, ok := d.credentials[id]; ok {
		return c.ECTS, c.Hours
	}
	for _, sub := range d.blocks[id].Components {
		e, h := d.worth(sub)
		ects, hours = ects+e, hours+h
	}
	return ects, hours
}

// complete reports whether a learner who has completed the credentials in done has completed
// the credential or block id.
func (d *demoData) complete(id string, done map[string]bool) bool {
	b, ok := d.blocks[id]
	if !ok {
		return done[id]
	}
	n := 0
	var ects, hours float64
	for _, c := range b.Components {
		if d.complete(c, done) {
			n++
			e, h := d.worth(c)
			ects, hours = ects+e, hours+h
		}
	}
	switch b.Rule.Kind {
	case graph.RuleAll:
		return n == len(b.Components)
	case graph.RuleAtLeast:
		return n >= b.Rule.Count
	case graph.RuleMinECTS:
		return ects >= b.Rule.Min
	case graph.RuleMinHours:
		return hours >= b.Rule.Min
	}
	return false
}

// done returns the credentials a learner has completed: valid, complete achievements.
func (d *demoData) done(learnerID string) map[string]bool {
	out := map[string]bool{}
	for _, a := range d.achievements {
		if a.LearnerID == learnerID && a.CredentialID != "" && a.Status == graph.StatusValid && !a.Partial {
			out[a.CredentialID] = true
		}
	}
	return out
}

func TestDatasetValidates(t *testing.T) {
	d := load(t)

	for i, n := range d.batch.Nodes {
		if n.NodeID() == "" {
			t.Errorf("nodes[%d] (%s %q): no id; the demo must keep stable ids", i, n.NodeKind(), n.DisplayName())
		}
		if err := n.Validate(); err != nil {
			t.Errorf("nodes[%d] %s %q: %v", i, n.NodeKind(), n.NodeID(), err)
		}
		for _, r := range n.Refs() {
			target, ok := d.nodes[r.ID]
			if !ok || target.NodeKind() != r.Kind {
				t.Errorf("%s %q: %s names %s %q, which is not in the dataset", n.NodeKind(), n.NodeID(), r.Field, r.Kind, r.ID)
			}
		}
	}

	// Every block rule must be satisfiable by its components, as stores check on write.
	info := map[string]graph.ComponentInfo{}
	for id, n := range d.nodes {
		ci := graph.ComponentInfo{Kind: n.NodeKind()}
		if n.NodeKind() == graph.KindCredential || n.NodeKind() == graph.KindBlock {
			ci.ECTS, ci.Hours = d.worth(id)
		}
		info[id] = ci
	}
	for id, b := range d.blocks {
		if err := graph.CheckRule(b, info); err != nil {
			t.Errorf("block %q: %v", id, err)
		}
	}

	seen := map[string]bool{}
	for i, e := range d.batch.Edges {
		n := e
		n.Normalize()
		if !reflect.DeepEqual(n, e) {
			t.Errorf("edges[%d] %+v is not normalised (Normalize gives %+v): a reload would update it", i, e, n)
		}
		if err := n.Validate(); err != nil {
			t.Errorf("edges[%d] %s %s->%s: %v", i, e.Type, e.From, e.To, err)
			continue
		}
		spec := graph.Rels[e.Type]
		if from, ok := d.nodes[e.From]; !ok || from.NodeKind() != spec.From {
			t.Errorf("edges[%d] %s: from %q is not a %s of the dataset", i, e.Type, e.From, spec.From)
		}
		if to, ok := d.nodes[e.To]; !ok || !containsKind(spec.To, to.NodeKind()) {
			t.Errorf("edges[%d] %s: to %q is not a %v of the dataset", i, e.Type, e.To, spec.To)
		}
		if e.Type == graph.RelComprises {
			t.Errorf("edges[%d]: block components belong in Block.Components, not in edges", i)
		}
		key := fmt.Sprintf("%s %s %s", e.Type, e.From, e.To)
		if seen[key] {
			t.Errorf("edges[%d]: duplicate %s: a reload would report it updated", i, key)
		}
		seen[key] = true
	}

	// Acyclic relationships must not loop (load checks block nesting).
	for _, typ := range []graph.RelType{graph.RelBroader, graph.RelPrerequisite} {
		next := map[string][]string{}
		for _, e := range d.edges[typ] {
			next[e.From] = append(next[e.From], e.To)
		}
		if c := findCycle(next); c != nil {
			t.Errorf("%s cycle: %s", typ, strings.Join(c, " -> "))
		}
	}
}

func containsKind(ks []graph.Kind, k graph.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// findCycle returns one cycle of the directed graph next, or nil.
func findCycle(next map[string][]string) []string {
	const (
		unseen = iota
		open
		closed
	)
	state := map[string]int{}
	var stack []string
	var visit func(string) []string
	visit = func(n string) []string {
		state[n] = open
		stack = append(stack, n)
		for _, m := range next[n] {
			switch state[m] {
			case open:
				for i, s := range stack {
					if s == m {
						return append(append([]string{}, stack[i:]...), m)
					}
				}
			case unseen:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = closed
		return nil
	}
	for _, n := range sortedKeys(next) {
		if state[n] == unseen {
			if c := visit(n); c != nil {
				return c
			}
		}
	}
	return nil
}

func TestCounts(t *testing.T) {
	d := load(t)
	var blocks, certs int
	for _, b := range d.blocks {
		if b.Certification {
			certs++
		} else {
			blocks++
		}
	}
	escoRoles := 0
	for _, n := range d.byKind[graph.KindJobRole] {
		if strings.HasPrefix(n.NodeID(), "esco:occupation/") {
			escoRoles++
		}
	}
	for _, c := range []struct {
		what     string
		got      int
		min, max int
	}{
		{"frameworks", len(d.byKind[graph.KindFramework]), 1, 2},
		{"organisations", len(d.byKind[graph.KindOrganization]), 5, 5},
		{"competencies", len(d.byKind[graph.KindCompetency]), 55, 70},
		{"credentials", len(d.credentials), 28, 36},
		{"blocks", blocks, 6, 6},
		{"certifications", certs, 2, 2},
		{"ESCO job roles", escoRoles, 8, 8},
		{"job roles", len(d.byKind[graph.KindJobRole]), 8, 9},
		{"learners", len(d.byKind[graph.KindLearner]), 12, 12},
		{"achievements", len(d.achievements), 25, 50},
		{"BROADER edges", len(d.edges[graph.RelBroader]), 3, 20},
		{"RELATED edges", len(d.edges[graph.RelRelated]), 3, 20},
		{"PREREQUISITE edges", len(d.edges[graph.RelPrerequisite]), 6, 20},
		{"REQUIRES_COMPETENCY edges", len(d.edges[graph.RelRequiresCompetency]), 2, 10},
	} {
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s: %d, want %d to %d", c.what, c.got, c.min, c.max)
		}
	}
	if _, ok := d.nodes[ESCOFrameworkID].(*graph.Framework); !ok {
		t.Errorf("no framework %q", ESCOFrameworkID)
	}
}

var (
	skillIDRE      = regexp.MustCompile(`^esco:skill/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	occupationIDRE = regexp.MustCompile(`^esco:occupation/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// The ESCO importer names nodes "esco:" + the URI path, so an import links up with the demo.
func TestESCOIDScheme(t *testing.T) {
	d := load(t)
	for _, n := range d.byKind[graph.KindCompetency] {
		c := n.(*graph.Competency)
		if !skillIDRE.MatchString(c.ID) {
			t.Errorf("competency %q: id does not follow the ESCO scheme esco:skill/<uuid>", c.ID)
		}
		if want := escoBase + strings.TrimPrefix(c.ID, "esco:"); c.AlignmentURI != want {
			t.Errorf("competency %q: alignmentUri %q, want %q", c.ID, c.AlignmentURI, want)
		}
		if c.FrameworkID != ESCOFrameworkID || c.Type == "" || c.ReuseLevel == "" || c.Description == "" || len(c.AltLabels) == 0 {
			t.Errorf("competency %q: framework, type, reuse level, description and French labels are all expected", c.ID)
		}
	}
	for _, n := range d.byKind[graph.KindJobRole] {
		r := n.(*graph.JobRole)
		if !strings.HasPrefix(r.AlignmentURI, escoBase+"occupation/") || r.ISCOGroup == "" {
			t.Errorf("role %q: every demo role is aligned with an ESCO occupation and its ISCO group", r.ID)
		}
		if !strings.HasPrefix(r.ID, "esco:") {
			continue
		}
		if !occupationIDRE.MatchString(r.ID) {
			t.Errorf("role %q: id does not follow the ESCO scheme esco:occupation/<uuid>", r.ID)
		}
		if want := escoBase + strings.TrimPrefix(r.ID, "esco:"); r.AlignmentURI != want {
			t.Errorf("role %q: alignmentUri %q, want %q", r.ID, r.AlignmentURI, want)
		}
		if r.OrganizationID != "" {
			t.Errorf("role %q: an ESCO role must not name an employer; an ESCO import would replace it", r.ID)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Dataset(), Dataset()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) || !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of Dataset differ")
	}
	// Each call hands out fresh nodes, so a store stamping them cannot change the next call.
	graph.Stamp(a.Nodes[0], time.Unix(1, 0), time.Unix(2, 0))
	if c := Dataset(); !reflect.DeepEqual(c, b) {
		t.Fatal("Dataset shares nodes between calls")
	}
}

func TestCatalogue(t *testing.T) {
	d := load(t)
	orgKind := map[string]graph.OrganizationKind{}
	kinds := map[graph.OrganizationKind]bool{}
	for _, n := range d.byKind[graph.KindOrganization] {
		o := n.(*graph.Organization)
		orgKind[o.ID] = o.Kind
		kinds[o.Kind] = true
		if o.Country != "FR" {
			t.Errorf("organisation %q: country %q, want FR", o.ID, o.Country)
		}
	}
	for _, k := range []graph.OrganizationKind{graph.OrgUniversity, graph.OrgVocationalSchool, graph.OrgOnlineAcademy, graph.OrgEmployer, graph.OrgProfessionalBody} {
		if !kinds[k] {
			t.Errorf("no %s organisation", k)
		}
	}

	certified := map[string]bool{}
	for _, e := range d.edges[graph.RelCertifies] {
		certified[e.From] = true
	}
	modalities := map[graph.Modality]int{}
	assessments := map[graph.AssessmentType]bool{}
	langs := map[string]int{}
	var partial, validity int
	for id, c := range d.credentials {
		modalities[c.Modality]++
		for _, a := range c.AssessmentTypes {
			assessments[a] = true
		}
		langs[c.Language]++
		if c.PartialValidation {
			partial++
		}
		if c.ValidityMonths > 0 {
			validity++
		}
		if c.Hours < 7 || c.Hours > 120 {
			t.Errorf("%s: %g hours, want 7 to 120", id, c.Hours)
		}
		if c.EQFLevel < 4 || c.EQFLevel > 7 {
			t.Errorf("%s: EQF %d, want 4 to 7", id, c.EQFLevel)
		}
		if c.Price < 0 || c.Price > 2500 || c.Currency != "EUR" {
			t.Errorf("%s: price %g %s, want 0 to 2500 EUR", id, c.Price, c.Currency)
		}
		if n := len(c.Outcomes); n < 2 || n > 4 {
			t.Errorf("%s: %d learning outcomes, want 2 to 4", id, n)
		}
		if (c.ECTS > 0) != (orgKind[c.OrganizationID] == graph.OrgUniversity) {
			t.Errorf("%s: ECTS %g from a %s: only the university awards ECTS, and always does", id, c.ECTS, orgKind[c.OrganizationID])
		}
		if c.Country != "FR" || c.QualityAssurance == "" || c.RetakePolicy == "" || len(c.AssessmentTypes) == 0 {
			t.Errorf("%s: country FR, quality assurance, retake policy and assessment are all expected", id)
		}
		if !certified[id] {
			t.Errorf("%s certifies no competency", id)
		}
	}
	if len(modalities) != 3 || len(assessments) != 5 {
		t.Errorf("modalities %v and assessment types %v: every one should be used", modalities, assessments)
	}
	if langs["fr"] <= len(d.credentials)/2 || langs["en"] == 0 || len(langs) != 2 {
		t.Errorf("languages %v: mostly fr, some en", langs)
	}
	if partial == 0 || validity == 0 {
		t.Errorf("%d credentials allow partial validation and %d expire: want some of each", partial, validity)
	}
	for _, e := range d.edges[graph.RelCertifies] {
		if e.Level < 1 || e.Level > 5 {
			t.Errorf("%s certifies %s at level %d", e.From, e.To, e.Level)
		}
	}

	// Prerequisite chains of three credentials exist.
	prereq := map[string][]string{}
	for _, e := range d.edges[graph.RelPrerequisite] {
		prereq[e.From] = append(prereq[e.From], e.To)
	}
	var depth func(string) int
	depth = func(id string) int {
		best := 0
		for _, p := range prereq[id] {
			best = max(best, 1+depth(p))
		}
		return best
	}
	longest := 0
	if findCycle(prereq) == nil { // TestDatasetValidates reports cycles
		for id := range d.credentials {
			longest = max(longest, depth(id))
		}
	}
	if longest < 2 {
		t.Errorf("longest prerequisite chain has %d links, want a chain of three credentials", longest+1)
	}

	// Blocks use every rule kind, nest, and the two certifications are made of blocks.
	rules := map[graph.RuleKind]bool{}
	nested := false
	for id, b := range d.blocks {
		rules[b.Rule.Kind] = true
		for _, c := range b.Components {
			_, isBlock := d.blocks[c]
			if b.Certification && !isBlock {
				t.Errorf("certification %q: component %q is not a block", id, c)
			}
			nested = nested || (!b.Certification && isBlock)
		}
	}
	if len(rules) != 4 || !nested {
		t.Errorf("rule kinds %v, nested block %v: want every rule kind and a block within a block", rules, nested)
	}

	// Roles: 6 to 12 requirements each, levels 2 to 4; one employer role.
	reqs := map[string][]graph.Edge{}
	for _, e := range d.edges[graph.RelRoleRequires] {
		reqs[e.From] = append(reqs[e.From], e)
		if e.Level < 2 || e.Level > 4 || e.Weight <= 0 {
			t.Errorf("role %s requires %s at level %d, weight %g: want level 2 to 4 and a positive weight", e.From, e.To, e.Level, e.Weight)
		}
	}
	employerRoles := 0
	for _, n := range d.byKind[graph.KindJobRole] {
		r := n.(*graph.JobRole)
		if k := len(reqs[r.ID]); k < 6 || k > 12 {
			t.Errorf("role %q: %d requirements, want 6 to 12", r.ID, k)
		}
		essential := 0
		for _, e := range reqs[r.ID] {
			if e.Importance == graph.Essential {
				essential++
			}
		}
		if essential == 0 || essential == len(reqs[r.ID]) {
			t.Errorf("role %q: %d of %d requirements essential: want both kinds", r.ID, essential, len(reqs[r.ID]))
		}
		if r.OrganizationID != "" {
			employerRoles++
			if orgKind[r.OrganizationID] != graph.OrgEmployer {
				t.Errorf("role %q is offered by %q, not an employer", r.ID, r.OrganizationID)
			}
		}
	}
	if employerRoles != 1 {
		t.Errorf("%d roles offered by an employer, want 1", employerRoles)
	}
}

// storyDate is when the tour in STORY.md takes place.
var storyDate = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func TestLearners(t *testing.T) {
	d := load(t)
	targets := map[string]int{}
	for _, e := range d.edges[graph.RelTargets] {
		targets[e.From]++
	}
	holdings := map[string]map[string]graph.Edge{}
	for _, e := range d.edges[graph.RelHas] {
		if holdings[e.From] == nil {
			holdings[e.From] = map[string]graph.Edge{}
		}
		holdings[e.From][e.To] = e
	}
	open, deadlines, budgets := 0, 0, 0
	for _, n := range d.byKind[graph.KindLearner] {
		l := n.(*graph.Learner)
		if targets[l.ID] == 0 {
			t.Errorf("learner %q targets no role", l.ID)
		}
		if l.OpenToOpportunities {
			open++
		}
		if l.Constraints.Deadline != nil {
			deadlines++
			if !l.Constraints.Deadline.After(storyDate) {
				t.Errorf("learner %q: deadline %v is already past", l.ID, l.Constraints.Deadline)
			}
		}
		if l.Constraints.MaxBudget != nil {
			budgets++
		}
		if l.Constraints.HoursPerWeek <= 0 {
			t.Errorf("learner %q: no hours per week", l.ID)
		}
		done := d.done(l.ID)
		for _, c := range l.InProgress {
			if done[c] {
				t.Errorf("learner %q: %q is both completed and in progress", l.ID, c)
			}
			for _, e := range d.edges[graph.RelPrerequisite] {
				if e.From == c && !done[e.To] {
					t.Errorf("learner %q takes %q without its prerequisite %q", l.ID, c, e.To)
				}
			}
		}
	}
	if open == 0 || open == len(d.byKind[graph.KindLearner]) || deadlines == 0 || budgets == 0 {
		t.Errorf("%d open to opportunities, %d with deadlines, %d with budgets: want some of each", open, deadlines, budgets)
	}

	statuses := map[graph.AchievementStatus]int{}
	for _, a := range d.achievements {
		statuses[a.Status]++
		if a.IssuedAt.Year() < 2022 || a.IssuedAt.After(storyDate) {
			t.Errorf("achievement %q issued %v, outside the story", a.ID, a.IssuedAt)
		}
		if c, ok := d.credentials[a.CredentialID]; ok {
			want := time.Time{}
			if c.ValidityMonths > 0 {
				want = a.IssuedAt.AddDate(0, c.ValidityMonths, 0)
			}
			got := time.Time{}
			if a.ValidUntil != nil {
				got = *a.ValidUntil
			}
			if !got.Equal(want) {
				t.Errorf("achievement %q: validUntil %v, want %v from the credential's validity", a.ID, got, want)
			}
			// Prerequisites were earned, and earned first.
			for _, e := range d.edges[graph.RelPrerequisite] {
				if e.From != a.CredentialID {
					continue
				}
				ok := false
				for _, p := range d.achievements {
					ok = ok || (p.LearnerID == a.LearnerID && p.CredentialID == e.To && p.IssuedAt.Before(a.IssuedAt))
				}
				if !ok {
					t.Errorf("achievement %q: %q earned without its prerequisite %q", a.ID, a.CredentialID, e.To)
				}
			}
			// Required competencies were held.
			for _, e := range d.edges[graph.RelRequiresCompetency] {
				if e.From == a.CredentialID && holdings[a.LearnerID][e.To].Level < e.Level {
					t.Errorf("achievement %q: %q requires %s at level %d", a.ID, a.CredentialID, e.To, e.Level)
				}
			}
		}
		switch a.Status {
		case graph.StatusValid:
			if a.ValidUntil != nil && a.ValidUntil.Before(storyDate) {
				t.Errorf("achievement %q is VALID but ran out on %v", a.ID, a.ValidUntil)
			}
		case graph.StatusExpired:
			if a.ValidUntil == nil || a.ValidUntil.After(storyDate) {
				t.Errorf("achievement %q is EXPIRED but valid until %v", a.ID, a.ValidUntil)
			}
		}
		if a.Status != graph.StatusValid && a.StatusReason == "" {
			t.Errorf("achievement %q is %s without a reason", a.ID, a.Status)
		}
		if b, ok := d.blocks[a.BlockID]; ok && !d.complete(b.ID, d.done(a.LearnerID)) {
			t.Errorf("achievement %q: %s has not completed block %q", a.ID, a.LearnerID, b.ID)
		}
	}
	if statuses[graph.StatusRevoked] != 1 || statuses[graph.StatusExpired] != 1 {
		t.Errorf("statuses %v: want exactly one REVOKED and one EXPIRED", statuses)
	}

	// Every block a learner has completed carries its badge.
	for _, n := range d.byKind[graph.KindLearner] {
		done := d.done(n.NodeID())
		for id := range d.blocks {
			if !d.complete(id, done) {
				continue
			}
			ok := false
			for _, a := range d.achievements {
				ok = ok || (a.LearnerID == n.NodeID() && a.BlockID == id && a.Status == graph.StatusValid)
			}
			if !ok {
				t.Errorf("learner %q completed block %q but holds no achievement of it", n.NodeID(), id)
			}
		}
	}

	// Certified holdings mirror the valid credential achievements.
	for _, a := range d.achievements {
		if a.Status != graph.StatusValid || a.Partial || a.CredentialID == "" {
			continue
		}
		for _, e := range d.edges[graph.RelCertifies] {
			if e.From == a.CredentialID && holdings[a.LearnerID][e.To].Level < e.Level {
				t.Errorf("learner %q earned %q but holds %s below level %d", a.LearnerID, e.From, e.To, e.Level)
			}
		}
	}
}

// TestStory checks the facts STORY.md tells, so that edits to the data keep the tour true.
func TestStory(t *testing.T) {
	d := load(t)
	has := func(learner, credential string) map[string]bool {
		done := d.done(learner)
		out := map[string]bool{}
		for k := range done {
			out[k] = true
		}
		if credential != "" {
			out[credential] = true
		}
		return out
	}

	// Léa is one credential away from a block, and two from a certification.
	lea := "learner-lea-dubois"
	if d.complete("block-data-preparer", has(lea, "")) || !d.complete("block-data-preparer", has(lea, "cred-python-data")) {
		t.Error("Léa should be exactly cred-python-data away from block-data-preparer")
	}
	withPython := has(lea, "cred-python-data")
	withPython["cred-modelisation-donnees"] = true
	if !d.complete("cert-analyste-donnees", withPython) {
		t.Error("Python and data modelling should complete Léa's certification")
	}

	// Thomas holds the cybersecurity certification.
	if !d.complete("cert-cybersecurite", has("learner-thomas-petit", "")) {
		t.Error("Thomas should have completed cert-cybersecurite")
	}

	// Amandine's revoked badge does not count; Julien's expired one must be retaken.
	if has("learner-amandine-roux", "")["cred-pentest-web"] || has("learner-julien-lefevre", "")["cred-cyber-fondamentaux"] {
		t.Error("revoked and expired achievements must not count as completed")
	}

	// Inès's next two credentials complete the nested web blocks.
	ines := has("learner-ines-moreau", "cred-javascript")
	if d.complete("block-web-front", ines) {
		t.Error("Inès should not have completed block-web-front yet")
	}
	ines["cred-framework-front"] = true
	if !d.complete("block-web-front", ines) {
		t.Error("JavaScript and the framework course should complete Inès's block-web-front")
	}

	// Hugo's partial validation does not complete the data modelling credential, and one
	// credential stands between him and the data analyst certification.
	if has("learner-hugo-fontaine", "")["cred-modelisation-donnees"] {
		t.Error("a partial validation must not count as completed")
	}
	if d.complete("cert-analyste-donnees", has("learner-hugo-fontaine", "")) ||
		!d.complete("cert-analyste-donnees", has("learner-hugo-fontaine", "cred-nettoyage-qualite")) {
		t.Error("Hugo should be exactly cred-nettoyage-qualite away from cert-analyste-donnees")
	}

	// The data scientist role has a gap no credential covers: the tour shows it reported.
	const apps = "esco:skill/f9670490-8aa4-4540-b121-d440a8294aab"
	best := 0
	for _, e := range d.edges[graph.RelCertifies] {
		if e.To == apps {
			best = max(best, e.Level)
		}
	}
	required := 0
	for _, e := range d.edges[graph.RelRoleRequires] {
		if e.From == "esco:occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30" && e.To == apps {
			required = e.Level
		}
	}
	if required == 0 || best >= required {
		t.Errorf("data scientists need data processing programs at level %d and credentials reach %d: the story wants an uncovered gap", required, best)
	}

	// Karim's remote or blended constraint leaves out the employer's free, on-site BI course, the
	// only one certifying business intelligence at the level Alvéole asks.
	for _, e := range d.edges[graph.RelCertifies] {
		if e.To == "esco:skill/143769cb-b61e-47d8-a61e-eedfbec1016c" && e.Level >= 3 && e.From != "cred-bi-decisionnel" {
			t.Errorf("%s certifies business intelligence at level %d: the story wants only the on-site course to", e.From, e.Level)
		}
	}
	if m := d.credentials["cred-bi-decisionnel"].Modality; m != graph.ModalityOnSite {
		t.Errorf("cred-bi-decisionnel is %s, the story wants it on site", m)
	}
}

// bulkOnly is a store that only takes bulk upserts.
type bulkOnly struct {
	graph.Store
	batches []graph.Batch
	err     error
}

func (s *bulkOnly) BulkUpsert(_ context.Context, b graph.Batch) (graph.BulkResult, error) {
	s.batches = append(s.batches, b)
	return graph.BulkResult{NodesCreated: len(b.Nodes), EdgesCreated: len(b.Edges)}, s.err
}

func TestLoadWritesOneBatch(t *testing.T) {
	s := &bulkOnly{}
	res, err := Load(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	want := Dataset()
	if len(s.batches) != 1 || !reflect.DeepEqual(s.batches[0], want) {
		t.Fatalf("Load wrote %d batches, want the dataset in one", len(s.batches))
	}
	if res.NodesCreated != len(want.Nodes) || res.EdgesCreated != len(want.Edges) {
		t.Errorf("Load returned %+v, not the store's result", res)
	}

	s = &bulkOnly{err: graph.Invalid("nodes[3].name", "must not be empty")}
	if _, err := Load(t.Context(), s); graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != "nodes[3].name" {
		t.Errorf("Load error %v: the store's domain error should come through", err)
	}
}
