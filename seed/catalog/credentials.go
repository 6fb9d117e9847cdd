package catalog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

const (
	generalShare   = 0.12 // of credentials certifying general (transversal) skills
	prereqShare    = 0.35 // of credentials with prerequisites, when their cluster has earlier ones
	maxChain       = 4    // credentials in the longest prerequisite chain
	requiresShare  = 0.12 // of credentials requiring competencies on entry
	sameOrgShare   = 0.4  // of credentials awarded by the body of the cluster's previous one
	essentialPull  = 3    // essential requirements are this many times likelier to be certified
	recentWindow   = 12   // prerequisites are drawn among the cluster's latest credentials
	maxTitleLength = 160
)

// certifiedCounts weighs how many competencies a credential certifies: 1 to 6.
var certifiedCounts = []int{20, 30, 24, 13, 8, 5}

var (
	modalities      = []graph.Modality{graph.ModalityOnSite, graph.ModalityRemote, graph.ModalityBlended}
	assessmentTypes = []graph.AssessmentType{graph.AssessmentSimulation, graph.AssessmentCaseStudy,
		graph.AssessmentProject, graph.AssessmentExam, graph.AssessmentPortfolio}
	validities = []int{12, 24, 36, 60}
)

// credentialID is the id of the i-th credential, counting from 0.
func credentialID(i int) string { return fmt.Sprintf("%scred:%06d", IDPrefix, i+1) }

// buildCredentials makes n credentials, each clustered around a role (a subset of its
// requirements) or around general skills, with prerequisites among the earlier credentials of
// its cluster only, so that prerequisites never form a cycle.
func (p *plan) buildCredentials(r *rand.Rand, n int) {
	u := p.u
	p.byRole = make([][]int, len(u.roles))
	orgOutput := make([]int, len(p.orgs))
	for i, o := range p.orgs {
		orgOutput[i] = o.prof.output
	}
	depth := make([]int, n) // credentials in the longest chain ending at each
	for i := range n {
		role := -1
		if !chance(r, generalShare) {
			role = p.popular[skewed(r, len(p.popular))]
		}
		members := p.cluster(role)

		orgIdx := weighted(r, orgOutput)
		if len(members) > 0 && chance(r, sameOrgShare) {
			orgIdx = p.credOrg[members[len(members)-1]]
		}
		o := p.orgs[orgIdx]
		prof := o.prof
		eqf := prof.eqfMin + r.IntN(prof.eqfMax-prof.eqfMin+1)

		var pre []int
		depth[i] = 1
		if len(members) > 0 && chance(r, prereqShare) {
			want := 1
			if chance(r, 0.2) {
				want = 2
			}
			window := min(len(members), recentWindow)
			for try := 0; try < 6 && len(pre) < want; try++ {
				c := members[len(members)-1-r.IntN(window)]
				if depth[c] < maxChain && !slices.Contains(pre, c) {
					pre = append(pre, c)
				}
			}
			slices.Sort(pre)
			for _, c := range pre {
				depth[i] = max(depth[i], depth[c]+1)
				eqf = max(eqf, min(p.creds[c].EQFLevel+r.IntN(2), 7))
			}
		}

		certified := p.pickCertified(r, role, eqf)
		cred := p.credential(r, i, o, eqf, role, certified)
		p.creds = append(p.creds, cred)
		p.credOrg = append(p.credOrg, orgIdx)
		p.credRole = append(p.credRole, role)
		p.credCerts = append(p.credCerts, certified)
		p.credPre = append(p.credPre, pre)
		if role < 0 {
			p.general = append(p.general, i)
		} else {
			p.byRole[role] = append(p.byRole[role], i)
		}
		for _, c := range certified {
			p.certifies = append(p.certifies, graph.Edge{Type: graph.RelCertifies, From: cred.ID, To: u.comps[c.comp].id, Level: c.level})
		}
		for _, c := range pre {
			p.prerequisites = append(p.prerequisites, graph.Edge{Type: graph.RelPrerequisite, From: cred.ID, To: p.creds[c].ID})
		}
		if chance(r, requiresShare) {
			for _, c := range p.pickRequired(r, role, certified, eqf) {
				p.requiredComps = append(p.requiredComps, graph.Edge{Type: graph.RelRequiresCompetency, From: cred.ID, To: u.comps[c.comp].id, Level: c.level})
			}
		}
	}
}

// pickCertified chooses what a credential certifies: some of its role's requirements,
// essential ones first, or general skills; levels follow the EQF level.
func (p *plan) pickCertified(r *rand.Rand, role, eqf int) []level {
	k := 1 + weighted(r, certifiedCounts)
	var chosen []int
	if role >= 0 {
		reqs := p.u.roles[role].reqs
		weights := make([]int, len(reqs))
		for j, q := range reqs {
			weights[j] = 1
			if q.essential {
				weights[j] = essentialPull
			}
		}
		for _, j := range pickDistinct(r, weights, k) {
			chosen = append(chosen, reqs[j].comp)
		}
	} else {
		pool := p.u.transversal
		k = min(k, 3, len(pool))
		for _, j := range r.Perm(len(pool))[:k] {
			chosen = append(chosen, pool[j])
		}
	}
	slices.Sort(chosen)
	out := make([]level, len(chosen))
	for j, c := range chosen {
		out[j] = level{comp: c, level: min(max(eqf-2+r.IntN(3)-1, graph.MinLevel), graph.MaxLevel)}
	}
	return out
}

// pickRequired chooses one or two competencies a learner must hold before starting: other
// requirements of the role, or general skills, at a modest level.
func (p *plan) pickRequired(r *rand.Rand, role int, certified []level, eqf int) []level {
	var pool []int
	if role >= 0 {
		for _, q := range p.u.roles[role].reqs {
			pool = append(pool, q.comp)
		}
	} else {
		pool = p.u.transversal
	}
	pool = slices.DeleteFunc(slices.Clone(pool), func(c int) bool {
		return slices.ContainsFunc(certified, func(l level) bool { return l.comp == c })
	})
	if len(pool) == 0 {
		return nil
	}
	k := min(1+r.IntN(2), len(pool))
	chosen := r.Perm(len(pool))[:k]
	out := make([]level, k)
	for j, idx := range chosen {
		out[j] = level{comp: pool[idx], level: 1 + r.IntN(min(max(eqf-3, 1), 3))}
	}
	slices.SortFunc(out, func(a, b level) int { return a.comp - b.comp })
	return out
}

// credential draws a credential's attributes from its organisation's profile.
func (p *plan) credential(r *rand.Rand, i int, o org, eqf, role int, certified []level) *graph.Credential {
	prof := o.prof
	hours := logNormalHours(r, prof.medianHours)
	ects := 0.0
	if chance(r, prof.ects) {
		perECTS := 25 + 5*r.Float64()
		ects = max(math.Round(hours/perECTS*2)/2, 0.5)
	}
	lang := "fr"
	if chance(r, prof.english) {
		lang = "en"
	}
	price := 0.0
	if !chance(r, prof.free) {
		price = roundPrice(hours * prof.ratePerHour * (1 + 0.12*float64(eqf-4)) * math.Exp(0.25*r.NormFloat64()))
	}
	nAssess := 1 + weighted(r, []int{55, 35, 10})
	var assess []graph.AssessmentType
	for _, j := range pickDistinct(r, prof.assessments[:], nAssess) {
		assess = append(assess, assessmentTypes[j])
	}
	slices.SortFunc(assess, func(a, b graph.AssessmentType) int {
		return slices.Index(assessmentTypes, a) - slices.Index(assessmentTypes, b)
	})
	retakes := []int{0, 1, 2, -1}[weighted(r, []int{15, 40, 30, 15})]
	validity := 0
	if chance(r, prof.validity) {
		validity = validities[r.IntN(len(validities))]
	}
	c := &graph.Credential{
		Meta:              graph.Meta{ID: credentialID(i)},
		Hours:             hours,
		ECTS:              ects,
		EQFLevel:          eqf,
		Modality:          modalities[weighted(r, prof.modality[:])],
		AssessmentTypes:   assess,
		Language:          lang,
		Price:             price,
		Currency:          "EUR",
		OrganizationID:    o.node.ID,
		QualityAssurance:  prof.qualities[r.IntN(len(prof.qualities))],
		PartialValidation: hours >= 35 && chance(r, 0.35),
		RetakesAllowed:    retakes,
		RetakePolicy:      retakePolicy(lang, retakes),
		ValidityMonths:    validity,
		Country:           o.node.Country,
	}
	p.describeCredential(r, c, o, role, certified)
	return c
}

func retakePolicy(lang string, retakes int) string {
	fr := map[int]string{0: "Pas de seconde session.", 1: "Une seconde session dans les trois mois.",
		2: "Deux sessions de rattrapage dans l'année.", -1: "Repassage possible à chaque session, sans limite."}
	en := map[int]string{0: "No resit.", 1: "One resit within three months.",
		2: "Two resits within the year.", -1: "Resits at every session, without limit."}
	if lang == "en" {
		return en[retakes]
	}
	return fr[retakes]
}

var (
	titleFR = [][]string{ // by band: EQF 3-4, 5, 6-7
		{"Initiation", "Les bases", "Fondamentaux", "Découverte"},
		{"Pratique professionnelle", "Mise en œuvre", "Atelier", "Savoir-faire"},
		{"Perfectionnement", "Expertise", "Maîtrise", "Pilotage"},
	}
	titleEN = [][]string{
		{"Introduction", "Basics", "Foundations", "Getting started"},
		{"Professional practice", "Applied", "Workshop", "Hands-on"},
		{"Advanced", "Expert", "Mastery", "Leading"},
	}
)

// describeCredential writes a credential's title, description and outcomes from what it
// certifies.
func (p *plan) describeCredential(r *rand.Rand, c *graph.Credential, o org, role int, certified []level) {
	band := 0
	switch {
	case c.EQFLevel >= 6:
		band = 2
	case c.EQFLevel == 5:
		band = 1
	}
	names := make([]string, len(certified))
	for j, l := range certified {
		names[j] = p.u.comps[l.comp].name
		if names[j] == "" {
			names[j] = p.u.comps[l.comp].id
		}
	}
	lead := names[r.IntN(len(names))]
	fr := c.Language == "fr"
	var title string
	if fr {
		title = titleFR[band][r.IntN(len(titleFR[band]))] + " : " + lead
	} else {
		title = titleEN[band][r.IntN(len(titleEN[band]))] + ": " + lead
	}
	c.Title = shorten(title, maxTitleLength)

	var b strings.Builder
	workload := fmt.Sprintf("%g h", c.Hours)
	if c.ECTS > 0 {
		workload += fmt.Sprintf(", %g ECTS", c.ECTS)
	}
	if fr {
		fmt.Fprintf(&b, "Micro-certification (%s, EQF %d) délivrée par %s. Compétences certifiées : %s.",
			workload, c.EQFLevel, o.node.Name, strings.Join(names, " ; "))
		if role >= 0 {
			fmt.Fprintf(&b, " Conçue pour le métier : %s.", p.u.roles[role].title)
		} else {
			b.WriteString(" Compétences transversales, utiles à tous les métiers.")
		}
	} else {
		fmt.Fprintf(&b, "Micro-credential (%s, EQF %d) awarded by %s. Certified competencies: %s.",
			workload, c.EQFLevel, o.node.Name, strings.Join(names, "; "))
		if role >= 0 {
			fmt.Fprintf(&b, " Designed for the occupation: %s.", p.u.roles[role].title)
		} else {
			b.WriteString(" Transversal skills, useful in every occupation.")
		}
	}
	c.Description = shorten(b.String(), graph.MaxDescriptionLen)
	c.Outcomes = make([]string, len(certified))
	for j, l := range certified {
		if fr {
			c.Outcomes[j] = shorten(fmt.Sprintf("%s (niveau %d)", capitalise(names[j]), l.level), graph.MaxDescriptionLen)
		} else {
			c.Outcomes[j] = shorten(fmt.Sprintf("%s (level %d)", capitalise(names[j]), l.level), graph.MaxDescriptionLen)
		}
	}
}
