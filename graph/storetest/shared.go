package storetest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

const keySetSavers = 8

var keySetTests = []test{
	{"none saved is not found", func(t *testing.T, s graph.Store) {
		_, err := s.KeySet(t.Context())
		wantErr(t, err, graph.ENOTFOUND, "")
	}},
	{"a save is read back with a new version each time", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		first, err := s.SaveKeySet(ctx, []byte("one"), "")
		must(t, err)
		if first.Version == "" || string(first.Data) != "one" {
			t.Fatalf("saved %+v", first)
		}
		got, err := s.KeySet(ctx)
		must(t, err)
		if got.Version != first.Version || !bytes.Equal(got.Data, first.Data) || !got.UpdatedAt.Equal(first.UpdatedAt) {
			t.Fatalf("read %+v, saved %+v", got, first)
		}
		second, err := s.SaveKeySet(ctx, []byte("two"), first.Version)
		must(t, err)
		if second.Version == first.Version {
			t.Fatal("a second save kept the version")
		}
		got, err = s.KeySet(ctx)
		must(t, err)
		if got.Version != second.Version || string(got.Data) != "two" {
			t.Fatalf("read %+v after the second save", got)
		}
	}},
	{"a save from a stale version is a conflict and changes nothing", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		first, err := s.SaveKeySet(ctx, []byte("one"), "")
		must(t, err)
		_, err = s.SaveKeySet(ctx, []byte("other"), "")
		wantErr(t, err, graph.ECONFLICT, "version")
		_, err = s.SaveKeySet(ctx, []byte("other"), "not-a-version")
		wantErr(t, err, graph.ECONFLICT, "version")
		got, err := s.KeySet(ctx)
		must(t, err)
		if got.Version != first.Version || string(got.Data) != "one" {
			t.Fatalf("read %+v after refused saves", got)
		}
	}},
	{"empty or oversized data is invalid", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		_, err := s.SaveKeySet(ctx, nil, "")
		wantErr(t, err, graph.EINVALID, "data")
		_, err = s.SaveKeySet(ctx, []byte(strings.Repeat("x", graph.MaxKeySetSize+1)), "")
		wantErr(t, err, graph.EINVALID, "data")
		_, err = s.KeySet(ctx)
		wantErr(t, err, graph.ENOTFOUND, "")
	}},
	{"of concurrent saves from one version exactly one wins", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		base, err := s.SaveKeySet(ctx, []byte("base"), "")
		must(t, err)
		wins := make([]bool, keySetSavers)
		errs := concurrently(keySetSavers, func(i int) error {
			_, err := s.SaveKeySet(ctx, []byte{byte('a' + i)}, base.Version)
			if err == nil {
				wins[i] = true
				return nil
			}
			if graph.ErrorCode(err) != graph.ECONFLICT {
				return err
			}
			return nil
		})
		won := -1
		for i, err := range errs {
			must(t, err)
			if wins[i] {
				if won >= 0 {
					t.Fatalf("savers %d and %d both won", won, i)
				}
				won = i
			}
		}
		if won < 0 {
			t.Fatal("no saver won")
		}
		got, err := s.KeySet(ctx)
		must(t, err)
		if string(got.Data) != string([]byte{byte('a' + won)}) {
			t.Fatalf("stored %q, the winner saved %q", got.Data, []byte{byte('a' + won)})
		}
	}},
}

var versionsTests = []test{
	{"a catalogue write changes the catalogue's version", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		before, err := s.Versions(ctx)
		must(t, err)
		newFixture(t, s).org("org-1", "Open Academy")
		after, err := s.Versions(ctx)
		must(t, err)
		if after.Catalogue == before.Catalogue {
			t.Fatalf("catalogue version %q unchanged by a new organisation", after.Catalogue)
		}
	}},
	{"a personal write changes personal data's version", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		f := newFixture(t, s)
		f.comp("comp-1", "Data analysis")
		v0, err := s.Versions(ctx)
		must(t, err)
		create(f, newLearner("learner-1", "Léa"))
		v1, err := s.Versions(ctx)
		must(t, err)
		if v1.Personal == v0.Personal {
			t.Fatal("personal version unchanged by a new learner")
		}
		must(t, s.Link(ctx, leveled(graph.RelHas, "learner-1", "comp-1", 3)))
		v2, err := s.Versions(ctx)
		must(t, err)
		if v2.Personal == v1.Personal {
			t.Fatal("personal version unchanged by a new holding")
		}
		must(t, s.Unlink(ctx, graph.RelHas, "learner-1", "comp-1"))
		v3, err := s.Versions(ctx)
		must(t, err)
		if v3.Personal == v2.Personal {
			t.Fatal("personal version unchanged by a removed holding")
		}
		_, err = s.BulkUpsert(ctx, graph.Batch{Edges: []graph.Edge{leveled(graph.RelHas, "learner-1", "comp-1", 2)}})
		must(t, err)
		v4, err := s.Versions(ctx)
		must(t, err)
		if v4.Personal == v3.Personal {
			t.Fatal("personal version unchanged by an imported holding")
		}
	}},
	{"reads change no version", func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		f := newFixture(t, s)
		f.comp("comp-1", "Data analysis")
		create(f, newLearner("learner-1", "Léa"))
		before, err := s.Versions(ctx)
		must(t, err)
		_, err = s.Get(ctx, graph.KindLearner, "learner-1")
		must(t, err)
		_, err = s.List(ctx, graph.KindCompetency, graph.ListOptions{})
		must(t, err)
		after, err := s.Versions(ctx)
		must(t, err)
		if after != before {
			t.Fatalf("versions %+v after reads, %+v before", after, before)
		}
	}},
}
