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
