package graph

import (
	"context"
	"fmt"
)

// MaxClosureBlocks bounds the blocks a closure walks, against runaway reads.
const MaxClosureBlocks = 10000

// BlockClosure reads the blocks under roots (nested ones included) and every credential they
// name, in a few batched reads per nesting level. Roots that are not blocks are ignored.
func BlockClosure(ctx context.Context, s Store, roots []string) (map[string]*Block, map[string]*Credential, error) {
	blocks := map[string]*Block{}
	creds := map[string]*Credential{}
	frontier := UniqueIDs(roots)
	for len(frontier) > 0 && len(blocks) < MaxClosureBlocks {
		found, err := s.GetMany(ctx, KindBlock, frontier)
		if err != nil {
			return nil, nil, fmt.Errorf("block closure: %w", err)
		}
		var comps []string
		for _, id := range frontier {
			if b, ok := found[id].(*Block); ok {
				blocks[id] = b
				comps = append(comps, b.Components...)
			}
		}
		comps = UniqueIDs(comps)
		nested, err := s.GetMany(ctx, KindBlock, comps)
		if err != nil {
			return nil, nil, fmt.Errorf("block closure: %w", err)
		}
		frontier = nil
		var credIDs []string
		for _, id := range comps {
			switch {
			case nested[id] != nil:
				if _, seen := blocks[id]; !seen {
					frontier = append(frontier, id)
				}
			case creds[id] == nil:
				credIDs = append(credIDs, id)
			}
		}
		cs, err := s.GetMany(ctx, KindCredential, credIDs)
		if err != nil {
			return nil, nil, fmt.Errorf("block closure: %w", err)
		}
		for id, n := range cs {
			creds[id] = n.(*Credential)
		}
	}
	return blocks, creds, nil
}

// BlocksAbove returns the ids of the blocks that contain any of ids, directly or through nested
// blocks, nearest first.
func BlocksAbove(ctx context.Context, s Store, ids []string) ([]string, error) {
	var above []string
	seen := map[string]bool{}
	frontier := UniqueIDs(ids)
	for len(frontier) > 0 && len(seen) < MaxClosureBlocks {
		parents, err := s.Edges(ctx, RelComprises, Incoming, frontier, EdgeFilter{})
		if err != nil {
			return nil, fmt.Errorf("blocks above: %w", err)
		}
		var next []string
		for _, id := range frontier {
			for _, e := range parents[id] {
				if !seen[e.From] {
					seen[e.From] = true
					above = append(above, e.From)
					next = append(next, e.From)
				}
			}
		}
		frontier = next
	}
	return above, nil
}

// UniqueIDs returns ids without duplicates, in first-seen order.
func UniqueIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
