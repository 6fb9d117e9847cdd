package graph

// An issued badge is a promise to everyone who holds a copy of it: its status list position
// tells verifiers whether it still stands. The rules below keep that promise in every store:
// once an achievement has a position or a signed badge, nothing can free, move or re-sign it,
// revocation cannot be undone, and the achievement cannot be deleted (a deleted achievement
// would clear its revocation bit, and a copy of its badge would verify again).

// StatusSequence is the named store sequence status list positions are drawn from
// (Store.NextSequence), so that processes sharing a store never hand out one bit twice.
const StatusSequence = "badge-status-position"

// Issued reports whether an achievement's badge has been signed or given a status position.
func (a *Achievement) Issued() bool { return a.BadgeJWT != "" || a.StatusIndex > 0 }

// CheckAchievementUpdate checks that replacing old with n keeps an issued badge as issued:
// ECONFLICT naming the field when n would change its badge, its status list position, its
// learner, subject or idempotency key, or reinstate a revoked achievement.
func CheckAchievementUpdate(old, n *Achievement) error {
	if old.Status == StatusRevoked && n.Status != StatusRevoked {
		return &Error{Code: ECONFLICT, Field: "status", Message: "the achievement is revoked; revocation is final"}
	}
	if !old.Issued() {
		return nil
	}
	for _, f := range []struct {
		field      string
		was, would string
	}{
		{"badgeJwt", old.BadgeJWT, n.BadgeJWT},
		{"statusList", old.StatusList, n.StatusList},
		{"learnerId", old.LearnerID, n.LearnerID},
		{"credentialId", old.CredentialID, n.CredentialID},
		{"blockId", old.BlockID, n.BlockID},
		{"idempotencyKey", old.IdempotencyKey, n.IdempotencyKey},
	} {
		// A position allocated before signing may be completed by the badge, once.
		if f.field == "badgeJwt" && f.was == "" {
			continue
		}
		if f.was != f.would {
			return &Error{Code: ECONFLICT, Field: f.field, Message: "an issued badge cannot be changed"}
		}
	}
	if old.StatusIndex != n.StatusIndex {
		return &Error{Code: ECONFLICT, Field: "statusIndex", Message: "an issued badge cannot be changed"}
	}
	return nil
}

// KeepBadge is for imports (BulkUpsert) replacing a stored achievement with n: an import
// does not know the badge, so n keeps the stored badge and status position when it names
// none; then CheckAchievementUpdate applies. It changes n.
func KeepBadge(stored, n *Achievement) error {
	if stored.Issued() && n.BadgeJWT == "" && n.StatusList == "" && n.StatusIndex == 0 {
		n.BadgeJWT, n.StatusList, n.StatusIndex = stored.BadgeJWT, stored.StatusList, stored.StatusIndex
	}
	return CheckAchievementUpdate(stored, n)
}

// CheckAchievementDelete refuses to delete an issued achievement (ECONFLICT): its status list
// position must outlive it, so that a revoked badge stays revoked. Revoke it instead.
func CheckAchievementDelete(a *Achievement) error {
	if a.Issued() {
		return Errorf(ECONFLICT, "an issued badge cannot be deleted; revoke it instead")
	}
	return nil
}

// DuplicateIdempotencyKey is the ECONFLICT a store answers when a learner already has an
// achievement with the idempotency key of one being created.
func DuplicateIdempotencyKey() error {
	return &Error{Code: ECONFLICT, Field: "idempotencyKey", Message: "the learner already has an achievement with this idempotency key"}
}
