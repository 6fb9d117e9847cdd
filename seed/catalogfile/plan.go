package catalogfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
)

// source is where a node or relationship of the batch comes from in the file.
type source struct {
	line  int
	field string // for relationships: the column and item, e.g. certifies[2]
}

// Plan is a checked catalogue: what to write, with where each item comes from.
type Plan struct {
	File        *File
	Nodes       []graph.Node // the organisation when it is new, then the credentials
	Edges       []graph.Edge
	Credentials int  // credentials in the file
	NewOrg      bool // the organisation is created
	nodeSrc     []source
	edgeSrc     []source
}

// Check turns a file into a plan, checking every row against the file and the store: values,
// keys given twice, the organisation, credentials of the same key belonging to another
// organisation, and the competencies and prerequisites named. It returns every error found,
// each a *RowError naming the file, line and field.
func Check(ctx context.Context, store graph.Store, f *File) (*Plan, []error) {
	p := &Plan{File: f, Credentials: len(f.Rows)}
	var errs []error
	bad := func(line int, field string, format string, args ...any) {
		errs = append(errs, &RowError{File: f.Name, Line: line, Field: field, Err: fmt.Errorf(format, args...)})
	}
	firstLine := map[string]int{}
	var creds []*graph.Credential
	var rows []Row
	for _, r := range f.Rows {
		c := credential(r.Record)
		if err := graph.ValidateID("key", r.Key); err != nil {
			errs = append(errs, rowErr(f.Name, r.Line, err))
			continue
		}
		if l, dup := firstLine[r.Key]; dup {
			bad(r.Line, "key", "%q is given twice (first on line %d)", r.Key, l)
			continue
		}
		firstLine[r.Key] = r.Line
		if err := c.Validate(); err != nil {
			errs = append(errs, rowErr(f.Name, r.Line, renamed(err)))
			continue
		}
		creds = append(creds, c)
		rows = append(rows, r)
	}

	// The organisations named, and the one the file may create.
	var orgIDs, credIDs, compIDs []string
	for _, r := range rows {
		orgIDs = append(orgIDs, r.Organization)
		credIDs = append(credIDs, r.Key)
		credIDs = append(credIDs, r.Prerequisites...)
		for _, ref := range slices.Concat(r.Certifies, r.RequiredCompetencies) {
			compIDs = append(compIDs, competencyID(ref.Competency))
		}
	}
	orgs, err := store.GetMany(ctx, graph.KindOrganization, graph.UniqueIDs(orgIDs))
	if err != nil {
		return nil, []error{fmt.Errorf("read organisations: %w", err)}
	}
	if o := f.Organization; o != nil && orgs[o.Key] == nil {
		org := &graph.Organization{Name: o.Name, Kind: graph.OrganizationKind(strings.ToUpper(o.Kind)), Description: o.Description,
			Country: o.Country, URL: o.URL, Email: o.Email}
		graph.SetID(org, o.Key)
		if err := firstErr(graph.ValidateID("key", o.Key), org.Validate()); err != nil {
			errs = append(errs, rowErr(f.Name, 1, graph.Within("organization", err)))
		} else {
			p.Nodes = append(p.Nodes, org)
			p.nodeSrc = append(p.nodeSrc, source{line: 1, field: "organization"})
			p.NewOrg = true
			orgs[o.Key] = org
		}
	}
	stored, err := store.GetMany(ctx, graph.KindCredential, graph.UniqueIDs(credIDs))
	if err != nil {
		return nil, []error{fmt.Errorf("read credentials: %w", err)}
	}
	comps, err := store.GetMany(ctx, graph.KindCompetency, graph.UniqueIDs(compIDs))
	if err != nil {
		return nil, []error{fmt.Errorf("read competencies: %w", err)}
	}

	for i, c := range creds {
		r := rows[i]
		ok := true
		if orgs[r.Organization] == nil {
			bad(r.Line, "organization", "no organisation %q (name it in the file to create it: organizationName in CSV, organization in JSON)", r.Organization)
			ok = false
		}
		if old, found := stored[r.Key]; found && old.(*graph.Credential).OrganizationID != r.Organization {
			bad(r.Line, "key", "%q is a credential of another organisation (%s)", r.Key, old.(*graph.Credential).OrganizationID)
			ok = false
		}
		var edges []graph.Edge
		var srcs []source
		levelled := func(field string, t graph.RelType, refs []LevelRef) {
			for j, ref := range refs {
				item := fmt.Sprintf("%s[%d]", field, j)
				id := competencyID(ref.Competency)
				if comps[id] == nil {
					bad(r.Line, item, "no competency %q", ref.Competency)
					ok = false
					continue
				}
				if ref.Level != 0 {
					if err := graph.ValidateLevel(item+".level", ref.Level); err != nil {
						errs = append(errs, rowErr(f.Name, r.Line, err))
						ok = false
						continue
					}
				}
				edges = append(edges, graph.Edge{Type: t, From: r.Key, To: id, Level: ref.Level})
				srcs = append(srcs, source{r.Line, item})
			}
		}
		levelled("certifies", graph.RelCertifies, r.Certifies)
		levelled("requiredCompetencies", graph.RelRequiresCompetency, r.RequiredCompetencies)
		for j, pre := range r.Prerequisites {
			item := fmt.Sprintf("prerequisites[%d]", j)
			if _, inFile := firstLine[pre]; !inFile && stored[pre] == nil {
				bad(r.Line, item, "no credential %q in the file or the store", pre)
				ok = false
				continue
			}
			edges = append(edges, graph.Edge{Type: graph.RelPrerequisite, From: r.Key, To: pre})
			srcs = append(srcs, source{r.Line, item})
		}
		if !ok {
			continue
		}
		p.Nodes = append(p.Nodes, c)
		p.nodeSrc = append(p.nodeSrc, source{line: r.Line})
		p.Edges = append(p.Edges, edges...)
		p.edgeSrc = append(p.edgeSrc, srcs...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// credential is the node a record describes.
func credential(r Record) *graph.Credential {
	c := &graph.Credential{Title: r.Title, Description: r.Description, Outcomes: r.Outcomes, Hours: r.Hours, ECTS: r.ECTS,
		EQFLevel: r.EQFLevel, Modality: graph.Modality(r.Modality), Language: r.Language, Price: r.Price, Currency: r.Currency,
		OrganizationID: r.Organization, QualityAssurance: r.QualityAssurance, PartialValidation: r.PartialValidation,
		RetakesAllowed: r.RetakesAllowed, RetakePolicy: r.RetakePolicy, ValidityMonths: r.ValidityMonths, Country: r.Country, URL: r.URL}
	for _, a := range r.AssessmentTypes {
		c.AssessmentTypes = append(c.AssessmentTypes, graph.AssessmentType(a))
	}
	graph.SetID(c, r.Key)
	return c
}

// renamed gives the file's name of a field the store names: organizationId is organization.
func renamed(err error) error {
	var ge *graph.Error
	if errors.As(err, &ge) && ge.Field == "organizationId" {
		c := *ge
		c.Field = "organization"
		return &c
	}
	return err
}

// Diff counts what writing the plan would change, reading the store only (for --dry-run).
func Diff(ctx context.Context, store graph.Store, p *Plan) (graph.BulkResult, error) {
	var res graph.BulkResult
	byKind := map[graph.Kind][]string{}
	for _, n := range p.Nodes {
		byKind[n.NodeKind()] = append(byKind[n.NodeKind()], n.NodeID())
	}
	stored := map[string]graph.Node{}
	for k, ids := range byKind {
		m, err := store.GetMany(ctx, k, ids)
		if err != nil {
			return res, fmt.Errorf("dry run: %w", err)
		}
		for id, n := range m {
			stored[id] = n
		}
	}
	for _, n := range p.Nodes {
		switch old := stored[n.NodeID()]; {
		case old == nil:
			res.NodesCreated++
		case record.Hash(old) == record.Hash(n):
			res.NodesUnchanged++
		default:
			res.NodesUpdated++
		}
	}
	byType := map[graph.RelType][]string{}
	for _, e := range p.Edges {
		byType[e.Type] = append(byType[e.Type], e.From)
	}
	for t, from := range byType {
		m, err := store.Edges(ctx, t, graph.Outgoing, graph.UniqueIDs(from), graph.EdgeFilter{})
		if err != nil {
			return res, fmt.Errorf("dry run: %w", err)
		}
		for _, e := range p.Edges {
			if e.Type != t {
				continue
			}
			e.Normalize()
			i := slices.IndexFunc(m[e.From], func(s graph.Edge) bool { return s.To == e.To })
			switch {
			case i < 0:
				res.EdgesCreated++
			case graph.SameEdge(m[e.From][i], e):
				res.EdgesUnchanged++
			default:
				res.EdgesUpdated++
			}
		}
	}
	return res, nil
}

// Write writes the plan, reporting progress to w (nil: nowhere): in one transaction, so that
// a failure writes nothing, or with batchSize > 0 in transactions of that many items, nodes
// before relationships (a failure then keeps the batches before it; a rerun completes them).
// An error the store names an item of is a *RowError on the file's line.
func Write(ctx context.Context, store graph.Store, p *Plan, batchSize int, w io.Writer) (graph.BulkResult, error) {
	if batchSize <= 0 {
		batchSize = max(len(p.Nodes)+len(p.Edges), 1)
	}
	var total graph.BulkResult
	items, done := len(p.Nodes)+len(p.Edges), 0
	for start := 0; start < items; start += batchSize {
		end := min(start+batchSize, items)
		var b graph.Batch
		nodeBase, edgeBase := start, 0
		if start < len(p.Nodes) {
			b.Nodes = p.Nodes[start:min(end, len(p.Nodes))]
		}
		if end > len(p.Nodes) {
			edgeBase = max(start-len(p.Nodes), 0)
			b.Edges = p.Edges[edgeBase : end-len(p.Nodes)]
		}
		res, err := store.BulkUpsert(ctx, b)
		if err != nil {
			return total, p.locate(err, nodeBase, edgeBase)
		}
		total.Add(res)
		done = end
		if w != nil {
			fmt.Fprintf(w, "%s: %d/%d items sent to the store\n", p.File.Name, done, items)
		}
	}
	return total, nil
}

// locate turns a batch error naming an item ("nodes[3].title", "edges[2].to") into a row error.
func (p *Plan) locate(err error, nodeBase, edgeBase int) error {
	field := graph.ErrorField(err)
	for _, kind := range []struct {
		prefix string
		base   int
		src    []source
	}{{"nodes[", nodeBase, p.nodeSrc}, {"edges[", edgeBase, p.edgeSrc}} {
		rest, ok := strings.CutPrefix(field, kind.prefix)
		if !ok {
			continue
		}
		end := strings.IndexByte(rest, ']')
		i, convErr := strconv.Atoi(rest[:max(end, 0)])
		if end < 0 || convErr != nil || kind.base+i >= len(kind.src) {
			break
		}
		src := kind.src[kind.base+i]
		sub := strings.TrimPrefix(rest[end+1:], ".")
		f := src.field
		if sub != "" && sub != "to" && sub != "from" {
			f = strings.TrimPrefix(f+"."+sub, ".")
		}
		return &RowError{File: p.File.Name, Line: src.line, Field: f, Err: errors.New(graph.ErrorMessage(err))}
	}
	return err
}
