package embedded

import (
	"maps"
	"slices"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// cloneNode returns a deep copy of n, or nil for a nil node. Memory never shares a slice or
// pointer with callers: what goes in is copied, what comes out is copied.
func cloneNode(n graph.Node) graph.Node {
	switch v := n.(type) {
	case *graph.Competency:
		if v == nil {
			return nil
		}
		c := *v
		c.AltLabels = slices.Clone(v.AltLabels)
		c.Names = maps.Clone(v.Names)
		return &c
	case *graph.Framework:
		if v == nil {
			return nil
		}
		c := *v
		return &c
	case *graph.Organization:
		if v == nil {
			return nil
		}
		c := *v
		return &c
	case *graph.Credential:
		if v == nil {
			return nil
		}
		c := *v
		c.Outcomes = slices.Clone(v.Outcomes)
		c.AssessmentTypes = slices.Clone(v.AssessmentTypes)
		return &c
	case *graph.Block:
		if v == nil {
			return nil
		}
		c := *v
		c.Components = slices.Clone(v.Components)
		return &c
	case *graph.JobRole:
		if v == nil {
			return nil
		}
		c := *v
		c.AltLabels = slices.Clone(v.AltLabels)
		c.Titles = maps.Clone(v.Titles)
		return &c
	case *graph.Learner:
		if v == nil {
			return nil
		}
		c := *v
		c.Constraints.MaxBudget = clonePtr(v.Constraints.MaxBudget)
		c.Constraints.MaxTotalHours = clonePtr(v.Constraints.MaxTotalHours)
		c.Constraints.Modalities = slices.Clone(v.Constraints.Modalities)
		c.Constraints.Languages = slices.Clone(v.Constraints.Languages)
		c.Constraints.Deadline = clonePtr(v.Constraints.Deadline)
		c.InProgress = slices.Clone(v.InProgress)
		return &c
	case *graph.Achievement:
		if v == nil {
			return nil
		}
		c := *v
		c.ValidUntil = clonePtr(v.ValidUntil)
		c.Evidence = slices.Clone(v.Evidence)
		return &c
	}
	return nil
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// storedTime is t as stores keep times: UTC, millisecond precision.
func storedTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// prepare returns a copy of n as it will be stored, validated: EINVALID ("node") for a nil
// node, or the field Validate names. Top-level times are kept as stores keep them.
func prepare(n graph.Node) (graph.Node, error) {
	c := cloneNode(n)
	if c == nil {
		return nil, graph.Invalid("node", "must not be nil")
	}
	if a, ok := c.(*graph.Achievement); ok {
		a.IssuedAt = storedTime(a.IssuedAt)
		if a.ValidUntil != nil {
			*a.ValidUntil = storedTime(*a.ValidUntil)
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}
