// Package issuance runs badges against the store: it signs achievements as Open Badges,
// allocates their places in status lists, revokes, suspends and reinstates them, issues a
// block's badge when a learner completes it, and serves the public routes anyone uses to fetch
// and verify a badge without asking us (keys, badges, their pages, status lists).
package issuance

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/pathways"
)

// ListSize is the number of entries of one status list: the spec's minimum, so that a list
// never tells how many badges exist.
const ListSize = badges.MinStatusListBits

// Service signs and manages badges over a store.
type Service struct {
	store    graph.Store
	issuer   *badges.Issuer
	verifier *badges.Verifier

	mu     sync.Mutex // guards seeded and floor
	seeded bool       // floor has been read from the store
	floor  int64      // the highest status position in use when this process first allocated
}

// New returns a service over store signing with keys; baseURL is the public address badges and
// their status lists are served from. EINVALID for a malformed base URL.
func New(store graph.Store, keys *badges.KeyStore, baseURL string) (*Service, error) {
	iss, err := badges.NewIssuer(keys, baseURL)
	if err != nil {
		return nil, fmt.Errorf("issuance: %w", err)
	}
	s := &Service{store: store, issuer: iss}
	s.verifier, err = badges.NewVerifier(keys, baseURL, s.status)
	if err != nil {
		return nil, fmt.Errorf("issuance: %w", err)
	}
	return s, nil
}

// Issuer returns the badge issuer (keys, URLs).
func (s *Service) Issuer() *badges.Issuer { return s.issuer }

// Verify checks a badge: signature against our keys, shape, claims, validity and status.
func (s *Service) Verify(ctx context.Context, jwt string) *badges.Verification {
	return s.verifier.Verify(ctx, jwt)
}

// EffectiveStatus is an achievement's status as of now: a valid one past its validUntil is
// EXPIRED.
func EffectiveStatus(a *graph.Achievement, now time.Time) graph.AchievementStatus {
	if a.Status == graph.StatusValid && a.ValidUntil != nil && !a.ValidUntil.After(now) {
		return graph.StatusExpired
	}
	return a.Status
}

// allocate returns a free status list position, drawn from the store's sequence so that every
// process sharing the store gets distinct positions. The first allocation of a process reads
// the highest position in use, so that a store whose badges predate the sequence never hands
// out a taken one (the store takes the larger of the two).
func (s *Service) allocate(ctx context.Context) (list string, index int, err error) {
	s.mu.Lock()
	if !s.seeded {
		all, err := allAchievements(ctx, s.store, graph.Filter{})
		if err != nil {
			s.mu.Unlock()
			return "", 0, err
		}
		for _, a := range all {
			n, err := strconv.Atoi(a.StatusList)
			if err == nil && a.StatusIndex > 0 {
				s.floor = max(s.floor, int64((n-1)*ListSize+a.StatusIndex))
			}
		}
		s.seeded = true
	}
	floor := s.floor
	s.mu.Unlock()
	for {
		pos, err := s.store.NextSequence(ctx, graph.StatusSequence, floor)
		if err != nil {
			return "", 0, fmt.Errorf("allocate status position: %w", err)
		}
		// Index 0 of each list is never used, so that a zero index always means "none yet".
		if pos%ListSize != 0 {
			return strconv.FormatInt(pos/ListSize+1, 10), int(pos % ListSize), nil
		}
	}
}

// allAchievements pages through the achievements matching f.
func allAchievements(ctx context.Context, store graph.Store, f graph.Filter) ([]*graph.Achievement, error) {
	var out []*graph.Achievement
	opts := graph.ListOptions{Filter: f, OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
	for {
		p, err := store.List(ctx, graph.KindAchievement, opts)
		if err != nil {
			return nil, fmt.Errorf("list achievements: %w", err)
		}
		for _, n := range p.Items {
			out = append(out, n.(*graph.Achievement))
		}
		if !p.HasNextPage || len(p.Cursors) == 0 {
			return out, nil
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
}

// Prepare allocates the achievement's status list position (when it has none) and signs its
// badge, without storing anything: an achievement is created with its badge in one write, so
// that whoever reads it, first or on a retry, gets the same signed bytes. ENOTFOUND when what
// it refers to is gone; EINVALID for a block without an awarding organisation.
func (s *Service) Prepare(ctx context.Context, a *graph.Achievement) (*graph.Achievement, error) {
	in, err := s.input(ctx, a)
	if err != nil {
		return nil, err
	}
	signed := *a
	if signed.StatusList == "" || signed.StatusIndex == 0 {
		if signed.StatusList, signed.StatusIndex, err = s.allocate(ctx); err != nil {
			return nil, err
		}
	}
	in.Achievement = &signed
	in.StatusListID, in.StatusIndex = signed.StatusList, signed.StatusIndex
	issued, err := s.issuer.Issue(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("sign badge: %w", err)
	}
	signed.BadgeJWT = issued.JWT
	return &signed, nil
}

// Sign signs the badge of a stored achievement that has none (one loaded by an import) and
// returns the stored achievement. When another request signed it first, the store refuses
// the second badge and Sign returns the first, so every caller sees one badge. ENOTFOUND when
// the achievement or what it refers to is gone.
func (s *Service) Sign(ctx context.Context, a *graph.Achievement) (*graph.Achievement, error) {
	signed, err := s.Prepare(ctx, a)
	if err != nil {
		return nil, err
	}
	n, err := s.store.Update(ctx, signed)
	if graph.ErrorCode(err) == graph.ECONFLICT {
		stored, gerr := s.store.Get(ctx, graph.KindAchievement, a.ID)
		if gerr == nil && stored.(*graph.Achievement).BadgeJWT != "" {
			return stored.(*graph.Achievement), nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("sign badge: %w", err)
	}
	return n.(*graph.Achievement), nil
}

// input gathers what a badge says: the learner, the credential or block, the awarding body,
// the certified competencies and their frameworks.
func (s *Service) input(ctx context.Context, a *graph.Achievement) (badges.IssueInput, error) {
	in := badges.IssueInput{Achievement: a}
	ln, err := s.store.Get(ctx, graph.KindLearner, a.LearnerID)
	if err != nil {
		return in, fmt.Errorf("badge learner: %w", err)
	}
	in.Learner = ln.(*graph.Learner)
	var orgID string
	var credIDs []string
	if a.CredentialID != "" {
		n, err := s.store.Get(ctx, graph.KindCredential, a.CredentialID)
		if err != nil {
			return in, fmt.Errorf("badge credential: %w", err)
		}
		in.Credential = n.(*graph.Credential)
		orgID, credIDs = in.Credential.OrganizationID, []string{a.CredentialID}
		if in.Prerequisites, err = s.titles(ctx, graph.RelPrerequisite, graph.Outgoing, a.CredentialID, graph.KindCredential); err != nil {
			return in, err
		}
		if in.StacksInto, err = s.titles(ctx, graph.RelComprises, graph.Incoming, a.CredentialID, graph.KindBlock); err != nil {
			return in, err
		}
	} else {
		blocks, creds, err := graph.BlockClosure(ctx, s.store, []string{a.BlockID})
		if err != nil {
			return in, err
		}
		b := blocks[a.BlockID]
		if b == nil {
			return in, graph.NotFound(graph.KindBlock, a.BlockID)
		}
		in.Block, orgID = b, b.OrganizationID
		for _, c := range b.Components {
			if cr := creds[c]; cr != nil {
				in.Components = append(in.Components, cr.Title)
			} else if nb := blocks[c]; nb != nil {
				in.Components = append(in.Components, nb.Title)
			}
		}
		for id, c := range creds {
			credIDs = append(credIDs, id)
			in.Outcomes = append(in.Outcomes, c.Outcomes...)
			if orgID == "" {
				orgID = c.OrganizationID
			}
		}
		sort.Strings(credIDs)
	}
	if orgID == "" {
		return in, graph.Invalid("blockId", "the block has no awarding organisation")
	}
	org, err := s.store.Get(ctx, graph.KindOrganization, orgID)
	if err != nil {
		return in, fmt.Errorf("badge issuer: %w", err)
	}
	in.Organization = org.(*graph.Organization)
	in.Competencies, err = s.certified(ctx, credIDs)
	return in, err
}

// titles returns the titles of the nodes at the other end of id's edges of type t.
func (s *Service) titles(ctx context.Context, t graph.RelType, dir graph.Direction, id string, k graph.Kind) ([]string, error) {
	m, err := s.store.Edges(ctx, t, dir, []string{id}, graph.EdgeFilter{})
	if err != nil {
		return nil, fmt.Errorf("badge %s: %w", t, err)
	}
	var ids []string
	for _, e := range m[id] {
		if dir == graph.Outgoing {
			ids = append(ids, e.To)
		} else {
			ids = append(ids, e.From)
		}
	}
	nodes, err := s.store.GetMany(ctx, k, ids)
	if err != nil {
		return nil, fmt.Errorf("badge %s: %w", t, err)
	}
	var out []string
	for _, id := range ids {
		if n := nodes[id]; n != nil {
			out = append(out, n.DisplayName())
		}
	}
	return out, nil
}

// certified returns the competencies the credentials certify, at their highest level, with
// their frameworks.
func (s *Service) certified(ctx context.Context, credIDs []string) ([]badges.CertifiedCompetency, error) {
	edges, err := s.store.Edges(ctx, graph.RelCertifies, graph.Outgoing, credIDs, graph.EdgeFilter{})
	if err != nil {
		return nil, fmt.Errorf("badge competencies: %w", err)
	}
	levels := map[string]int{}
	var ids []string
	for _, c := range credIDs {
		for _, e := range edges[c] {
			if _, seen := levels[e.To]; !seen {
				ids = append(ids, e.To)
			}
			levels[e.To] = max(levels[e.To], e.Level)
		}
	}
	comps, err := s.store.GetMany(ctx, graph.KindCompetency, ids)
	if err != nil {
		return nil, fmt.Errorf("badge competencies: %w", err)
	}
	var fwIDs []string
	for _, n := range comps {
		if fw := n.(*graph.Competency).FrameworkID; fw != "" {
			fwIDs = append(fwIDs, fw)
		}
	}
	fws, err := s.store.GetMany(ctx, graph.KindFramework, fwIDs)
	if err != nil {
		return nil, fmt.Errorf("badge frameworks: %w", err)
	}
	out := make([]badges.CertifiedCompetency, 0, len(ids))
	for _, id := range ids {
		c, ok := comps[id].(*graph.Competency)
		if !ok {
			continue
		}
		cc := badges.CertifiedCompetency{Competency: c, Level: levels[id]}
		if fw, ok := fws[c.FrameworkID].(*graph.Framework); ok {
			cc.Framework = fw
		}
		out = append(out, cc)
	}
	return out, nil
}

// SetStatus revokes, suspends or reinstates an achievement (status VALID, REVOKED or
// SUSPENDED) with a reason, and returns it. Its badge stays the same: status lists say the
// rest. EINVALID for another status, or to change a revoked one (revocation is final).
func (s *Service) SetStatus(ctx context.Context, id string, status graph.AchievementStatus, reason string) (*graph.Achievement, error) {
	n, err := s.store.Get(ctx, graph.KindAchievement, id)
	if err != nil {
		return nil, fmt.Errorf("set status: %w", err)
	}
	a := *n.(*graph.Achievement)
	switch {
	case status != graph.StatusValid && status != graph.StatusRevoked && status != graph.StatusSuspended:
		return nil, graph.Invalid("status", "must be VALID, REVOKED or SUSPENDED")
	case a.Status == graph.StatusRevoked && status != graph.StatusRevoked:
		return nil, graph.Invalid("id", "the achievement is revoked; revocation is final")
	}
	a.Status, a.StatusReason = status, reason
	if status == graph.StatusValid {
		a.StatusReason = ""
	}
	if a.BadgeJWT == "" {
		return s.Sign(ctx, &a)
	}
	u, err := s.store.Update(ctx, &a)
	if err != nil {
		return nil, fmt.Errorf("set status: %w", err)
	}
	return u.(*graph.Achievement), nil
}

// status is the verifier's status lookup: the bits of a status list position, from the store.
func (s *Service) status(ctx context.Context, listID string, index int) (revoked, suspended bool, err error) {
	set, err := s.listIndexes(ctx, listID)
	if err != nil {
		return false, false, err
	}
	st := set[index]
	return st == graph.StatusRevoked, st == graph.StatusSuspended, nil
}

// listIndexes maps the revoked and suspended positions of a list to their status.
func (s *Service) listIndexes(ctx context.Context, listID string) (map[int]graph.AchievementStatus, error) {
	all, err := allAchievements(ctx, s.store, graph.Filter{Statuses: []graph.AchievementStatus{graph.StatusRevoked, graph.StatusSuspended}})
	if err != nil {
		return nil, err
	}
	out := map[int]graph.AchievementStatus{}
	for _, a := range all {
		if a.StatusList == listID && a.StatusIndex > 0 {
			out[a.StatusIndex] = a.Status
		}
	}
	return out, nil
}

// StatusListJWT returns the signed status list credential of a list ("3" for revocation,
// "3-suspension" for suspension). ENOTFOUND for a list that does not exist.
func (s *Service) StatusListJWT(ctx context.Context, pathID string) (string, error) {
	listID, purpose := badges.SplitStatusListID(pathID)
	n, err := strconv.Atoi(listID)
	if err != nil || n < 1 || strconv.Itoa(n) != listID {
		return "", graph.Errorf(graph.ENOTFOUND, "status list %q not found", pathID)
	}
	set, err := s.listIndexes(ctx, listID)
	if err != nil {
		return "", err
	}
	want := graph.StatusRevoked
	if purpose == badges.PurposeSuspension {
		want = graph.StatusSuspended
	}
	var idx []int
	for i, st := range set {
		if st == want {
			idx = append(idx, i)
		}
	}
	sort.Ints(idx)
	list, err := badges.StatusListFromIndexes(ListSize, idx)
	if err != nil {
		return "", fmt.Errorf("status list: %w", err)
	}
	jwt, _, err := s.issuer.IssueStatusList(ctx, listID, purpose, list)
	if err != nil {
		return "", fmt.Errorf("status list: %w", err)
	}
	return jwt, nil
}

// SignMissing signs every achievement that has no badge yet (e.g. loaded by an import) and
// returns how many it signed.
func (s *Service) SignMissing(ctx context.Context) (int, error) {
	all, err := allAchievements(ctx, s.store, graph.Filter{})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range all {
		if a.BadgeJWT != "" {
			continue
		}
		if _, err := s.Sign(ctx, a); err != nil {
			return n, fmt.Errorf("sign %s: %w", a.ID, err)
		}
		n++
	}
	return n, nil
}

// StackBlocks issues the badge of every block the learner's valid credentials now complete and
// that the learner does not hold yet, each once (its id derives from the learner and the
// block), with the achievements it stacks as evidence. It returns the new block achievements.
func (s *Service) StackBlocks(ctx context.Context, learnerID string) ([]*graph.Achievement, error) {
	held, err := allAchievements(ctx, s.store, graph.Filter{LearnerIDs: []string{learnerID}})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	byCred := map[string]*graph.Achievement{}
	haveBlock := map[string]bool{}
	var credIDs []string
	for _, a := range held {
		if EffectiveStatus(a, now) != graph.StatusValid {
			continue
		}
		if a.CredentialID != "" && !a.Partial {
			if byCred[a.CredentialID] == nil {
				credIDs = append(credIDs, a.CredentialID)
			}
			byCred[a.CredentialID] = a
		} else if a.BlockID != "" {
			haveBlock[a.BlockID] = true
		}
	}
	if len(credIDs) == 0 {
		return nil, nil
	}
	sort.Strings(credIDs)
	roots, err := graph.BlocksAbove(ctx, s.store, credIDs)
	if err != nil {
		return nil, err
	}
	blocks, creds, err := graph.BlockClosure(ctx, s.store, roots)
	if err != nil {
		return nil, err
	}
	var issued []*graph.Achievement
	for _, blockID := range pathways.BlocksCompletedBy(pathways.Catalog{Credentials: creds, Blocks: blocks}, credIDs) {
		if haveBlock[blockID] {
			continue
		}
		// A random id (badge ids must not be guessable); the idempotency key makes the
		// store keep one block achievement however many requests stack it at once.
		a := &graph.Achievement{Meta: graph.Meta{ID: graph.NewID(graph.KindAchievement)}, LearnerID: learnerID,
			BlockID: blockID, IssuedAt: graph.Now(), Status: graph.StatusValid, IdempotencyKey: StackKeyPrefix + blockID}
		for _, c := range stackedCredentials(blocks, blockID) {
			if ach := byCred[c]; ach != nil {
				a.Evidence = append(a.Evidence, s.issuer.CredentialURL(ach.ID))
			}
		}
		signed, err := s.Prepare(ctx, a)
		if err != nil {
			return issued, fmt.Errorf("stack block %s: %w", blockID, err)
		}
		created, err := s.store.Create(ctx, signed)
		if graph.ErrorCode(err) == graph.ECONFLICT {
			continue // issued by a concurrent request; its position stays unused
		}
		if err != nil {
			return issued, fmt.Errorf("stack block %s: %w", blockID, err)
		}
		issued = append(issued, created.(*graph.Achievement))
	}
	return issued, nil
}

// StackKeyPrefix starts the idempotency key of every block achievement stacking issues; keys
// given by callers may not start with it.
const StackKeyPrefix = "stack/"

// stackedCredentials lists the credentials under a block, nested blocks included, in order.
func stackedCredentials(blocks map[string]*graph.Block, id string) []string {
	var out []string
	var walk func(string, int)
	walk = func(id string, depth int) {
		b := blocks[id]
		if b == nil || depth > 32 {
			return
		}
		for _, c := range b.Components {
			if blocks[c] != nil {
				walk(c, depth+1)
			} else {
				out = append(out, c)
			}
		}
	}
	walk(id, 0)
	return out
}
