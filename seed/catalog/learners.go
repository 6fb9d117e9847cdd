package catalog

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

const (
	minHoldings, maxHoldings = 5, 60
	secondRoleShare          = 0.4  // of learners whose holdings also come from a second role
	achieverShare            = 0.45 // of learners with achievements
	maxAchievements          = 6
	partialShare             = 0.15 // of latest achievements that are partial, when the credential allows it
	targetShare              = 0.6  // of learners targeting a role
	inProgressShare          = 0.1
	openShare                = 0.4 // of learners open to opportunities
	advisedShare             = 0.3 // of learners followed by an advisor
	advisors                 = 12
)

var (
	firstNames = []string{"Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Jade", "Louise", "Zoé",
		"Lucas", "Hugo", "Nathan", "Théo", "Louis", "Enzo", "Mathis", "Yanis", "Karim", "Sofiane", "Amina",
		"Fatou", "Mamadou", "Julie", "Nicolas", "Sébastien", "Isabelle", "Nathalie", "Stéphane", "Céline",
		"Thierry", "Hélène", "Maël", "Anaïs", "Romain", "Élodie", "Bastien", "Noémie", "Youssef", "Lina"}
	lastNames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
		"Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
		"Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
		"Legrand", "Benali", "Diallo", "Nguyen", "Haddad", "Koné", "Le Goff", "Guérin", "Chevalier", "Perrin", "Marchand"}
	learnerCountries      = []string{"FR", "BE", "CH", "LU", "CA"}
	learnerCountryWeights = []int{90, 4, 3, 1, 2}
	hoursPerWeek          = []float64{0, 3, 4, 5, 6, 8, 10, 12, 15, 20, 35}
	hoursPerWeekWeights   = []int{10, 8, 12, 14, 10, 14, 12, 6, 6, 5, 3}
	budgets               = []float64{0, 200, 500, 1000, 1500, 3000, 5000}
	totalHours            = []float64{50, 100, 150, 300, 500}
	holdingLevelWeights   = []int{20, 35, 30, 12, 3} // levels 1 to 5
)

// learnerID is the id of the j-th learner, counting from 0.
func learnerID(j int) string { return fmt.Sprintf("%slearner:%06d", IDPrefix, j+1) }

// holding is one competency a learner holds.
type holding struct {
	level  int
	source graph.HoldingSource
	since  *time.Time
	earned bool // backs a complete achievement, so it is never trimmed
}

// buildLearners makes n learners whose holdings come from one or two roles, some with
// achievements of credentials of their role's cluster (with the prerequisites, earned
// before), a target role, constraints and an advisor.
func (p *plan) buildLearners(r *rand.Rand, n int) {
	u := p.u
	for j := range n {
		id := learnerID(j)
		primary := p.popular[skewed(r, len(p.popular))]
		second := -1
		if len(u.roles) > 1 && chance(r, secondRoleShare) {
			if s := p.popular[skewed(r, len(p.popular))]; s != primary {
				second = s
			}
		}

		held := map[int]holding{}
		p.declare(r, held, u.roles[primary].reqs, 0.2+0.6*r.Float64())
		if second >= 0 {
			p.declare(r, held, u.roles[second].reqs, 0.1+0.3*r.Float64())
		}
		for range r.IntN(5) {
			c := u.transversal[r.IntN(len(u.transversal))]
			if _, ok := held[c]; !ok {
				held[c] = p.declared(r)
			}
		}

		achieved := p.buildAchievements(r, j, primary, held)
		p.trimHoldings(r, held)

		target := -1
		if chance(r, targetShare) {
			target = primary
			if second >= 0 && chance(r, 0.5) {
				target = second
			}
			p.targets = append(p.targets, graph.Edge{Type: graph.RelTargets, From: id, To: u.roles[target].id})
		}
		for _, c := range slices.Sorted(maps.Keys(held)) {
			h := held[c]
			p.holdings = append(p.holdings, graph.Edge{Type: graph.RelHas, From: id, To: u.comps[c].id,
				Level: h.level, Source: h.source, Since: h.since})
		}
		p.learners = append(p.learners, p.learner(r, j, primary, target, achieved))
	}
}

// declare adds a share of reqs to the learner's holdings, declared or assessed.
func (p *plan) declare(r *rand.Rand, held map[int]holding, reqs []req, share float64) {
	k := max(int(share*float64(len(reqs))+0.5), 1)
	for _, idx := range r.Perm(len(reqs))[:k] {
		c := reqs[idx].comp
		if _, ok := held[c]; !ok {
			held[c] = p.declared(r)
		}
	}
}

// declared draws a holding the learner declared or had assessed, sometimes dated.
func (p *plan) declared(r *rand.Rand) holding {
	h := holding{level: 1 + weighted(r, holdingLevelWeights), source: graph.SourceDeclared}
	if chance(r, 0.35) {
		h.source = graph.SourceAssessed
	}
	if chance(r, 0.5) {
		since := p.base.AddDate(0, 0, -(30 + r.IntN(3650)))
		h.since = &since
	}
	return h
}

// buildAchievements gives some learners achievements of credentials of their role's cluster,
// each with its prerequisites earned before it, and the certified holdings that go with the
// complete ones. It returns the achieved credentials.
func (p *plan) buildAchievements(r *rand.Rand, learner, role int, held map[int]holding) []int {
	if !chance(r, achieverShare) {
		return nil
	}
	pool := p.cluster(role)
	if len(pool) == 0 {
		pool = p.general
	}
	if len(pool) == 0 {
		return nil
	}
	set := map[int]bool{}
	for range 1 + r.IntN(3) {
		p.withPrerequisites(pool[r.IntN(len(pool))], set)
	}
	// Prerequisites have smaller indices, so the first ones of the sorted list include the
	// prerequisites of each.
	list := slices.Sorted(maps.Keys(set))
	list = list[:min(len(list), maxAchievements)]
	daysBack := 60 + r.IntN(1200)
	for k, c := range list {
		cred := p.creds[c]
		days := daysBack
		if cred.ValidityMonths > 0 {
			days = min(days, cred.ValidityMonths*30-10) // still valid today
		}
		issued := p.base.AddDate(0, 0, -days)
		a := &graph.Achievement{
			Meta:         graph.Meta{ID: fmt.Sprintf("%sach:%06d-%02d", IDPrefix, learner+1, k+1)},
			LearnerID:    learnerID(learner),
			CredentialID: cred.ID,
			IssuedAt:     issued,
			Status:       graph.StatusValid,
			Result:       "Admis",
		}
		if cred.Language == "en" {
			a.Result = "Passed"
		}
		if cred.ValidityMonths > 0 {
			until := issued.AddDate(0, cred.ValidityMonths, 0)
			a.ValidUntil = &until
		}
		// Only the latest may be partial: the earlier ones are prerequisites of later steps.
		if k == len(list)-1 && cred.PartialValidation && chance(r, partialShare) {
			a.Partial = true
			a.Result = "Validation partielle"
			if cred.Language == "en" {
				a.Result = "Partially validated"
			}
		} else {
			for _, l := range p.credCerts[c] {
				// A stronger holding stays; an equal declared one becomes certified.
				h, ok := held[l.comp]
				if !ok || h.level < l.level || h.level == l.level && h.source != graph.SourceCertified {
					since := issued
					h = holding{level: l.level, source: graph.SourceCertified, since: &since}
				}
				h.earned = true
				held[l.comp] = h
			}
		}
		p.achievements = append(p.achievements, a)
		daysBack = max(days-(10+r.IntN(80)), 1) // the next one comes later
	}
	return list
}

// withPrerequisites adds credential c and, transitively, what it requires.
func (p *plan) withPrerequisites(c int, set map[int]bool) {
	if set[c] {
		return
	}
	set[c] = true
	for _, pre := range p.credPre[c] {
		p.withPrerequisites(pre, set)
	}
}

// trimHoldings keeps between minHoldings and maxHoldings holdings: it drops ones that back no
// achievement beyond the maximum and adds general skills below the minimum.
func (p *plan) trimHoldings(r *rand.Rand, held map[int]holding) {
	if len(held) > maxHoldings {
		var droppable []int
		for _, c := range slices.Sorted(maps.Keys(held)) {
			if !held[c].earned {
				droppable = append(droppable, c)
			}
		}
		r.Shuffle(len(droppable), func(i, j int) { droppable[i], droppable[j] = droppable[j], droppable[i] })
		for _, c := range droppable[:min(len(held)-maxHoldings, len(droppable))] {
			delete(held, c)
		}
	}
	if len(held) >= minHoldings {
		return
	}
	for _, idx := range r.Perm(len(p.u.transversal)) {
		if len(held) >= minHoldings {
			return
		}
		if _, ok := held[p.u.transversal[idx]]; !ok {
			held[p.u.transversal[idx]] = p.declared(r)
		}
	}
	// A store with fewer general skills than the minimum: any competency will do.
	for _, c := range r.Perm(len(p.u.comps)) {
		if len(held) >= minHoldings {
			return
		}
		if _, ok := held[c]; !ok {
			held[c] = p.declared(r)
		}
	}
}

// learner draws a learner's identity, constraints and follow-up.
func (p *plan) learner(r *rand.Rand, j, primary, target int, achieved []int) *graph.Learner {
	first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	l := &graph.Learner{
		Meta:                graph.Meta{ID: learnerID(j)},
		Name:                first + " " + last,
		Email:               fmt.Sprintf("%s.%s.%06d@example.org", strings.ToLower(asciiFold.Replace(first)), strings.ToLower(asciiFold.Replace(last)), j+1),
		Country:             learnerCountries[weighted(r, learnerCountryWeights)],
		OpenToOpportunities: chance(r, openShare),
	}
	roles := p.u.roles
	switch {
	case chance(r, 0.15):
		l.Headline = "Étudiant·e — " + roles[primary].title
	case target >= 0 && target != primary:
		l.Headline = "En reconversion vers : " + roles[target].title
	default:
		l.Headline = "En poste : " + roles[primary].title
	}
	l.Headline = shorten(l.Headline, graph.MaxNameLen)
	if chance(r, advisedShare) {
		l.AdvisorID = fmt.Sprintf("advisor-%02d", 1+r.IntN(advisors))
	}

	c := &l.Constraints
	c.HoursPerWeek = hoursPerWeek[weighted(r, hoursPerWeekWeights)]
	if chance(r, 0.5) {
		b := budgets[r.IntN(len(budgets))]
		c.MaxBudget = &b
	}
	if chance(r, 0.15) {
		h := totalHours[r.IntN(len(totalHours))]
		c.MaxTotalHours = &h
	}
	if chance(r, 0.35) {
		for _, m := range r.Perm(len(modalities))[:1+r.IntN(2)] {
			c.Modalities = append(c.Modalities, modalities[m])
		}
		slices.SortFunc(c.Modalities, func(a, b graph.Modality) int {
			return slices.Index(modalities, a) - slices.Index(modalities, b)
		})
	}
	switch x := r.Float64(); {
	case x < 0.5:
		c.Languages = []string{"fr"}
	case x < 0.6:
		c.Languages = []string{"en"}
	case x < 0.75:
		c.Languages = []string{"fr", "en"}
	}
	if chance(r, 0.2) {
		d := p.base.AddDate(0, 3+r.IntN(22), 0)
		c.Deadline = &d
	}

	if chance(r, inProgressShare) {
		role := primary
		if target >= 0 {
			role = target
		}
		var open []int
		for _, cr := range p.cluster(role) {
			if !slices.Contains(achieved, cr) {
				open = append(open, cr)
			}
		}
		if len(open) > 0 {
			l.InProgress = []string{p.creds[open[r.IntN(len(open))]].ID}
		}
	}
	return l
}
