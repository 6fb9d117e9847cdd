package pathways

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// TestProblemBlocksAgreeWithCatalogue checks a problem's block index, built by number over
// the problem's credentials and cut down to the blocks a plan can change, against the index of
// the whole catalogue: for random plans, every block it keeps completes exactly when the
// catalogue's does, every block it leaves out completes or not whatever the plan, and the
// candidates it tracks in blocks are those some kept block names. Random instances get extra
// blocks: nested ones, a cycle, and components that name nothing the problem numbers.
func TestProblemBlocksAgreeWithCatalogue(t *testing.T) {
	checked := 0
	for seed := uint64(1); seed <= 400; seed++ {
		pc, opts := randomInstance(seed, 12)
		r := rand.New(rand.NewPCG(seed, 0xb10c))
		creds := sortedKeys(pc.Credentials)
		pick := func() string { return creds[r.IntN(len(creds))] }
		add := func(id string, comps ...string) {
			pc.Blocks[id] = &graph.Block{Meta: graph.Meta{ID: id}, Rule: graph.Rule{Kind: graph.RuleAtLeast, Count: 1 + r.IntN(2)}, Components: comps}
		}
		add("x-outer", "x-inner", pick())
		add("x-inner", pick(), "ghost-credential")
		if r.IntN(2) == 0 {
			add("x-loop-a", "x-loop-b", pick())
			add("x-loop-b", "x-loop-a")
		}
		add("x-untouched", "ghost-credential")
		p, err := newProblem(pc, opts, r.IntN(2) == 0)
		if err != nil {
			t.Fatal(err)
		}
		whole := newBlockIndex(Catalog{Credentials: pc.Credentials, Blocks: pc.Blocks})
		named := map[string]bool{}
		for _, id := range p.blocks.ids {
			for _, c := range pc.Blocks[id].Components {
				named[c] = true
			}
		}
		for c := range p.cands {
			if got, want := p.blkPos[c] >= 0, named[p.cands[c].id]; got != want {
				t.Fatalf("seed %d: candidate %s tracked in blocks %v, named by a kept block %v", seed, p.cands[c].id, got, want)
			}
		}
		before := whole.eval(whole.stateFrom(p.held, p.inProgress), nil)
		for range 20 {
			var plan []string
			for _, c := range p.cands {
				if r.IntN(2) == 0 {
					plan = append(plan, c.id)
				}
			}
			all := whole.eval(whole.stateFrom(p.held, p.inProgress, plan), nil)
			kept := p.blocks.eval(p.blocks.stateFrom(p.held, p.inProgress, plan), nil)
			for _, id := range whole.ids {
				i, _ := whole.pos(id)
				if k, ok := p.blocks.pos(id); ok {
					if kept[k] != all[i] {
						t.Fatalf("seed %d, plan %v: block %s complete %v in the problem, %v in the catalogue", seed, plan, id, kept[k], all[i])
					}
					checked++
				} else if all[i] != before[i] {
					t.Fatalf("seed %d, plan %v: block %s, left out, changes with the plan", seed, plan, id)
				}
			}
		}
		if slices.Contains(p.blocks.ids, "x-outer") && !slices.Contains(p.blocks.ids, "x-inner") {
			t.Fatalf("seed %d: x-outer kept without the block nested in it", seed)
		}
	}
	if checked == 0 {
		t.Fatal("no kept block compared")
	}
}
