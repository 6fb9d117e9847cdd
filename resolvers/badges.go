package resolvers

import (
	"context"
	"fmt"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// signed returns the achievement with its badge, signing it first when it has none (an
// achievement loaded by an import).
func (r *Resolver) signed(ctx context.Context, a *graph.Achievement) (*graph.Achievement, error) {
	if a.BadgeJWT != "" {
		return a, nil
	}
	if r.Badges == nil {
		return nil, graph.Internal(fmt.Errorf("badges are not configured"))
	}
	return r.Badges.Sign(ctx, a)
}

// setStatus revokes, suspends or reinstates an achievement.
func (r *Resolver) setStatus(ctx context.Context, id string, status graph.AchievementStatus, reason string) (*graph.Achievement, error) {
	key, err := keyOf("id", id, graph.KindAchievement)
	if err != nil {
		return nil, err
	}
	if r.Badges == nil {
		return nil, graph.Internal(fmt.Errorf("badges are not configured"))
	}
	if status != graph.StatusValid && len(reason) > graph.MaxNameLen {
		return nil, graph.Invalid("reason", "at most %d characters", graph.MaxNameLen)
	}
	n, err := r.guard.existing(ctx, graph.KindAchievement, key)
	if err != nil {
		return nil, fmt.Errorf("set status: %w", err)
	}
	if err := r.authorize(ctx, access.Revoke, n); err != nil {
		return nil, err
	}
	a, err := r.Badges.SetStatus(ctx, key, status, reason)
	if err != nil {
		return nil, fmt.Errorf("set status: %w", err)
	}
	r.changed()
	return a, nil
}

// setVisibility lets a learner choose who may fetch one of their badges at its public URL.
// FORBIDDEN (or UNAUTHENTICATED) for anyone else, whether or not the achievement exists.
func (r *Resolver) setVisibility(ctx context.Context, id string, v graph.BadgeVisibility) (*graph.Achievement, error) {
	key, err := keyOf("id", id, graph.KindAchievement)
	if err != nil {
		return nil, err
	}
	a, err := r.guard.share(ctx, key, v)
	if err != nil {
		return nil, fmt.Errorf("set visibility: %w", err)
	}
	r.changed()
	return a, nil
}

// afterIssue signs a new achievement's badge and issues the badges of the blocks it completes.
func (r *Resolver) afterIssue(ctx context.Context, a *graph.Achievement) (*graph.Achievement, error) {
	if r.Badges == nil {
		return a, nil
	}
	a, err := r.signed(ctx, a)
	if err != nil {
		return nil, err
	}
	if a.CredentialID != "" && !a.Partial {
		if _, err := r.Badges.StackBlocks(ctx, a.LearnerID); err != nil {
			return nil, fmt.Errorf("stack blocks: %w", err)
		}
	}
	return a, nil
}

func (r *Resolver) verifyBadge(ctx context.Context, jwt string) (*model.BadgeVerification, error) {
	if r.Badges == nil {
		return nil, graph.Internal(fmt.Errorf("badges are not configured"))
	}
	if len(jwt) > 1<<20 {
		return nil, graph.Invalid("jwt", "is longer than 1 MB")
	}
	v := r.Badges.Verify(ctx, jwt)
	out := &model.BadgeVerification{Valid: v.Valid, Checks: make([]*badges.Check, len(v.Checks)), Credential: v.Credential}
	for i := range v.Checks {
		out.Checks[i] = &v.Checks[i]
	}
	if v.KeyID != "" {
		out.KeyID = &v.KeyID
	}
	if v.Algorithm != "" {
		alg := string(v.Algorithm)
		out.Algorithm = &alg
	}
	return out, nil
}

func (r *Resolver) rotateKey(ctx context.Context, alg *badges.Algorithm) (*badges.KeyInfo, error) {
	if err := r.authorize(ctx, access.Admin, nil); err != nil {
		return nil, err
	}
	if r.Badges == nil {
		return nil, graph.Internal(fmt.Errorf("badges are not configured"))
	}
	a := badges.EdDSA
	if alg != nil {
		a = *alg
	}
	keys := r.Badges.Issuer().Keys()
	kid, err := keys.RotateContext(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("rotate signing key: %w", err)
	}
	for _, k := range keys.Keys() {
		if k.KeyID == kid {
			return &k, nil
		}
	}
	return nil, graph.Internal(fmt.Errorf("rotated key %s not listed", kid))
}

func (r *Resolver) signingKeys(ctx context.Context) ([]*badges.KeyInfo, error) {
	if r.Badges == nil {
		return nil, nil
	}
	if err := r.Badges.Issuer().Keys().Refresh(ctx); err != nil {
		return nil, err
	}
	keys := r.Badges.Issuer().Keys().Keys()
	out := make([]*badges.KeyInfo, len(keys))
	for i := range keys {
		out[i] = &keys[i]
	}
	return out, nil
}
