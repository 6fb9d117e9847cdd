// Package pathways is the pathway engine: skill gaps, block progress, optimal explained
// learning pathways, and role fit. It is pure computation over the graph domain types: no
// I/O, no store. The store's one-read graph.PathwayContext is its input.
//
// # Model
//
// A role's requirement (competency, level, essential or optional, weight) is a gap when the
// learner's held level is below it. The held level is the highest of the learner's HAS edges
// and of the levels certified by VALID, non-partial credential achievements (and by the
// credentials a VALID block achievement vouches for, see HoldingsFrom). A credential covers a
// gap when it certifies the competency at the level or above.
//
// A plan is a set of credentials, none already earned, excluded, in progress, or of a
// modality or language the options rule out. It is feasible when its steps can be put in
// phases: a step's PREREQUISITE credentials are earned, in progress or in an earlier phase,
// and each REQUIRES_COMPETENCY level is held, or certified by a credential in progress or a
// step of an earlier phase (never by the step itself). Its total price and hours stay within
// MaxBudget and MaxTotalHours, and its calendar within the Deadline. The calendar is phase by
// phase: a phase's steps share the weekly hours and it lasts ceil(hours/HoursPerWeek) whole
// weeks, so CALENDAR favours plans with fewer and fuller phases. Credentials in progress form
// phase 0: taken as finished before the plan, at no further hours or cost.
//
// Plans are ordered lexicographically by: the essential weight (then count) of coverable gaps
// left open, the optional weight missing from the OptionalCoverage target, the objective
// (HOURS, COST, COUNT or CALENDAR), then more blocks completed, then credential ids. Without
// binding constraints every coverable essential gap is covered; with them the best plan
// covers the most essential weight they allow, and the rest is reported with
// ReasonConstraints. Gaps no usable credential covers are always reported, with a reason.
//
// # Algorithm
//
// Preprocessing keeps only usable credentials (every prerequisite and required competency
// obtainable, within the limits alone and with their prerequisites; a greatest fixpoint)
// that cover a gap or are, transitively, a prerequisite or a competency provider of those.
// With one alternative, no deadline and an additive objective, candidates dominated by
// another (certifies as much, costs no more hours nor price, needs no more, in no block,
// nobody's prerequisite) are never branched on.
//
// The search starts from the greedy set cover (GreedyBaseline's plan, computed before
// dominance, less the steps the rest of it does without) as its first incumbent, when it
// keeps to the limits: it prunes against it from the first node, and no plan it returns is
// worse. It is a depth-first branch and bound. A node branches on an open item: first a
// required competency of a chosen step, then the essential gap with the fewest available
// coverers, then, while the optional target is unmet, the heaviest optional gap. Each child
// adds one coverer with its prerequisite closure, cheapest first, and excludes the coverers
// tried before it, so no plan is visited twice; a last child gives the gap up and excludes
// all its coverers. The bound of a node is the cost so far plus the larger of (a) the most
// expensive cheapest closure among the open items, (b) the fractional set-cover bound, the
// sum over open items of min cost(c)/(open items c covers), and (c) a dual ascent on the
// covering LP (items with fewest coverers first each take the least cost their coverers have
// left). At the root, a Lagrangian relaxation bounds the whole plan: it relaxes the open
// essential gaps (some step covers each), the prerequisites (a step comes with each) and the
// required competencies (a step comes with another provider of each), takes its multipliers
// from the dual ascent and then subgradient steps (again with shorter steps when the bound
// ends below four fifths of the best plan), and its reduced costs give a second
// starting plan, exclude for the whole search the candidates no plan worth keeping holds,
// order the candidates tried, and bound every node below. When every candidate's cost is a
// whole multiple of one unit (whole hours, say, or cents), so is every plan's, and bounds round
// up to it. Nodes whose bound cannot
// beat the K-th plan kept are pruned; ties continue only while an upper bound of the blocks
// completed can still improve. At a settled node, a plan that cannot be ordered branches on
// the providers of what its steps lack; for CALENDAR, or when the deadline is missed, the
// node also branches on providers that may let steps start a phase earlier.
//
// # Guarantees
//
// When the search ends within TimeBudget (default 50 ms, counted from the call, so building
// the problem uses it too, though the search always gets at least a tenth of it) and MaxNodes, ProvenOptimal is set and the first pathway is
// optimal in the order above: a brute-force oracle over thousands of random instances checks
// it. Otherwise the best plan found, never worse than the greedy set cover when that keeps to
// the limits, is returned with a LowerBound taken from the root (always explored) and the
// frames left open, and Gap = value/bound - 1.
// Output is deterministic: every iteration follows sorted ids, so a run that finishes, or one
// stopped by MaxNodes, gives the same result every time.
//
// Block progress solves each block's cheapest completion exactly: a sum under ALL, the
// cheapest missing components under AT_LEAST, a covering knapsack under MIN_ECTS and
// MIN_HOURS, and a subset search when a credential sits under two nested blocks.
//
// FitIndex ranks roles for a learner through an inverted index (competency to roles), so a
// ranking walks only the learner's competencies.
package pathways
