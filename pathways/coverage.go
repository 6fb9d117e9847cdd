package pathways

import (
	"context"
	"fmt"
	"sort"

	"github.com/skillgraph/skillgraph/graph"
)

// MaxCoverageColumns bounds the credentials a coverage matrix shows.
const MaxCoverageColumns = 200

// CoverageCell is what one credential certifies of one requirement's competency.
type CoverageCell struct {
	CredentialID string
	Level        int  // the level it certifies (1-5)
	Meets        bool // at the required level or above
}

// CoverageRow is one requirement of a role, and the shown credentials that certify its
// competency, those that meet it first, then by level, then by id.
type CoverageRow struct {
	CompetencyID string
	Importance   graph.Importance
	Level        int
	Weight       float64
	Cells        []CoverageCell
	// Coverable: some credential, shown or not, meets it.
	Coverable bool
}

// CoverageColumn is one credential that certifies a competency the role requires.
type CoverageColumn struct {
	CredentialID string
	Hours, Price float64
	Currency     string
	// Meets and EssentialMeets count the requirements it meets, and the essential ones.
	Meets, EssentialMeets int
}

// RoleCoverage is a role's requirements against the credentials that certify them, and the
// cheapest set of credentials meeting every essential requirement some credential meets.
type RoleCoverage struct {
	Rows    []CoverageRow
	Columns []CoverageColumn // most essential requirements met first, then most met, cheapest, fewest hours, id
	// TotalColumns counts every credential certifying a required competency, shown or not.
	TotalColumns int
	// Cheapest is the cheapest set under the objective, ordered with prerequisites first;
	// nil when no essential requirement can be met. Its credentials are always among the
	// columns when they certify a required competency.
	Cheapest      *Pathway
	ProvenOptimal bool
	// Uncovered are the essential requirements no credential meets (and, with constraints,
	// those the cheapest set leaves open).
	Uncovered []UncoveredGap
}

// CoverageMatrix computes a role's coverage from a role context (graph.ReadRoleContext):
// every requirement against the credentials that certify its competency, at most maxColumns
// of them (1..MaxCoverageColumns), and the cheapest set covering the essential requirements,
// found by Recommend for a learner holding nothing under opts (Objective defaults to cost;
// optional requirements are not asked for). EINVALID ("first") for maxColumns out of range,
// and as Recommend for opts.
func CoverageMatrix(ctx context.Context, pc *graph.PathwayContext, maxColumns int, opts Options) (*RoleCoverage, error) {
	if maxColumns < 1 || maxColumns > MaxCoverageColumns {
		return nil, fmt.Errorf("coverage matrix: %w", graph.Invalid("first", "must be between 1 and %d (got %d)", MaxCoverageColumns, maxColumns))
	}
	if opts.Objective == "" {
		opts.Objective = ObjectiveCost
	}
	opts.OptionalCoverage = 0
	res, err := Recommend(ctx, pc, opts)
	if err != nil {
		return nil, fmt.Errorf("coverage matrix: %w", err)
	}
	out := &RoleCoverage{ProvenOptimal: res.ProvenOptimal}
	for _, g := range res.UncoveredGaps {
		if g.Essential {
			out.Uncovered = append(out.Uncovered, g)
		}
	}
	if len(res.Pathways) > 0 {
		out.Cheapest = &res.Pathways[0]
	}

	// Each credential's best level per competency.
	pc = pc.Full()
	certified := map[string]map[string]int{} // credential -> competency -> level
	for _, e := range pc.Certifies {
		if pc.Credentials[e.From] == nil {
			continue
		}
		if certified[e.From] == nil {
			certified[e.From] = map[string]int{}
		}
		certified[e.From][e.To] = max(certified[e.From][e.To], max(e.Level, graph.MinLevel))
	}
	reqs := requirementsOf(pc.Requirements)
	columns := map[string]*CoverageColumn{}
	for _, r := range reqs {
		for cred, levels := range certified {
			l, ok := levels[r.comp]
			if !ok {
				continue
			}
			col := columns[cred]
			if col == nil {
				c := pc.Credentials[cred]
				col = &CoverageColumn{CredentialID: cred, Hours: c.Hours, Price: c.Price, Currency: c.Currency}
				columns[cred] = col
			}
			if l >= r.level {
				col.Meets++
				if r.essential {
					col.EssentialMeets++
				}
			}
		}
	}
	all := make([]*CoverageColumn, 0, len(columns))
	for _, c := range columns {
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		switch {
		case a.EssentialMeets != b.EssentialMeets:
			return a.EssentialMeets > b.EssentialMeets
		case a.Meets != b.Meets:
			return a.Meets > b.Meets
		case a.Price != b.Price:
			return a.Price < b.Price
		case a.Hours != b.Hours:
			return a.Hours < b.Hours
		}
		return a.CredentialID < b.CredentialID
	})
	out.TotalColumns = len(all)
	shown := map[string]bool{}
	if out.Cheapest != nil {
		for _, st := range out.Cheapest.Steps {
			if columns[st.CredentialID] != nil {
				shown[st.CredentialID] = true
			}
		}
	}
	for _, c := range all {
		if len(shown) >= maxColumns {
			break
		}
		shown[c.CredentialID] = true
	}
	for _, c := range all {
		if shown[c.CredentialID] {
			out.Columns = append(out.Columns, *c)
		}
	}

	for _, r := range reqs {
		row := CoverageRow{CompetencyID: r.comp, Importance: r.importance(), Level: r.level, Weight: r.weight}
		for cred, levels := range certified {
			l, ok := levels[r.comp]
			if !ok {
				continue
			}
			if l >= r.level {
				row.Coverable = true
			}
			if shown[cred] {
				row.Cells = append(row.Cells, CoverageCell{CredentialID: cred, Level: l, Meets: l >= r.level})
			}
		}
		sort.Slice(row.Cells, func(i, j int) bool {
			a, b := row.Cells[i], row.Cells[j]
			switch {
			case a.Meets != b.Meets:
				return a.Meets
			case a.Level != b.Level:
				return a.Level > b.Level
			}
			return a.CredentialID < b.CredentialID
		})
		out.Rows = append(out.Rows, row)
	}
	// Essential rows first, as a reader scans them.
	sort.SliceStable(out.Rows, func(i, j int) bool {
		return out.Rows[i].Importance == graph.Essential && out.Rows[j].Importance != graph.Essential
	})
	return out, nil
}
