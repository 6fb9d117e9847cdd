package pathways

import (
	"math"
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
