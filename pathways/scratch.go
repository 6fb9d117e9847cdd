package pathways

import (
	"sync"

	"github.com/skillgraph/skillgraph/graph"
)

// scratch lends the arrays a problem is built from, and takes them back once the problem is
// done with. A recommendation over a large catalogue fills tens of megabytes of them; made
// anew each time, they had the collector mark the store's whole heap every few dozen
// requests, which cost the largest requests about a quarter of their time. A nil scratch
// lends nothing: every array is made.
type scratch struct {
	boolSlab    slab[bool]
	intSlab     slab[int]
	int32Slab   slab[int32]
	lvlSlab     slab[lvl]
	certBySlab  slab[certBy]
	uint64Slab  slab[uint64]
	floatSlab   slab[float64]
	candSlab    slab[cand]   // holds pointers: cleared when given back
	stringSlab  slab[string] // holds pointers: cleared when given back
	credSlab    slab[*graph.Credential]
	compSlab    slab[component]
	compsSlab   slab[[]component]
	ruleSlab    slab[graph.Rule]
	int8Slab    slab[int8]
	blockSlab   slab[*graph.Block]
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
	sc.boolSlab.reset(false)
	sc.intSlab.reset(false)
	sc.int32Slab.reset(false)
	sc.lvlSlab.reset(false)
	sc.certBySlab.reset(false)
	sc.uint64Slab.reset(false)
	sc.floatSlab.reset(false)
	sc.int8Slab.reset(false)
	// What points elsewhere is cleared, so that a pooled scratch keeps nothing alive.
	sc.candSlab.reset(true)
	sc.stringSlab.reset(true)
	sc.credSlab.reset(true)
	sc.compSlab.reset(true)
	sc.compsSlab.reset(true)
	sc.ruleSlab.reset(true)
	sc.blockSlab.reset(true)
	scratchPool.Put(sc)
}

func (sc *scratch) bools() *slab[bool] {
	if sc == nil {
		return nil
	}
	return &sc.boolSlab
}

func (sc *scratch) ints() *slab[int] {
	if sc == nil {
		return nil
	}
	return &sc.intSlab
}

func (sc *scratch) int32s() *slab[int32] {
	if sc == nil {
		return nil
	}
	return &sc.int32Slab
}

func (sc *scratch) lvls() *slab[lvl] {
	if sc == nil {
		return nil
	}
	return &sc.lvlSlab
}

func (sc *scratch) certBys() *slab[certBy] {
	if sc == nil {
		return nil
	}
	return &sc.certBySlab
}

func (sc *scratch) uint64s() *slab[uint64] {
	if sc == nil {
		return nil
	}
	return &sc.uint64Slab
}

func (sc *scratch) floats() *slab[float64] {
	if sc == nil {
		return nil
	}
	return &sc.floatSlab
}

func (sc *scratch) int8s() *slab[int8] {
	if sc == nil {
		return nil
	}
	return &sc.int8Slab
}

func (sc *scratch) cands() *slab[cand] {
	if sc == nil {
		return nil
	}
	return &sc.candSlab
}

func (sc *scratch) strings() *slab[string] {
	if sc == nil {
		return nil
	}
	return &sc.stringSlab
}

func (sc *scratch) creds() *slab[*graph.Credential] {
	if sc == nil {
		return nil
	}
	return &sc.credSlab
}

func (sc *scratch) components() *slab[component] {
	if sc == nil {
		return nil
	}
	return &sc.compSlab
}

func (sc *scratch) componentLists() *slab[[]component] {
	if sc == nil {
		return nil
	}
	return &sc.compsSlab
}

func (sc *scratch) rules() *slab[graph.Rule] {
	if sc == nil {
		return nil
	}
	return &sc.ruleSlab
}

func (sc *scratch) blocks() *slab[*graph.Block] {
	if sc == nil {
		return nil
	}
	return &sc.blockSlab
}

// slab lends zeroed slices of T from one array, growing it (to a new array) when a request
// outgrows it; once reset, the largest array is lent again from its start.
type slab[T any] struct {
	buf     []T
	cleared bool // the unused part is known to be zero: reset cleared it
}

// minChunk is the least a slab grows by, so that small lists do not each grow it.
const minChunk = 4096

// take lends a zeroed slice of length n, whose capacity is n: appending to it copies it
// elsewhere and never runs into the next one lent. A nil slab makes one.
func (s *slab[T]) take(n int) []T {
	if s == nil {
		return make([]T, n)
	}
	if len(s.buf)+n > cap(s.buf) {
		s.buf, s.cleared = make([]T, 0, max(n, 2*cap(s.buf), minChunk)), true
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
