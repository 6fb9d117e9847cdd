package pathways

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// testNow anchors deadlines in tests.
var testNow = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// builder assembles PathwayContexts by hand.
type builder struct{ pc *graph.PathwayContext }

func newBuilder() *builder {
	return &builder{pc: &graph.PathwayContext{
		Learner:      &graph.Learner{Meta: graph.Meta{ID: "learner"}, Name: "Ada"},
		Role:         &graph.JobRole{Meta: graph.Meta{ID: "role"}, Title: "Role"},
		Competencies: map[string]*graph.Competency{},
		Credentials:  map[string]*graph.Credential{},
		Blocks:       map[string]*graph.Block{},
	}}
}

func (b *builder) require(comp string, level int, essential bool, weight float64) *builder {
	imp := graph.Optional
	if essential {
		imp = graph.Essential
	}
	b.pc.Requirements = append(b.pc.Requirements, graph.Edge{Type: graph.RelRoleRequires, From: "role", To: comp,
		Level: level, Importance: imp, Weight: weight})
	if b.pc.Competencies[comp] == nil {
		b.pc.Competencies[comp] = &graph.Competency{Meta: graph.Meta{ID: comp}, Name: "skill " + comp}
	}
	return b
}

func (b *builder) cred(id string, hours, price float64, certs map[string]int) *builder {
	b.pc.Credentials[id] = &graph.Credential{Meta: graph.Meta{ID: id}, Title: "course " + id, Hours: hours,
		Price: price, ECTS: hours / 25, Modality: graph.ModalityRemote, Language: "en"}
	for _, comp := range sortedKeys(certs) {
		b.pc.Certifies = append(b.pc.Certifies, graph.Edge{Type: graph.RelCertifies, From: id, To: comp, Level: certs[comp]})
	}
	return b
}

func (b *builder) prereq(from, to string) *builder {
	b.pc.Prerequisites = append(b.pc.Prerequisites, graph.Edge{Type: graph.RelPrerequisite, From: from, To: to})
	return b
}

func (b *builder) needs(cred, comp string, level int) *builder {
	b.pc.RequiredCompetencies = append(b.pc.RequiredCompetencies, graph.Edge{Type: graph.RelRequiresCompetency, From: cred, To: comp, Level: level})
	return b
}

func (b *builder) has(comp string, level int) *builder {
	b.pc.Holdings = append(b.pc.Holdings, graph.Edge{Type: graph.RelHas, From: "learner", To: comp, Level: level})
	return b
}

func (b *builder) earned(id string, partial bool) *builder {
	a := &graph.Achievement{Meta: graph.Meta{ID: "ach-" + id}, LearnerID: "learner", Status: graph.StatusValid, Partial: partial}
	if b.pc.Blocks[id] != nil {
		a.BlockID = id
	} else {
		a.CredentialID = id
	}
	b.pc.Achievements = append(b.pc.Achievements, a)
	return b
}

func (b *builder) block(id string, rule graph.Rule, comps ...string) *builder {
	b.pc.Blocks[id] = &graph.Block{Meta: graph.Meta{ID: id}, Title: "B-" + id, Rule: rule, Components: comps}
	return b
}

// randomInstance draws a small instance and options from a seed.
func randomInstance(seed uint64, maxCreds int) (*graph.PathwayContext, Options) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	b := newBuilder()
	nComp := 3 + r.IntN(5)
	comp := func(i int) string { return fmt.Sprintf("c%d", i) }
	nReq := 2 + r.IntN(nComp-1)
	perm := r.Perm(nComp)
	for i := 0; i < nReq; i++ {
		b.require(comp(perm[i]), 1+r.IntN(3), r.IntN(3) > 0, float64(1+r.IntN(3)))
	}
	for i := 0; i < nComp; i++ {
		if r.IntN(4) == 0 {
			b.has(comp(i), 1+r.IntN(3))
		}
	}
	nCred := 3 + r.IntN(maxCreds-2)
	cred := func(i int) string { return fmt.Sprintf("k%02d", i) }
	mods := []graph.Modality{graph.ModalityRemote, graph.ModalityOnSite, graph.ModalityBlended}
	for i := 0; i < nCred; i++ {
		certs := map[string]int{}
		for j := 0; j < 1+r.IntN(3); j++ {
			c := comp(r.IntN(nComp))
			if r.IntN(10) < 7 {
				c = comp(perm[r.IntN(nReq)]) // mostly what the role asks for
			}
			certs[c] = 1 + r.IntN(4)
		}
		hours := float64(5 * (1 + r.IntN(12)))
		price := float64(50 * (1 + r.IntN(10)))
		b.cred(cred(i), hours, price, certs)
		c := b.pc.Credentials[cred(i)]
		c.Modality = mods[r.IntN(3)]
		if r.IntN(5) == 0 {
			c.Language = "fr"
		}
		c.PartialValidation = r.IntN(3) == 0
		if i > 0 && r.IntN(3) == 0 {
			b.prereq(cred(i), cred(r.IntN(i)))
		}
		if r.IntN(3) == 0 {
			b.needs(cred(i), comp(r.IntN(nComp)), 1+r.IntN(3))
		}
	}
	for i := 0; i < nCred; i++ {
		switch r.IntN(12) {
		case 0:
			b.earned(cred(i), false)
		case 1:
			b.earned(cred(i), true)
		}
	}
	rules := []graph.Rule{{Kind: graph.RuleAll}, {Kind: graph.RuleAtLeast, Count: 2}, {Kind: graph.RuleMinHours, Min: 30}, {Kind: graph.RuleMinECTS, Min: 1}}
	nBlocks := r.IntN(3)
	for i := 0; i < nBlocks; i++ {
		var comps []string
		for _, j := range r.Perm(nCred)[:2+r.IntN(min(3, nCred-1))] {
			comps = append(comps, cred(j))
		}
		sort.Strings(comps)
		b.block(fmt.Sprintf("b%d", i), rules[r.IntN(len(rules))], comps...)
	}
	if nBlocks == 2 && r.IntN(2) == 0 {
		b.block("cert", graph.Rule{Kind: graph.RuleAll}, "b0", "b1")
		b.pc.Blocks["cert"].Certification = true
	}
	objs := []Objective{ObjectiveHours, ObjectiveCost, ObjectiveCount, ObjectiveCalendar}
	opts := Options{Objective: objs[r.IntN(len(objs))], Now: testNow, TimeBudget: 2 * time.Second}
	if r.IntN(3) == 0 {
		opts.OptionalCoverage = float64(r.IntN(5)) / 4
	}
	if r.IntN(4) == 0 {
		v := float64(100 * (1 + r.IntN(10)))
		opts.MaxBudget = &v
	}
	if r.IntN(4) == 0 {
		v := float64(10 * (1 + r.IntN(10)))
		opts.MaxTotalHours = &v
	}
	if r.IntN(3) == 0 {
		opts.HoursPerWeek = float64(5 * (1 + r.IntN(4)))
	}
	if r.IntN(5) == 0 {
		d := testNow.Add(time.Duration(1+r.IntN(12)) * 7 * 24 * time.Hour)
		opts.Deadline = &d
	}
	if r.IntN(5) == 0 {
		opts.Modalities = []graph.Modality{mods[r.IntN(3)], mods[r.IntN(3)]}
	}
	if r.IntN(6) == 0 {
		opts.Languages = []string{"en"}
	}
	if r.IntN(4) == 0 {
		opts.Exclude = []string{cred(r.IntN(nCred))}
	}
	if r.IntN(5) == 0 {
		opts.InProgress = []string{cred(r.IntN(nCred))}
	}
	if r.IntN(4) == 0 {
		opts.K = 1 + r.IntN(3)
	}
	return b.pc, opts
}

// oracle evaluates plans from first principles, independently of the engine.
type oracle struct {
	pc        *graph.PathwayContext
	opts      Options
	held      map[string]int // competency levels before the plan, in-progress included
	done      map[string]bool
	universe  []string // credentials a plan may take
	optNeed   float64
	essential []requirement
	optional  []requirement
}

func newOracle(pc *graph.PathwayContext, opts Options) *oracle {
	o := &oracle{pc: pc, opts: opts, held: map[string]int{}, done: map[string]bool{}}
	for _, e := range pc.Holdings {
		o.held[e.To] = max(o.held[e.To], e.Level)
	}
	for _, a := range pc.Achievements {
		if a.Status == graph.StatusValid && !a.Partial && a.CredentialID != "" {
			o.done[a.CredentialID] = true
		}
	}
	for _, id := range opts.InProgress {
		if pc.Credentials[id] != nil {
			o.done[id] = true
		}
	}
	for _, e := range pc.Certifies {
		if o.done[e.From] {
			o.held[e.To] = max(o.held[e.To], e.Level)
		}
	}
	excl := map[string]bool{}
	for _, id := range opts.Exclude {
		excl[id] = true
	}
	for _, id := range sortedKeys(pc.Credentials) {
		c := pc.Credentials[id]
		if o.done[id] || excl[id] || !modalityOK(c, opts.Modalities) || !languageOK(c, opts.Languages) {
			continue
		}
		o.universe = append(o.universe, id)
	}
	var totalOpt, metOpt float64
	for _, r := range requirementsOf(pc.Requirements) {
		if !r.essential {
			totalOpt += r.weight
			if o.held[r.comp] >= r.level {
				metOpt += r.weight
			}
		}
		if o.held[r.comp] >= r.level {
			continue
		}
		if r.essential {
			o.essential = append(o.essential, r)
		} else {
			o.optional = append(o.optional, r)
		}
	}
	o.optNeed = opts.OptionalCoverage*totalOpt - metOpt
	return o
}

func (o *oracle) certLevel(cred, comp string) int {
	l := 0
	for _, e := range o.pc.Certifies {
		if e.From == cred && e.To == comp {
			l = max(l, e.Level)
		}
	}
	return l
}

// eval checks a plan's feasibility and returns its key (blocks not counted).
func (o *oracle) eval(set []string) (key, bool) {
	in := map[string]bool{}
	var hours, price float64
	for _, id := range set {
		in[id] = true
		hours += o.pc.Credentials[id].Hours
		price += o.pc.Credentials[id].Price
	}
	if o.opts.MaxBudget != nil && price > *o.opts.MaxBudget+1e-9 {
		return key{}, false
	}
	if o.opts.MaxTotalHours != nil && hours > *o.opts.MaxTotalHours+1e-9 {
		return key{}, false
	}
	for _, e := range o.pc.Prerequisites {
		if in[e.From] && !in[e.To] && !o.done[e.To] {
			return key{}, false
		}
	}
	// Layer: a credential goes once its prerequisites and required levels are met by what
	// was held or finished in earlier phases.
	level := map[string]int{}
	for k, v := range o.held {
		level[k] = v
	}
	fin := map[string]bool{}
	remaining := append([]string(nil), set...)
	perWeek := o.opts.HoursPerWeek
	if perWeek == 0 {
		perWeek = 10
	}
	var weeks float64
	for len(remaining) > 0 {
		var ready, rest []string
		for _, id := range remaining {
			ok := true
			for _, e := range o.pc.Prerequisites {
				if e.From == id && !o.done[e.To] && !fin[e.To] {
					ok = false
				}
			}
			for _, e := range o.pc.RequiredCompetencies {
				if e.From == id && level[e.To] < e.Level {
					ok = false
				}
			}
			if ok {
				ready = append(ready, id)
			} else {
				rest = append(rest, id)
			}
		}
		if len(ready) == 0 {
			return key{}, false
		}
		var h float64
		for _, id := range ready {
			fin[id] = true
			h += o.pc.Credentials[id].Hours
		}
		for _, id := range ready {
			for _, e := range o.pc.Certifies {
				if e.From == id {
					level[e.To] = max(level[e.To], e.Level)
				}
			}
		}
		weeks += math.Ceil(h/perWeek - 1e-9)
		remaining = rest
	}
	if o.opts.Deadline != nil && weeks > o.opts.Deadline.Sub(o.opts.Now).Hours()/168+1e-9 {
		return key{}, false
	}
	var k key
	for _, r := range o.essential {
		if level[r.comp] < r.level {
			k.missW += r.weight
			k.missN++
		}
	}
	var cov float64
	for _, r := range o.optional {
		if level[r.comp] >= r.level {
			cov += r.weight
		}
	}
	k.short = math.Max(0, o.optNeed-cov)
	switch o.opts.objective() {
	case ObjectiveCost:
		k.value = price
	case ObjectiveCount:
		k.value = float64(len(set))
	case ObjectiveCalendar:
		k.value = weeks
	default:
		k.value = hours
	}
	return k, true
}

// bruteForce returns the best key over every subset of the universe.
func (o *oracle) bruteForce() (key, bool) {
	n := len(o.universe)
	var best key
	found := false
	set := make([]string, 0, n)
	for mask := 0; mask < 1<<n; mask++ {
		set = set[:0]
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				set = append(set, o.universe[i])
			}
		}
		k, ok := o.eval(set)
		if ok && (!found || cmpPrefix(k, best) < 0) {
			best, found = k, true
		}
	}
	return best, found
}

func planIDs(pw Pathway) []string {
	var ids []string
	for _, st := range pw.Steps {
		if !st.InProgress {
			ids = append(ids, st.CredentialID)
		}
	}
	sort.Strings(ids)
	return ids
}
