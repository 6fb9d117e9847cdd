package pathways

import (
	"fmt"
	"math"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// Objective is what a pathway minimises.
type Objective string

const (
	ObjectiveHours    Objective = "HOURS"    // total hours of learning (the default)
	ObjectiveCost     Objective = "COST"     // total price
	ObjectiveCount    Objective = "COUNT"    // number of credentials
	ObjectiveCalendar Objective = "CALENDAR" // weeks until done, phases one after another
)

// Defaults and limits of Options.
const (
	DefaultHoursPerWeek = 10.0
	DefaultTimeBudget   = 50 * time.Millisecond
	MaxTimeBudget       = 5 * time.Second
	MaxAlternatives     = 10
)

// Options are the constraints and preferences of a pathway search. The zero value asks for
// the single pathway of least hours with no constraint.
type Options struct {
	Objective Objective // "" means ObjectiveHours
	// OptionalCoverage is the share (0-1) of the optional requirements' total weight the
	// plan must meet, counting those the learner already meets.
	OptionalCoverage float64
	MaxBudget        *float64 // total price of the new steps; nil: no limit
	MaxTotalHours    *float64 // total hours of the new steps; nil: no limit
	HoursPerWeek     float64  // 0 means DefaultHoursPerWeek
	Deadline         *time.Time
	Modalities       []graph.Modality // empty: any
	Languages        []string         // empty: any
	// Exclude: credentials never to propose. Unknown ids are ignored.
	Exclude []string
	// InProgress: credentials the learner has started. They are taken as finished before the
	// plan starts (phase 0), at no further hours or cost, and their certifications and
	// prerequisites count from phase 1 on. Unknown ids are ignored.
	InProgress []string
	K          int // alternatives wanted, 1-10; 0 means 1
	// TimeBudget is the time for the call, building the problem included (the search gets at
	// least a tenth of it when building has used it up); 0 means DefaultTimeBudget.
	TimeBudget time.Duration
	// MaxNodes bounds the search by a node count, which unlike TimeBudget gives the same
	// result on any machine; 0: no bound.
	MaxNodes int
	Now      time.Time // the time deadlines are measured from; zero means time.Now()
}

// WithLearnerDefaults returns o with its unset constraints taken from the learner's own:
// hours per week, budget, total hours, modalities, languages, deadline (unless passed) and
// in-progress credentials. A nil learner changes nothing.
func (o Options) WithLearnerDefaults(l *graph.Learner) Options {
	if l == nil {
		return o
	}
	c := l.Constraints
	if o.HoursPerWeek == 0 {
		o.HoursPerWeek = c.HoursPerWeek
	}
	if o.MaxBudget == nil {
		o.MaxBudget = c.MaxBudget
	}
	if o.MaxTotalHours == nil {
		o.MaxTotalHours = c.MaxTotalHours
	}
	if len(o.Modalities) == 0 {
		o.Modalities = c.Modalities
	}
	if len(o.Languages) == 0 {
		o.Languages = c.Languages
	}
	// A deadline of the learner's that has passed is a stale setting, not this plan's: it
	// is dropped rather than refused.
	if o.Deadline == nil && c.Deadline != nil && c.Deadline.After(o.now()) {
		o.Deadline = c.Deadline
	}
	if len(o.InProgress) == 0 {
		o.InProgress = l.InProgress
	}
	return o
}

// Validate checks the options. It returns an EINVALID error naming the field at fault:
// "options.objective", "options.optionalCoverage", "options.maxBudget",
// "options.maxTotalHours", "options.hoursPerWeek", "options.deadline",
// "options.modalities[i]", "options.k", "options.timeBudget" or "options.maxNodes".
func (o Options) Validate() error {
	switch o.Objective {
	case "", ObjectiveHours, ObjectiveCost, ObjectiveCount, ObjectiveCalendar:
	default:
		return graph.Invalid("options.objective", "unknown objective %q", string(o.Objective))
	}
	if !finite(o.OptionalCoverage) || o.OptionalCoverage < 0 || o.OptionalCoverage > 1 {
		return graph.Invalid("options.optionalCoverage", "must be between 0 and 1 (got %g)", o.OptionalCoverage)
	}
	if o.MaxBudget != nil && (!finite(*o.MaxBudget) || *o.MaxBudget < 0) {
		return graph.Invalid("options.maxBudget", "must not be negative (got %g)", *o.MaxBudget)
	}
	if o.MaxTotalHours != nil && (!finite(*o.MaxTotalHours) || *o.MaxTotalHours < 0) {
		return graph.Invalid("options.maxTotalHours", "must not be negative (got %g)", *o.MaxTotalHours)
	}
	if !finite(o.HoursPerWeek) || o.HoursPerWeek < 0 || o.HoursPerWeek > 168 {
		return graph.Invalid("options.hoursPerWeek", "must be between 0 and 168 (got %g)", o.HoursPerWeek)
	}
	if o.Deadline != nil && !o.Deadline.After(o.now()) {
		return graph.Invalid("options.deadline", "is not in the future")
	}
	for i, m := range o.Modalities {
		switch m {
		case graph.ModalityOnSite, graph.ModalityRemote, graph.ModalityBlended:
		default:
			return graph.Invalid(fmt.Sprintf("options.modalities[%d]", i), "unknown modality %q", string(m))
		}
	}
	if o.K < 0 || o.K > MaxAlternatives {
		return graph.Invalid("options.k", "must be between 1 and %d (got %d)", MaxAlternatives, o.K)
	}
	if o.TimeBudget < 0 || o.TimeBudget > MaxTimeBudget {
		return graph.Invalid("options.timeBudget", "must be between 0 and %s (got %s)", MaxTimeBudget, o.TimeBudget)
	}
	if o.MaxNodes < 0 {
		return graph.Invalid("options.maxNodes", "must not be negative (got %d)", o.MaxNodes)
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

func (o Options) objective() Objective {
	if o.Objective == "" {
		return ObjectiveHours
	}
	return o.Objective
}

func (o Options) hoursPerWeek() float64 {
	if o.HoursPerWeek == 0 {
		return DefaultHoursPerWeek
	}
	return o.HoursPerWeek
}

func (o Options) k() int {
	if o.K == 0 {
		return 1
	}
	return o.K
}

func (o Options) timeBudget() time.Duration {
	if o.TimeBudget == 0 {
		return DefaultTimeBudget
	}
	return o.TimeBudget
}

// weeksAvailable is the time until the deadline, in weeks; +Inf without one.
func (o Options) weeksAvailable(now time.Time) float64 {
	if o.Deadline == nil {
		return math.Inf(1)
	}
	return o.Deadline.Sub(now).Hours() / (24 * 7)
}

// calendarWeeks is the whole number of weeks a phase of the given hours takes.
func calendarWeeks(hours, perWeek float64) float64 {
	if hours <= eps {
		return 0
	}
	return math.Ceil(hours/perWeek - eps)
}
