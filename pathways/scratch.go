package pathways

import (
	"sync"

	"github.com/skillgraph/skillgraph/graph"
)

// scratch lends the arrays a problem is built from, and takes them back once the problem is
// done with. A recommendation over a large catalogue fills tens of megabytes of them; made
// anew each time, they had the collector mark the store's whole heap every few dozen
// requests, which cost the largest requests about a fifth of their time. One made with
// new and never released lends its arrays for good.
type scratch struct {
	bools          slab[bool]
	ints           slab[int]
	int32s         slab[int32]
	int8s          slab[int8]
	lvls           slab[lvl]
	certBys        slab[certBy]
	uint64s        slab[uint64]
	floats         slab[float64]
	cands          slab[cand] // these hold pointers: cleared when given back
	strings        slab[string]
	creds          slab[*graph.Credential]
	components     slab[component]
	componentLists slab[[]component]
	rules          slab[graph.Rule]
	blocks         slab[*graph.Block]
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// scratchPooling off makes release leave a scratch as it is, out of the pool: tests compare
// results with and without pooling.
var scratchPooling = true

// getScratch lends a scratch from the pool.
func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// release gives the scratch back, with every array lent from it: none may be used after.
func (sc *scratch) release() {
	if sc == nil || !scratchPooling {
		return
	}
	sc.bools.reset(false)
	sc.ints.reset(false)
	sc.int32s.reset(false)
	sc.int8s.reset(false)
	sc.lvls.reset(false)
	sc.certBys.reset(false)
	sc.uint64s.reset(false)
	sc.floats.reset(false)
	// What points elsewhere is cleared, so that a pooled scratch keeps nothing alive.
	sc.cands.reset(true)
	sc.strings.reset(true)
	sc.creds.reset(true)
	sc.components.reset(true)
	sc.componentLists.reset(true)
	sc.rules.reset(true)
	sc.blocks.reset(true)
	scratchPool.Put(sc)
}

// slab lends zeroed slices of T from one array, growing it (to a new array) when a request
// outgrows it; once reset, the largest array is lent again from its start.
type slab[T any] struct {
	buf     []T
	cleared bool // the unused part is known to be zero: reset cleared it
}

// take lends a zeroed slice of length n, whose capacity is n: appending to it copies it
// elsewhere and never runs into the next one lent. A nil slab makes one.
func (s *slab[T]) take(n int) []T {
	if s == nil {
		return make([]T, n)
	}
	if len(s.buf)+n > cap(s.buf) {
		s.buf, s.cleared = make([]T, 0, max(n, 2*cap(s.buf))), true
	}
	from := len(s.buf)
	s.buf = s.buf[:from+n]
	out := s.buf[from : from+n : from+n]
	if !s.cleared {
		clear(out)
	}
	return out
}

// room lends an empty slice with capacity n, for appending up to n items.
func (s *slab[T]) room(n int) []T { return s.take(n)[:0] }

// reset makes the whole array lendable again; clearing it keeps nothing it points to alive
// and lets take skip zeroing.
func (s *slab[T]) reset(clearIt bool) {
	if clearIt {
		clear(s.buf)
	}
	s.buf, s.cleared = s.buf[:0], clearIt
}
