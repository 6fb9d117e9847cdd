package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

const (
	sequenceCallers = 8
	sequenceEach    = 25
	idempotentRaces = 16
)

var sequenceTests = []test{
	{"counts from one, per name", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		for want := int64(1); want <= 3; want++ {
			got, err := s.NextSequence(ctx, "a", 0)
			must(t, err)
			if got != want {
				t.Fatalf("NextSequence(a) = %d, want %d", got, want)
			}
		}
		got, err := s.NextSequence(ctx, "b", 0)
		must(t, err)
		if got != 1 {
			t.Fatalf("NextSequence(b) = %d, want 1: sequences are independent", got)
		}
	}},
	{"a floor raises the sequence, never lowers it", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		got, err := s.NextSequence(ctx, "a", 41)
		must(t, err)
		if got != 42 {
			t.Fatalf("NextSequence(a, floor 41) = %d, want 42", got)
		}
		got, err = s.NextSequence(ctx, "a", 10)
		must(t, err)
		if got != 43 {
			t.Fatalf("NextSequence(a, floor 10) = %d, want 43", got)
		}
	}},
	{"an empty name is invalid", func(t *testing.T, s graph.Store) {
		_, err := s.NextSequence(t.Context(), "", 0)
		wantErr(t, err, graph.EINVALID, "name")
	}},
	{"concurrent callers get distinct values", func(t *testing.T, s graph.Store) {
		got := make([][]int64, sequenceCallers)
		errs := concurrently(sequenceCallers, func(w int) error {
			for range sequenceEach {
				v, err := s.NextSequence(t.Context(), graph.StatusSequence, 0)
				if err != nil {
					return err
				}
				got[w] = append(got[w], v)
			}
			return nil
		})
		for _, err := range errs {
			must(t, err)
		}
		all := slices.Concat(got...)
		slices.Sort(all)
		for i, v := range all {
			if v != int64(i+1) {
				t.Fatalf("values %v: want exactly 1..%d, each once", all, sequenceCallers*sequenceEach)
			}
		}
	}},
}

// issuedFixture is a learner with one issued achievement (a signed badge at a status position).
func issuedFixture(t *testing.T, s graph.Store) *graph.Achievement {
	f := newFixture(t, s)
	f.org("org-1", "Open Academy")
	f.cred("cred-1", "Data analysis", "org-1")
	f.learner("learner-1", "Ana Lima")
	f.learner("learner-2", "Marc Roux")
	a := newAchievement("ach-1", "learner-1", "cred-1", graph.StatusValid)
	a.IdempotencyKey, a.StatusList, a.StatusIndex, a.BadgeJWT = "key-1", "1", 7, "eyJhbGciOiJFZERTQSJ9.e30.c2ln"
	return create(f, a)
}

var issuedTests = []test{
	{"a second achievement with a learner's idempotency key conflicts", func(t *testing.T, s graph.Store) {
		issuedFixture(t, s)
		dup := newAchievement("ach-2", "learner-1", "cred-1", graph.StatusValid)
		dup.IdempotencyKey = "key-1"
		failsCleanly(t, s, graph.ECONFLICT, "idempotencyKey", func() error { _, err := s.Create(t.Context(), dup); return err })
		other := newAchievement("ach-3", "learner-1", "cred-1", graph.StatusValid)
		other.IdempotencyKey = "key-2"
		_, err := s.Create(t.Context(), other)
		must(t, err)
	}},
	{"concurrent creates with one idempotency key make one achievement", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.cred("cred-1", "Data analysis", "org-1")
		f.learner("learner-1", "Ana Lima")
		errs := concurrently(idempotentRaces, func(i int) error {
			a := newAchievement(fmt.Sprintf("ach-%02d", i), "learner-1", "cred-1", graph.StatusValid)
			a.IdempotencyKey = "same"
			_, err := s.Create(t.Context(), a)
			return err
		})
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if graph.ErrorCode(err) != graph.ECONFLICT || graph.ErrorField(err) != "idempotencyKey" {
				t.Fatalf("a losing create failed with %v, want ECONFLICT (idempotencyKey)", err)
			}
		}
		if n := len(listAll(t, s, graph.KindAchievement)); ok != 1 || n != 1 {
			t.Fatalf("%d creates succeeded and %d achievements are stored, want 1 and 1", ok, n)
		}
	}},
	{"an issued badge cannot be changed", func(t *testing.T, s graph.Store) {
		a := issuedFixture(t, s)
		for _, tc := range []struct {
			field  string
			change func(*graph.Achievement)
		}{
			{"statusIndex", func(a *graph.Achievement) { a.StatusIndex = 8 }},
			{"statusList", func(a *graph.Achievement) { a.StatusList = "2" }},
			{"badgeJwt", func(a *graph.Achievement) { a.BadgeJWT = "" }},
			{"learnerId", func(a *graph.Achievement) { a.LearnerID = "learner-2" }},
		} {
			c := clone(a)
			tc.change(c)
			failsCleanly(t, s, graph.ECONFLICT, tc.field, func() error { _, err := s.Update(t.Context(), c); return err })
		}
		c := clone(a)
		c.Status, c.StatusReason = graph.StatusSuspended, "under review"
		_, err := s.Update(t.Context(), c)
		must(t, err) // its status may change: status lists say the rest
	}},
	{"revocation is final", func(t *testing.T, s graph.Store) {
		a := issuedFixture(t, s)
		a.Status = graph.StatusRevoked
		_, err := s.Update(t.Context(), a)
		must(t, err)
		a.Status = graph.StatusValid
		failsCleanly(t, s, graph.ECONFLICT, "status", func() error { _, err := s.Update(t.Context(), a); return err })
	}},
	{"an issued achievement cannot be deleted", func(t *testing.T, s graph.Store) {
		issuedFixture(t, s)
		failsCleanly(t, s, graph.ECONFLICT, "", func() error { return s.Delete(t.Context(), graph.KindAchievement, "ach-1") })
		f := newFixture(t, s)
		f.achievement("ach-draft", "learner-1", "cred-1", graph.StatusValid)
		must(t, s.Delete(t.Context(), graph.KindAchievement, "ach-draft"))
	}},
}

var issuedBulkTests = []test{
	{"an import keeps an issued badge", func(t *testing.T, s graph.Store) {
		a := issuedFixture(t, s)
		imported := clone(a)
		imported.BadgeJWT, imported.StatusList, imported.StatusIndex = "", "", 0
		imported.CreatedAt, imported.UpdatedAt = time.Time{}, time.Time{}
		res, err := s.BulkUpsert(t.Context(), graph.Batch{Nodes: []graph.Node{imported}})
		must(t, err)
		if res.NodesUnchanged != 1 {
			t.Fatalf("re-importing an issued achievement: %+v, want it unchanged", res)
		}
		got := newFixture(t, s).get(graph.KindAchievement, a.ID).(*graph.Achievement)
		if got.BadgeJWT != a.BadgeJWT || got.StatusList != a.StatusList || got.StatusIndex != a.StatusIndex {
			t.Fatalf("the import changed the badge: %+v", got)
		}
	}},
	{"an import cannot move or reinstate an issued badge", func(t *testing.T, s graph.Store) {
		a := issuedFixture(t, s)
		moved := clone(a)
		moved.StatusIndex = 9
		failsCleanly(t, s, graph.ECONFLICT, "nodes[0].statusIndex", func() error {
			_, err := s.BulkUpsert(t.Context(), graph.Batch{Nodes: []graph.Node{moved}})
			return err
		})
		a.Status = graph.StatusRevoked
		_, err := s.Update(t.Context(), a)
		must(t, err)
		reinstated := clone(a)
		reinstated.Status, reinstated.BadgeJWT, reinstated.StatusList, reinstated.StatusIndex = graph.StatusValid, "", "", 0
		failsCleanly(t, s, graph.ECONFLICT, "nodes[0].status", func() error {
			_, err := s.BulkUpsert(t.Context(), graph.Batch{Nodes: []graph.Node{reinstated}})
			return err
		})
	}},
}
