package escobench

import (
	"context"
	"testing"

	"github.com/skillgraph/skillgraph/pathways"
)

// Under every objective, every instance gets a plan: when the search runs out of time before
// a complete plan (many free credentials defeat the cost bound), the engine still answers.
func TestEveryObjectiveGivesAPlan(t *testing.T) {
	f := embeddedFixture(t)
	ctx := context.Background()
	for _, obj := range []pathways.Objective{pathways.ObjectiveCost, pathways.ObjectiveCount} {
		empty := 0
		for _, in := range f.instances {
			pc, err := f.store.PathwayContext(ctx, in.learner, in.role)
			if err != nil {
				t.Fatal(err)
			}
			res, err := pathways.Recommend(ctx, pc, pathways.Options{Objective: obj})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Pathways) == 0 {
				empty++
				t.Errorf("%s: %v gets no plan", obj, in)
			}
		}
		t.Logf("%s: %d of %d instances without a plan", obj, empty, len(f.instances))
	}
}
