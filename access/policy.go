package access

import (
	"slices"

	"github.com/skillgraph/skillgraph/graph"
)

// Action is what a principal wants to do to a resource.
type Action string

const (
	Read   Action = "read"
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
	Link   Action = "link"              // and unlink: an edge from the resource
	Issue  Action = "issue"             // an achievement (its badge)
	Revoke Action = "revoke"            // revoke, suspend or reinstate an achievement
	Share  Action = "share"             // choose who may fetch an achievement's badge
	Plan   Action = "plan"              // gap, pathways, stacking and role fit for a learner
	Search Action = "search-candidates" // employers looking for people who opted in
	Admin  Action = "administer"        // keys and bulk writes
)

// Resource is what a decision needs to know of the node acted on.
type Resource struct {
	Kind graph.Kind
	ID   string
	// Org owns the resource: a credential's or block's awarding body, a job role's employer,
	// an achievement's awarding organisation.
	Org string
	// Learner the resource is about: the learner themself, or an achievement's learner; with
	// that learner's advisor and opt-in.
	Learner             string
	AdvisorID           string
	OpenToOpportunities bool
	// Enrolled lists the organisations the learner is enrolled with (ENROLLED_IN): the only
	// ones that may issue them badges.
	Enrolled []string
	// Rel is the relationship type for Link.
	Rel graph.RelType
}

// Policy is the access matrix. The zero value keeps the catalogue public.
type Policy struct {
	// PrivateCatalogue: reading competencies, credentials, blocks, roles, organisations and
	// frameworks needs an authenticated principal.
	PrivateCatalogue bool
}

var catalogue = map[graph.Kind]bool{
	graph.KindCompetency: true, graph.KindFramework: true, graph.KindOrganization: true,
	graph.KindCredential: true, graph.KindBlock: true, graph.KindJobRole: true,
}

var (
	errAnonymous = graph.Errorf(graph.EUNAUTHENTICATED, "authentication required")
	errForbidden = graph.Errorf(graph.EFORBIDDEN, "not allowed")
)

// Authorize decides whether p may do a to r: nil, EUNAUTHENTICATED (anonymous asking for
// something that needs a principal) or EFORBIDDEN. The messages say nothing of the resource.
//
// The matrix:
//   - admin: everything.
//   - catalogue reads: anyone (authenticated only with PrivateCatalogue).
//   - competencies, frameworks, organisations: written by admins only.
//   - credentials and blocks: written (and linked from) by issuers of their organisation.
//   - job roles: written (and linked from) by employers of their organisation.
//   - a learner and what is about them (holdings, targets, achievements, plans): the learner
//     themself reads, updates, links and plans; their advisor reads and plans; employers read
//     learners open to opportunities; issuers read the achievements of their organisation.
//     A learner may create their own profile and delete it.
//   - achievements: issued by issuers of the awarding organisation to learners enrolled with
//     it; revoked, suspended and reinstated by them; shared (their badge's visibility) by
//     the learner.
//   - searching candidates for a role: employers.
func (pol Policy) Authorize(p *Principal, a Action, r Resource) error {
	if a == Read && catalogue[r.Kind] && (!pol.PrivateCatalogue || p != nil) {
		return nil
	}
	if p == nil {
		return errAnonymous
	}
	if p.Role == RoleAdmin {
		return nil
	}
	if allowed(p, a, r) {
		return nil
	}
	return errForbidden
}

func allowed(p *Principal, a Action, r Resource) bool {
	self := p.Role == RoleLearner && r.Learner != "" && r.Learner == p.Learner
	advisor := p.Role == RoleAdvisor && r.AdvisorID != "" && r.AdvisorID == p.Subject
	ownOrg := (p.Role == RoleIssuer || p.Role == RoleEmployer) && r.Org != "" && r.Org == p.Org
	switch a {
	case Search:
		return p.Role == RoleEmployer
	case Issue:
		return r.Kind == graph.KindAchievement && p.Role == RoleIssuer && ownOrg && slices.Contains(r.Enrolled, p.Org)
	case Revoke:
		return r.Kind == graph.KindAchievement && p.Role == RoleIssuer && ownOrg
	case Share:
		return r.Kind == graph.KindAchievement && self
	case Plan:
		return self || advisor
	}
	switch r.Kind {
	case graph.KindCredential, graph.KindBlock:
		return p.Role == RoleIssuer && ownOrg && a != Read
	case graph.KindJobRole:
		return p.Role == RoleEmployer && ownOrg && a != Read
	case graph.KindLearner:
		switch a {
		case Read:
			return self || advisor || p.Role == RoleEmployer && r.OpenToOpportunities
		case Create, Update, Delete, Link:
			return self
		}
	case graph.KindAchievement:
		if a != Read {
			return false // achievements change through Issue and Revoke only
		}
		return self || advisor || p.Role == RoleEmployer && r.OpenToOpportunities ||
			p.Role == RoleIssuer && ownOrg
	}
	return false
}
