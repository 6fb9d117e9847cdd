package pathways

import (
	"reflect"
	"slices"
	"testing"
)

// TestCredentialOrderGivenOrNot checks that a context's numbering is the same whether the
// context lists its credentials in order (as stores give it) or not, and that a list that is
// not the credentials in ascending order, each once, is not trusted.
func TestCredentialOrderGivenOrNot(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		pc, _ := randomInstance(seed, 12)
		pc.CredentialIDs = nil
		want := newCtxIndex(pc, new(scratch))
		ids := sortedKeys(pc.Credentials)
		for name, list := range map[string][]string{
			"in order":    ids,
			"reversed":    reversed(ids),
			"one missing": ids[1:],
			"a repeat":    append(slices.Clone(ids[:len(ids)-1]), ids[0]),
			"a stranger":  append(slices.Clone(ids[:len(ids)-1]), "zz-not-a-credential"),
		} {
			pc.CredentialIDs = list
			if got := newCtxIndex(pc, new(scratch)); !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d, credential ids %s: the numbering differs:\n got %v\nwant %v", seed, name, got.ids, want.ids)
			}
		}
	}
}

func reversed(ids []string) []string {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}
