package pathways

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// The acceptor reads codes where it can and the credential where it cannot; either way it
// accepts what modalityOK and languageOK accept.
func TestAcceptorAgreesWithCredentials(t *testing.T) {
	modalities := []graph.Modality{"", graph.ModalityOnSite, graph.ModalityRemote, graph.ModalityBlended, "HYBRID"}
	languages := []string{"", "fr", "FR", "Fr", "en", "de", "French", "f", "e1", "@r", "ſv", "sv", "\u212Ar", "kr"}
	optModes := [][]graph.Modality{nil, {graph.ModalityRemote}, {graph.ModalityOnSite, graph.ModalityBlended}}
	optLangs := [][]string{nil, {"fr"}, {"FR", "en"}, {"sv"}, {"French"}, {"kr"}, {"ſv"}}
	for _, om := range optModes {
		for _, ol := range optLangs {
			opts := Options{Modalities: om, Languages: ol}
			accepts := acceptor(opts)
			for _, m := range modalities {
				for _, l := range languages {
					c := &graph.Credential{Modality: m, Language: l}
					want := modalityOK(c, om) && languageOK(c, ol)
					if got := accepts(c, graph.FiguresOf(c)); got != want {
						t.Errorf("modalities %v languages %q: credential %q %q accepted %v, want %v", om, ol, m, l, got, want)
					}
				}
			}
		}
	}
}

// greedyByScan is the greedy cover as first written: every candidate scanned each round.
func greedyByScan(p *problem) []int {
	b := newBuilderState(p)
	targetOf := make([]int, len(p.comps))
	for k := range targetOf {
		targetOf[k] = -1
	}
	for t := range p.targets {
		targetOf[p.targets[t].comp] = t
	}
	for _, essential := range []bool{true, false} {
		for {
			if !essential && b.optionalCovered() >= p.threshold-eps {
				break
			}
			best, bestRatio := -1, math.Inf(1)
			for c := range p.cands {
				if b.in[c] {
					continue
				}
				var gain float64
				for _, ct := range p.cands[c].certs {
					if t := targetOf[ct.comp]; t >= 0 {
						tg := &p.targets[t]
						if tg.req.essential == essential && !b.covered(t) && ct.level >= tg.req.level {
							gain++
						}
					}
				}
				if gain == 0 {
					continue
				}
				if ratio := b.closureCost(c) / gain; ratio < bestRatio-eps {
					best, bestRatio = c, ratio
				}
			}
			if best < 0 {
				break
			}
			b.add(best)
		}
	}
	b.provide()
	return b.set()
}

// The greedy cover visits only the coverers of open targets, and picks what a scan of every
// candidate picks, ties included.
func TestGreedyCoverPicksAsAFullScan(t *testing.T) {
	differ := 0
	for seed := range uint64(2000) {
		pc, opts := randomInstance(seed, 14)
		for _, dominance := range []bool{false, true} {
			p, err := newProblem(pc, opts, dominance)
			if err != nil {
				t.Fatal(err)
			}
			got, want := p.greedyCover(), greedyByScan(p)
			if !slices.Equal(got, want) {
				differ++
				t.Errorf("seed %d (dominance %v): greedy %v, a full scan %v", seed, dominance, got, want)
			}
		}
	}
	if differ > 0 {
		t.Fatalf("%d instances differ", differ)
	}
}

// byCompMax leaves each list sorted by competency with the highest level of each, as a sort
// and a filter would, over short lists and lists long enough to be sorted otherwise.
func TestByCompMaxKeepsTheHighestLevelOfEach(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for round := range 200 {
		n := 1 + rng.IntN(40)
		var owners []int32
		var items []lvl
		for i := range n {
			for range rng.IntN(1 + 3*(i%4)*(1+round%7)) {
				owners = append(owners, int32(i))
				items = append(items, lvl{rng.IntN(12), 1 + rng.IntN(5)})
			}
		}
		f := flatOf(nil, nil, n, owners, items)
		want := make([][]lvl, n)
		for i := range n {
			best := map[int]int{}
			for _, x := range f.at(i) {
				best[x.comp] = max(best[x.comp], x.level)
			}
			for _, c := range slices.Sorted(maps.Keys(best)) {
				want[i] = append(want[i], lvl{c, best[c]})
			}
		}
		byCompMax(&f)
		for i := range n {
			if got := f.at(i); !slices.Equal(got, want[i]) && len(got)+len(want[i]) > 0 {
				t.Fatalf("round %d list %d: %v, want %v", round, i, got, want[i])
			}
		}
	}
}

// What Recommend and the baselines return holds none of the arrays their problems borrowed:
// it is the same as without pooling, and later calls, which borrow the same arrays again,
// leave it as it was.
func TestResultsOutliveTheirScratch(t *testing.T) {
	results := func(seed uint64) []any {
		pc, opts := randomInstance(seed, 14)
		res, err := Recommend(context.Background(), pc, opts)
		if err != nil {
			t.Fatal(err)
		}
		g, err := GreedyBaseline(pc, opts)
		if err != nil {
			t.Fatal(err)
		}
		nv, err := NaiveBaseline(pc, opts)
		if err != nil {
			t.Fatal(err)
		}
		res.Elapsed = 0 // the one figure that may differ
		return []any{res, g, nv}
	}
	const n = 400
	unpooled := make([][]byte, 0, 3*n)
	scratchPooling = false
	for seed := range uint64(n) {
		for _, v := range results(seed) {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			unpooled = append(unpooled, b)
		}
	}
	scratchPooling = true
	var pooled []any
	for seed := range uint64(n) {
		pooled = append(pooled, results(seed)...)
	}
	for i, v := range pooled {
		if b, _ := json.Marshal(v); !bytes.Equal(b, unpooled[i]) {
			t.Fatalf("seed %d: with pooling, once later calls ran:\n%s\nwithout:\n%s", i/3, b, unpooled[i])
		}
	}
}
