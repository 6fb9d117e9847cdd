package model

import (
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/pathways"
)

// Recommendation is recommendPathways' answer: the engine's result for a learner and a role.
type Recommendation struct {
	*pathways.Result
	Learner *graph.Learner
	Role    *graph.JobRole
}

// SkillGap is skillGap's answer: the engine's gap report for a learner and a role.
type SkillGap struct {
	*pathways.GapReport
	Learner *graph.Learner
	Role    *graph.JobRole
}

// CoverageMatrix is coverageMatrix's answer: the engine's coverage of a role.
type CoverageMatrix struct {
	*pathways.RoleCoverage
	Role *graph.JobRole
	// Columns are the engine's columns, marked when in the cheapest set.
	Columns []*CoverageColumn
}

// CoverageColumn is a credential of a coverage matrix.
type CoverageColumn struct {
	pathways.CoverageColumn
	InCheapest bool
}
