package catalog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/skillgraph/skillgraph/graph"
)

const (
	blockShare         = 0.6  // of a cluster's groups of credentials that become a block
	certificationShare = 0.75 // of a cluster's groups of blocks that become a certification
	minBlock, maxBlock = 3, 8 // credentials per block
	minCert, maxCert   = 2, 4 // blocks per certification
	minShare           = 0.7  // MIN_ECTS and MIN_HOURS ask for this share of what the block is worth
)

// blockID is the id of the i-th block or certification, counting from 0.
func blockID(i int) string { return fmt.Sprintf("%sblock:%06d", IDPrefix, i+1) }

// buildBlocks groups each cluster's credentials into blocks of 3 to 8 under a rule they can
// satisfy, then each cluster's blocks into certifications of 2 to 4 blocks.
func (p *plan) buildBlocks(r *rand.Rand) {
	type made struct {
		block *graph.Block
		org   int     // index in p.orgs
		ects  float64 // 0 when some credential states none
		hours float64
	}
	clusters := make([]int, 0, len(p.byRole)+1)
	for role := range p.byRole {
		clusters = append(clusters, role)
	}
	clusters = append(clusters, -1)
	var perCluster [][]made
	for _, role := range clusters {
		members := slices.Clone(p.cluster(role))
		r.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		var blocks []made
		for len(members) >= minBlock {
			size := min(minBlock+r.IntN(maxBlock-minBlock+1), len(members))
			group := slices.Clone(members[:size])
			members = members[size:]
			if !chance(r, blockShare) {
				continue
			}
			slices.Sort(group) // prerequisites come first
			m := made{}
			ids := make([]string, len(group))
			orgs := make([]int, len(group))
			allECTS := true
			for j, c := range group {
				ids[j] = p.creds[c].ID
				orgs[j] = p.credOrg[c]
				m.ects += p.creds[c].ECTS
				m.hours += p.creds[c].Hours
				allECTS = allECTS && p.creds[c].ECTS > 0
			}
			if !allECTS {
				m.ects = 0 // a MIN_ECTS rule only where every credential states ECTS
			}
			m.org = mostCommon(orgs)
			b := &graph.Block{
				Meta:           graph.Meta{ID: blockID(len(p.blocks))},
				Components:     ids,
				Rule:           blockRule(r, len(ids), m.ects, m.hours, false),
				OrganizationID: p.orgs[m.org].node.ID,
			}
			b.Code = fmt.Sprintf("GEN-BC%06d", len(p.blocks)+1)
			b.Title = fmt.Sprintf("Bloc de compétences %d — %s", len(blocks)+1, p.clusterName(role))
			b.Description = "Bloc de compétences validé par " + describeRule(b.Rule, len(ids), "micro-certifications") + "."
			m.block = b
			p.blocks = append(p.blocks, b)
			blocks = append(blocks, m)
		}
		perCluster = append(perCluster, blocks)
	}

	for ci, blocks := range perCluster {
		role, n := clusters[ci], 0
		for len(blocks) >= minCert {
			size := min(minCert+r.IntN(maxCert-minCert+1), len(blocks))
			group := blocks[:size]
			blocks = blocks[size:]
			if !chance(r, certificationShare) {
				continue
			}
			var ects, hours float64
			ids := make([]string, len(group))
			orgs := make([]int, len(group))
			for j, m := range group {
				ids[j] = m.block.ID
				orgs[j] = m.org
				ects += m.ects
				hours += m.hours
			}
			n++
			num := len(p.blocks) + len(p.certifications)
			c := &graph.Block{
				Meta:           graph.Meta{ID: blockID(num)},
				Components:     ids,
				Rule:           blockRule(r, len(ids), ects, hours, true),
				Certification:  true,
				OrganizationID: p.orgs[mostCommon(orgs)].node.ID,
				Code:           fmt.Sprintf("GEN-CP%06d", num+1),
				Title:          fmt.Sprintf("Certification professionnelle %d — %s", n, p.clusterName(role)),
			}
			c.Description = "Certification obtenue par " + describeRule(c.Rule, len(ids), "blocs de compétences") + "."
			p.certifications = append(p.certifications, c)
		}
	}
}

// blockRule draws a stacking rule that n components worth ects and hours can satisfy. A
// certification's MIN rules count the credentials under its blocks.
func blockRule(r *rand.Rand, n int, ects, hours float64, certification bool) graph.Rule {
	weights := []int{35, 30, 15, 20} // ALL, AT_LEAST, MIN_ECTS, MIN_HOURS
	if certification {
		weights = []int{55, 30, 0, 15}
	}
	switch weighted(r, weights) {
	case 1:
		if n > 1 {
			return graph.Rule{Kind: graph.RuleAtLeast, Count: max(n-1-r.IntN(2), 1)}
		}
	case 2:
		if least := math.Floor(ects*minShare*2) / 2; least > 0 {
			return graph.Rule{Kind: graph.RuleMinECTS, Min: least}
		}
		fallthrough
	case 3:
		if least := math.Floor(hours*minShare/5) * 5; least > 0 {
			return graph.Rule{Kind: graph.RuleMinHours, Min: least}
		}
	}
	return graph.Rule{Kind: graph.RuleAll}
}

func describeRule(rule graph.Rule, n int, what string) string {
	switch rule.Kind {
	case graph.RuleAtLeast:
		return fmt.Sprintf("au moins %d des %d %s", rule.Count, n, what)
	case graph.RuleMinECTS:
		return fmt.Sprintf("au moins %g ECTS parmi ses %d %s", rule.Min, n, what)
	case graph.RuleMinHours:
		return fmt.Sprintf("au moins %g heures parmi ses %d %s", rule.Min, n, what)
	}
	return fmt.Sprintf("l'ensemble de ses %d %s", n, what)
}

// clusterName names a cluster in titles.
func (p *plan) clusterName(role int) string {
	if role < 0 {
		return "compétences transversales"
	}
	return shorten(p.u.roles[role].title, maxTitleLength)
}

// mostCommon returns the most frequent value, the smallest on ties.
func mostCommon(values []int) int {
	counts := map[int]int{}
	best := values[0]
	for _, v := range values {
		counts[v]++
		if counts[v] > counts[best] || counts[v] == counts[best] && v < best {
			best = v
		}
	}
	return best
}
