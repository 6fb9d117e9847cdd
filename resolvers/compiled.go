package resolvers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/generated"
	"github.com/skillgraph/skillgraph/resolvers/model"
	"github.com/skillgraph/skillgraph/resolvers/scalars"
)

// The compiled catalogue path answers a query over the catalogue, when the store answers the
// catalogue from memory, by walking the operation once and writing JSON as it goes, calling the
// same resolvers as the generated executor. gqlgen's executor pays, for every field of every
// object, a field context, a context value, argument coercion, a closure, a marshaler value and
// goroutines for lists of objects with resolver fields: on a page of 50 roles with their 1,080
// requirements that is most of the request's CPU, while the data is already in memory.
//
// The path is taken only when every field the operation selects is one it knows (compiledFields)
// and the catalogue is answered from memory (Loaders.fromMemory); a learner's holdings and
// targets come with the read of the learner (Resolver.personal), which primes the request's
// loaders. So nothing waits for a batch window, and nothing is gained by running siblings
// concurrently. Anything else (an unknown field, an error from a
// resolver, a null where the schema says non-null, a panic) abandons the compiled answer and
// runs the operation through gqlgen as if the path did not exist: queries have no side
// effects, and errors are then reported by the one executor that knows how. A test runs random
// operations through both and compares the bytes.

// compiledFields lists, per object type, the fields the compiled path answers.
var compiledFields = map[string][]string{
	"Query": {"competency", "credential", "jobRole", "block", "learner", "competencies", "credentials",
		"jobRoles", "blocks"},
	"Learner":           {"id", "key", "name", "holdings", "targets"},
	"HoldingConnection": connectionFields,
	"HoldingEdge":       {"cursor", "node", "level", "source"},
	"Competency": {"id", "key", "name", "description", "altLabels", "alignmentUri", "code",
		"broader", "narrower", "certifiedBy", "requiredBy"},
	"JobRole": {"id", "key", "title", "description", "altLabels", "iscoGroup", "alignmentUri",
		"code", "requirements"},
	"Credential": {"id", "key", "title", "description", "outcomes", "hours", "ects", "eqfLevel",
		"language", "price", "currency", "country", "url", "certifies", "prerequisites",
		"requiredBy", "requiredCompetencies", "blocks"},
	"Block":                     {"id", "key", "title", "description", "rule", "certification", "code", "partOf"},
	"StackingRule":              {"kind", "count", "min"},
	"PageInfo":                  {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"},
	"CompetencyConnection":      connectionFields,
	"RequirementConnection":     connectionFields,
	"RoleRequirementConnection": connectionFields,
	"CompetencyLevelConnection": connectionFields,
	"CredentialConnection":      connectionFields,
	"CredentialLevelConnection": connectionFields,
	"BlockConnection":           connectionFields,
	"JobRoleConnection":         connectionFields,
	"CompetencyEdge":            {"cursor", "node"},
	"RequirementEdge":           {"cursor", "node", "importance", "level", "weight"},
	"RoleRequirementEdge":       {"cursor", "node", "importance", "level", "weight"},
	"CompetencyLevelEdge":       {"cursor", "node", "level"},
	"CredentialEdge":            {"cursor", "node"},
	"CredentialLevelEdge":       {"cursor", "node", "level"},
	"BlockEdge":                 {"cursor", "node"},
	"JobRoleEdge":               {"cursor", "node"},
}

var connectionFields = []string{"edges", "pageInfo", "totalCount"}

// errNotCompiled abandons the compiled answer: gqlgen answers the operation instead.
var errNotCompiled = errors.New("not answered by the compiled path")

// compiledPath holds what every compiled run shares.
type compiledPath struct {
	schema       graphql.ExecutableSchema
	known        map[string]map[string]bool
	implementors map[string][]string // per type, itself and its interfaces (fragment conditions)

	query      generated.QueryResolver
	competency generated.CompetencyResolver
	jobRole    generated.JobRoleResolver
	credential generated.CredentialResolver
	block      generated.BlockResolver
	learner    generated.LearnerResolver
	rule       generated.StackingRuleResolver

	observe func(outcome string)
}

// Outcomes told to Options.ObserveExecution.
const (
	outcomeCompiled = "compiled"
	outcomeExecutor = "executor"
	outcomeDeclined = "declined"
)

func newCompiledPath(r *Resolver, schema graphql.ExecutableSchema, observe func(string)) *compiledPath {
	if observe == nil {
		observe = func(string) {}
	}
	p := &compiledPath{schema: schema, known: map[string]map[string]bool{}, observe: observe,
		implementors: map[string][]string{},
		query:        r.Query(), competency: r.Competency(), jobRole: r.JobRole(),
		credential: r.Credential(), block: r.Block(), learner: r.Learner(),
		rule: r.StackingRule()}
	for typ, fields := range compiledFields {
		set := map[string]bool{"__typename": true}
		for _, f := range fields {
			set[f] = true
		}
		p.known[typ] = set
		impl := []string{typ}
		if def := schema.Schema().Types[typ]; def != nil {
			impl = append(impl, def.Interfaces...)
		}
		p.implementors[typ] = impl
	}
	return p
}

// intercept answers the operation on the compiled path when it can, and hands it to next
// (gqlgen) otherwise.
func (p *compiledPath) intercept(ctx context.Context, next graphql.OperationHandler, l *Loaders) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query ||
		onlyTypename(oc.Operation.SelectionSet) || !p.covers(oc.Operation.SelectionSet, "Query", 0) {
		p.observe(outcomeExecutor)
		return next(ctx)
	}
	data, err := p.run(ctx, oc, l)
	if err != nil {
		p.observe(outcomeDeclined)
		return next(ctx)
	}
	p.observe(outcomeCompiled)
	return graphql.OneShot(&graphql.Response{Data: data})
}

// covers reports whether every field of set, at any depth, is one the compiled path knows, with
// no directive other than @skip and @include.
func (p *compiledPath) covers(set ast.SelectionSet, typ string, depth int) bool {
	known := p.known[typ]
	if known == nil || depth > 64 {
		return false
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if !known[s.Name] || !onlyConditions(s.Directives) {
				return false
			}
			if len(s.SelectionSet) > 0 && (s.Definition == nil || !p.covers(s.SelectionSet, s.Definition.Type.Name(), depth+1)) {
				return false
			}
		case *ast.InlineFragment:
			if !onlyConditions(s.Directives) || !p.covers(s.SelectionSet, typ, depth+1) {
				return false
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || !onlyConditions(s.Directives) || !p.covers(s.Definition.SelectionSet, typ, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// onlyTypename reports whether an operation asks for nothing but __typename: gqlgen answers it
// without a read, where the compiled path would first check that the catalogue is in memory.
func onlyTypename(set ast.SelectionSet) bool {
	for _, sel := range set {
		if f, ok := sel.(*ast.Field); !ok || f.Name != "__typename" {
			return false
		}
	}
	return true
}

func onlyConditions(ds ast.DirectiveList) bool {
	for _, d := range ds {
		if d.Name != "skip" && d.Name != "include" {
			return false
		}
	}
	return true
}

// run answers the operation; any error means gqlgen must answer it instead.
func (p *compiledPath) run(ctx context.Context, oc *graphql.OperationContext, l *Loaders) (data []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			data, err = nil, fmt.Errorf("compiled path: panic: %v", v)
		}
	}()
	// A resolver that reports an error beside its result needs a response context to report
	// it to; any error so reported sends the operation to gqlgen.
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	x := &compiledRun{p: p, oc: oc, loaders: l, args: map[*ast.Field]map[string]any{},
		collected: map[collectKey][]graphql.CollectedField{}}
	x.w.Grow(4096)
	if err := x.queryObject(ctx, oc.Operation.SelectionSet); err != nil {
		return nil, err
	}
	if len(graphql.GetErrors(ctx)) > 0 {
		return nil, errNotCompiled
	}
	return x.w.Bytes(), nil
}

// compiledRun is one operation's walk.
type compiledRun struct {
	p         *compiledPath
	oc        *graphql.OperationContext
	loaders   *Loaders
	inMemory  *bool // whether the catalogue is read from memory, once known
	w         bytes.Buffer
	args      map[*ast.Field]map[string]any           // coerced once per field of the document
	collected map[collectKey][]graphql.CollectedField // fields once per selection set and type
}

type collectKey struct {
	first *ast.Selection
	n     int
	typ   string
}

// catalogueInMemory reports whether this request reads the catalogue from memory; if not, the
// walk, which reads one field after another, would wait for a batch window at each, and gqlgen
// answers instead. It is asked once per request, and as late as possible: on Neo4j the answer
// reads the catalogue's version, which a learner's read brings along at no extra round trip.
func (x *compiledRun) catalogueInMemory(ctx context.Context) bool {
	if x.inMemory == nil {
		ok := x.loaders.fromMemory(ctx, false)
		x.inMemory = &ok
	}
	return *x.inMemory
}

// fields collects the fields of set for an object of type typ (fragments, @skip, @include), once
// per run: the 1,080 edges of a page share one selection set.
func (x *compiledRun) fields(set ast.SelectionSet, typ string) []graphql.CollectedField {
	if len(set) == 0 {
		return nil
	}
	k := collectKey{&set[0], len(set), typ}
	if fs, ok := x.collected[k]; ok {
		return fs
	}
	fs := graphql.CollectFields(x.oc, set, x.p.implementors[typ])
	x.collected[k] = fs
	return fs
}

// argsOf coerces a field's arguments as gqlgen does, once per field of the document.
func (x *compiledRun) argsOf(ctx context.Context, typ string, f graphql.CollectedField) (map[string]any, error) {
	if a, ok := x.args[f.Field]; ok {
		return a, nil
	}
	a, ok, err := generated.FieldArgs(ctx, x.oc, x.p.schema, typ, f.Name, f.ArgumentMap(x.oc.Variables))
	if err != nil || !ok {
		return nil, errNotCompiled
	}
	x.args[f.Field] = a
	return a, nil
}

// fieldCtx gives a resolver that looks at its own selection (whether a count is selected) the
// field context it would have under gqlgen.
func (x *compiledRun) fieldCtx(ctx context.Context, typ string, f graphql.CollectedField, args map[string]any) context.Context {
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: typ, Field: f, Args: args,
		IsMethod: true, IsResolver: true})
}

// object writes one object: each collected field as "alias": value, value written by field.
func (x *compiledRun) object(ctx context.Context, typ string, set ast.SelectionSet,
	field func(context.Context, graphql.CollectedField) error) error {
	x.w.WriteByte('{')
	for i, f := range x.fields(set, typ) {
		if i > 0 {
			x.w.WriteByte(',')
		}
		x.w.WriteByte('"')
		x.w.WriteString(f.Alias) // a GraphQL name: letters, digits and _ only
		x.w.WriteString(`":`)
		var err error
		if f.Name == "__typename" {
			x.str(typ)
		} else {
			err = field(ctx, f)
		}
		if err != nil {
			return err
		}
	}
	x.w.WriteByte('}')
	return nil
}

func (x *compiledRun) str(s string) { graphql.MarshalString(s).MarshalGQL(&x.w) }

func (x *compiledRun) optStr(s *string) {
	if s == nil {
		x.w.WriteString("null")
		return
	}
	x.str(*s)
}

func (x *compiledRun) strs(list []string) {
	x.w.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			x.w.WriteByte(',')
		}
		x.str(s)
	}
	x.w.WriteByte(']')
}

func (x *compiledRun) integer(n int) {
	x.w.Write(strconv.AppendInt(x.w.AvailableBuffer(), int64(n), 10))
}

func (x *compiledRun) optInt(n *int) {
	if n == nil {
		x.w.WriteString("null")
		return
	}
	x.integer(*n)
}

// float writes a Float with the schema's marshaler; a non-finite value is null, which a
// non-null field cannot be.
func (x *compiledRun) float(f float64) error {
	m := scalars.MarshalFloat(f)
	if m == graphql.Null {
		return errNotCompiled
	}
	m.MarshalGQL(&x.w)
	return nil
}

func (x *compiledRun) optFloat(f *float64) {
	if f == nil {
		x.w.WriteString("null")
		return
	}
	scalars.MarshalFloat(*f).MarshalGQL(&x.w)
}

func (x *compiledRun) boolean(b bool) { x.w.WriteString(strconv.FormatBool(b)) }

// nullable writes null for a node that is absent, and the node otherwise.
func nullable[T any](x *compiledRun, n *T, write func() error) error {
	if n == nil {
		x.w.WriteString("null")
		return nil
	}
	return write()
}

// resolved turns a resolver's result into what the compiled path writes: an error, or a nil
// where the schema promises a value, abandons it.
func resolved[T any](v *T, err error) (*T, error) {
	if err != nil || v == nil {
		return nil, errNotCompiled
	}
	return v, nil
}

// Argument accessors: the coerced arguments hold exactly these types.
func argInt(a map[string]any, name string) *int    { v, _ := a[name].(*int); return v }
func argStr(a map[string]any, name string) *string { v, _ := a[name].(*string); return v }
func argLang(a map[string]any) *model.Language     { v, _ := a["lang"].(*model.Language); return v }
func argImportance(a map[string]any) *graph.Importance {
	v, _ := a["importance"].(*graph.Importance)
	return v
}
func argOrder(a map[string]any) *model.ListOrder { v, _ := a["orderBy"].(*model.ListOrder); return v }
func argWhere[T any](a map[string]any) (*T, bool) {
	v, ok := a["where"].(*T)
	return v, ok || a["where"] == nil
}
func oneOf(a map[string]any) (id, key *string) { return argStr(a, "id"), argStr(a, "key") }
func page(a map[string]any) (first *int, after *string) {
	return argInt(a, "first"), argStr(a, "after")
}
func pageBack(a map[string]any) (last *int, before *string) {
	return argInt(a, "last"), argStr(a, "before")
}

func (x *compiledRun) queryObject(ctx context.Context, set ast.SelectionSet) error {
	p := x.p
	return x.object(ctx, "Query", set, func(ctx context.Context, f graphql.CollectedField) error {
		a, err := x.argsOf(ctx, "Query", f)
		if err != nil {
			return err
		}
		fctx := x.fieldCtx(ctx, "Query", f, a)
		first, after := page(a)
		last, before := pageBack(a)
		id, key := oneOf(a)
		order := argOrder(a)
		switch f.Name {
		case "competency":
			return single(x, ctx, f, id, key, p.query.Competency, x.competency)
		case "credential":
			return single(x, ctx, f, id, key, p.query.Credential, x.credential)
		case "jobRole":
			return single(x, ctx, f, id, key, p.query.JobRole, x.jobRole)
		case "block":
			return single(x, ctx, f, id, key, p.query.Block, x.block)
		case "learner":
			return single(x, ctx, f, id, key, p.query.Learner, x.learner)
		case "competencies":
			return listing(x, ctx, f, a, "CompetencyConnection",
				func(w *model.CompetencyWhere) (*model.CompetencyConnection, error) {
					return p.query.Competencies(fctx, first, after, last, before, w, order)
				}, competencyConn, x.competencyEdge)
		case "credentials":
			return listing(x, ctx, f, a, "CredentialConnection",
				func(w *model.CredentialWhere) (*model.CredentialConnection, error) {
					return p.query.Credentials(fctx, first, after, last, before, w, order)
				}, credentialConn, x.credentialEdge)
		case "jobRoles":
			return listing(x, ctx, f, a, "JobRoleConnection",
				func(w *model.JobRoleWhere) (*model.JobRoleConnection, error) {
					return p.query.JobRoles(fctx, first, after, last, before, w, order)
				}, jobRoleConn, x.jobRoleEdge)
		case "blocks":
			return listing(x, ctx, f, a, "BlockConnection",
				func(w *model.BlockWhere) (*model.BlockConnection, error) {
					return p.query.Blocks(fctx, first, after, last, before, w, order)
				}, blockConn, x.blockEdge)
		}
		return errNotCompiled
	})
}

// single writes a root field reading one node by id or key: null when it does not exist.
func single[T any](x *compiledRun, ctx context.Context, f graphql.CollectedField, id, key *string,
	read func(context.Context, *string, *string) (*T, error), write func(context.Context, ast.SelectionSet, *T) error) error {
	n, err := read(x.fieldCtx(ctx, "Query", f, nil), id, key)
	if err != nil || !x.catalogueInMemory(ctx) {
		return errNotCompiled
	}
	return nullable(x, n, func() error { return write(ctx, f.Selections, n) })
}

// listing writes a root field listing nodes of one kind, filtered by its where argument of type W.
func listing[W, C, E any](x *compiledRun, ctx context.Context, f graphql.CollectedField, a map[string]any, typ string,
	list func(*W) (*C, error), parts func(*C) ([]*E, *model.PageInfo, int),
	edge func(context.Context, ast.SelectionSet, *E) error) error {
	where, ok := argWhere[W](a)
	if !ok || !x.catalogueInMemory(ctx) {
		return errNotCompiled
	}
	c, err := resolved(list(where))
	if err != nil {
		return err
	}
	edges, info, total := parts(c)
	return connection(x, ctx, typ, f.Selections, edges, info, total, edge)
}

// The parts of each connection type: its edges, page info and count.
func competencyConn(c *model.CompetencyConnection) ([]*model.CompetencyEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func credentialConn(c *model.CredentialConnection) ([]*model.CredentialEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func jobRoleConn(c *model.JobRoleConnection) ([]*model.JobRoleEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func blockConn(c *model.BlockConnection) ([]*model.BlockEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func requirementConn(c *model.RequirementConnection) ([]*model.RequirementEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func roleRequirementConn(c *model.RoleRequirementConnection) ([]*model.RoleRequirementEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func competencyLevelConn(c *model.CompetencyLevelConnection) ([]*model.CompetencyLevelEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func holdingConn(c *model.HoldingConnection) ([]*model.HoldingEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}
func credentialLevelConn(c *model.CredentialLevelConnection) ([]*model.CredentialLevelEdge, *model.PageInfo, int) {
	return c.Edges, c.PageInfo, c.TotalCount
}

// related writes a connection field of an object of type typ: its arguments coerced once, its
// resolver given the field context it would have under gqlgen.
func related[C, E any](x *compiledRun, ctx context.Context, typ string, f graphql.CollectedField, connType string,
	resolve func(fctx context.Context, a map[string]any, first *int, after *string) (*C, error),
	parts func(*C) ([]*E, *model.PageInfo, int), edge func(context.Context, ast.SelectionSet, *E) error) error {
	a, err := x.argsOf(ctx, typ, f)
	if err != nil {
		return err
	}
	first, after := page(a)
	c, err := resolved(resolve(x.fieldCtx(ctx, typ, f, a), a, first, after))
	if err != nil {
		return err
	}
	edges, info, total := parts(c)
	return connection(x, ctx, connType, f.Selections, edges, info, total, edge)
}

// connection writes any of the catalogue's connections: its edges, page info and count.
func connection[E any](x *compiledRun, ctx context.Context, typ string, set ast.SelectionSet, edges []*E,
	info *model.PageInfo, total int, edge func(context.Context, ast.SelectionSet, *E) error) error {
	return x.object(ctx, typ, set, func(ctx context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "edges":
			x.w.WriteByte('[')
			for i, e := range edges {
				if i > 0 {
					x.w.WriteByte(',')
				}
				if e == nil {
					return errNotCompiled
				}
				if err := edge(ctx, f.Selections, e); err != nil {
					return err
				}
			}
			x.w.WriteByte(']')
			return nil
		case "pageInfo":
			if info == nil {
				return errNotCompiled
			}
			return x.pageInfo(ctx, f.Selections, info)
		case "totalCount":
			x.integer(total)
			return nil
		}
		return errNotCompiled
	})
}

func (x *compiledRun) pageInfo(ctx context.Context, set ast.SelectionSet, info *model.PageInfo) error {
	return x.object(ctx, "PageInfo", set, func(_ context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "hasNextPage":
			x.boolean(info.HasNextPage)
		case "hasPreviousPage":
			x.boolean(info.HasPreviousPage)
		case "startCursor":
			x.optStr(info.StartCursor)
		case "endCursor":
			x.optStr(info.EndCursor)
		default:
			return errNotCompiled
		}
		return nil
	})
}

// edgeNode writes an edge's node, which the schema says is never null.
func edgeNode[T any](x *compiledRun, ctx context.Context, set ast.SelectionSet, n *T,
	write func(context.Context, ast.SelectionSet, *T) error) error {
	if n == nil {
		return errNotCompiled
	}
	return write(ctx, set, n)
}

// edgeParts are what an edge of one of the catalogue's connections carries beside its node:
// nil for what its type does not have.
type edgeParts struct {
	cursor     string
	importance *graph.Importance
	level      *int
	weight     *float64
	source     *graph.HoldingSource
}

// edge writes an edge of type typ.
func edge[N any](x *compiledRun, ctx context.Context, typ string, set ast.SelectionSet, parts edgeParts, node *N,
	write func(context.Context, ast.SelectionSet, *N) error) error {
	return x.object(ctx, typ, set, func(ctx context.Context, f graphql.CollectedField) error {
		switch {
		case f.Name == "cursor":
			x.str(parts.cursor)
		case f.Name == "node":
			return edgeNode(x, ctx, f.Selections, node, write)
		case f.Name == "importance" && parts.importance != nil:
			x.str(string(*parts.importance))
		case f.Name == "level" && parts.level != nil:
			x.integer(*parts.level)
		case f.Name == "weight" && parts.weight != nil:
			return x.float(*parts.weight)
		case f.Name == "source" && parts.source != nil:
			x.str(string(*parts.source))
		default:
			return errNotCompiled
		}
		return nil
	})
}

func (x *compiledRun) competencyEdge(ctx context.Context, set ast.SelectionSet, e *model.CompetencyEdge) error {
	return edge(x, ctx, "CompetencyEdge", set, edgeParts{cursor: e.Cursor}, e.Node, x.competency)
}

func (x *compiledRun) requirementEdge(ctx context.Context, set ast.SelectionSet, e *model.RequirementEdge) error {
	return edge(x, ctx, "RequirementEdge", set,
		edgeParts{cursor: e.Cursor, importance: &e.Importance, level: &e.Level, weight: &e.Weight}, e.Node, x.competency)
}

func (x *compiledRun) roleRequirementEdge(ctx context.Context, set ast.SelectionSet, e *model.RoleRequirementEdge) error {
	return edge(x, ctx, "RoleRequirementEdge", set,
		edgeParts{cursor: e.Cursor, importance: &e.Importance, level: &e.Level, weight: &e.Weight}, e.Node, x.jobRole)
}

func (x *compiledRun) competencyLevelEdge(ctx context.Context, set ast.SelectionSet, e *model.CompetencyLevelEdge) error {
	return edge(x, ctx, "CompetencyLevelEdge", set, edgeParts{cursor: e.Cursor, level: &e.Level}, e.Node, x.competency)
}

func (x *compiledRun) holdingEdge(ctx context.Context, set ast.SelectionSet, e *model.HoldingEdge) error {
	return edge(x, ctx, "HoldingEdge", set, edgeParts{cursor: e.Cursor, level: &e.Level, source: &e.Source}, e.Node, x.competency)
}

func (x *compiledRun) credentialEdge(ctx context.Context, set ast.SelectionSet, e *model.CredentialEdge) error {
	return edge(x, ctx, "CredentialEdge", set, edgeParts{cursor: e.Cursor}, e.Node, x.credential)
}

func (x *compiledRun) credentialLevelEdge(ctx context.Context, set ast.SelectionSet, e *model.CredentialLevelEdge) error {
	return edge(x, ctx, "CredentialLevelEdge", set, edgeParts{cursor: e.Cursor, level: &e.Level}, e.Node, x.credential)
}

func (x *compiledRun) blockEdge(ctx context.Context, set ast.SelectionSet, e *model.BlockEdge) error {
	return edge(x, ctx, "BlockEdge", set, edgeParts{cursor: e.Cursor}, e.Node, x.block)
}

func (x *compiledRun) jobRoleEdge(ctx context.Context, set ast.SelectionSet, e *model.JobRoleEdge) error {
	return edge(x, ctx, "JobRoleEdge", set, edgeParts{cursor: e.Cursor}, e.Node, x.jobRole)
}

// strField writes a nullable string a resolver computes.
func (x *compiledRun) strField(s *string, err error) error {
	if err != nil {
		return errNotCompiled
	}
	x.optStr(s)
	return nil
}

// name writes a non-null string a resolver computes.
func (x *compiledRun) name(s string, err error) error {
	if err != nil {
		return errNotCompiled
	}
	x.str(s)
	return nil
}

func (x *compiledRun) competency(ctx context.Context, set ast.SelectionSet, c *graph.Competency) error {
	r := x.p.competency
	return x.object(ctx, "Competency", set, func(ctx context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.str(nodeGlobalID(c))
		case "key":
			x.str(c.ID)
		case "name":
			a, err := x.argsOf(ctx, "Competency", f)
			if err != nil {
				return err
			}
			return x.name(r.Name(ctx, c, argLang(a)))
		case "description":
			return x.strField(r.Description(ctx, c))
		case "altLabels":
			x.strs(c.AltLabels)
		case "alignmentUri":
			return x.strField(r.AlignmentURI(ctx, c))
		case "code":
			return x.strField(r.Code(ctx, c))
		case "broader", "narrower":
			list := r.Broader
			if f.Name == "narrower" {
				list = r.Narrower
			}
			return related(x, ctx, "Competency", f, "CompetencyConnection",
				func(fctx context.Context, _ map[string]any, first *int, after *string) (*model.CompetencyConnection, error) {
					return list(fctx, c, first, after)
				}, competencyConn, x.competencyEdge)
		case "certifiedBy":
			return related(x, ctx, "Competency", f, "CredentialLevelConnection",
				func(fctx context.Context, a map[string]any, first *int, after *string) (*model.CredentialLevelConnection, error) {
					return r.CertifiedBy(fctx, c, first, after, argInt(a, "minLevel"))
				}, credentialLevelConn, x.credentialLevelEdge)
		case "requiredBy":
			return related(x, ctx, "Competency", f, "RoleRequirementConnection",
				func(fctx context.Context, a map[string]any, first *int, after *string) (*model.RoleRequirementConnection, error) {
					return r.RequiredBy(fctx, c, first, after, argImportance(a))
				}, roleRequirementConn, x.roleRequirementEdge)
		default:
			return errNotCompiled
		}
		return nil
	})
}

func (x *compiledRun) jobRole(ctx context.Context, set ast.SelectionSet, j *graph.JobRole) error {
	r := x.p.jobRole
	return x.object(ctx, "JobRole", set, func(ctx context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.str(nodeGlobalID(j))
		case "key":
			x.str(j.ID)
		case "title":
			a, err := x.argsOf(ctx, "JobRole", f)
			if err != nil {
				return err
			}
			return x.name(r.Title(ctx, j, argLang(a)))
		case "description":
			return x.strField(r.Description(ctx, j))
		case "altLabels":
			x.strs(j.AltLabels)
		case "iscoGroup":
			return x.strField(r.IscoGroup(ctx, j))
		case "alignmentUri":
			return x.strField(r.AlignmentURI(ctx, j))
		case "code":
			return x.strField(r.Code(ctx, j))
		case "requirements":
			return related(x, ctx, "JobRole", f, "RequirementConnection",
				func(fctx context.Context, a map[string]any, first *int, after *string) (*model.RequirementConnection, error) {
					return r.Requirements(fctx, j, first, after, argImportance(a))
				}, requirementConn, x.requirementEdge)
		default:
			return errNotCompiled
		}
		return nil
	})
}

func (x *compiledRun) credential(ctx context.Context, set ast.SelectionSet, c *graph.Credential) error {
	r := x.p.credential
	return x.object(ctx, "Credential", set, func(ctx context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.str(nodeGlobalID(c))
		case "key":
			x.str(c.ID)
		case "title":
			x.str(c.Title)
		case "description":
			return x.strField(r.Description(ctx, c))
		case "outcomes":
			x.strs(c.Outcomes)
		case "hours":
			return x.float(c.Hours)
		case "ects":
			v, err := r.Ects(ctx, c)
			if err != nil {
				return errNotCompiled
			}
			x.optFloat(v)
		case "eqfLevel":
			v, err := r.EqfLevel(ctx, c)
			if err != nil {
				return errNotCompiled
			}
			x.optInt(v)
		case "language":
			x.str(c.Language)
		case "price":
			return x.float(c.Price)
		case "currency":
			return x.strField(r.Currency(ctx, c))
		case "country":
			return x.strField(r.Country(ctx, c))
		case "url":
			return x.strField(r.URL(ctx, c))
		case "certifies", "requiredCompetencies":
			list := r.Certifies
			if f.Name == "requiredCompetencies" {
				list = r.RequiredCompetencies
			}
			return related(x, ctx, "Credential", f, "CompetencyLevelConnection",
				func(fctx context.Context, _ map[string]any, first *int, after *string) (*model.CompetencyLevelConnection, error) {
					return list(fctx, c, first, after)
				}, competencyLevelConn, x.competencyLevelEdge)
		case "prerequisites", "requiredBy":
			list := r.Prerequisites
			if f.Name == "requiredBy" {
				list = r.RequiredBy
			}
			return related(x, ctx, "Credential", f, "CredentialConnection",
				func(fctx context.Context, _ map[string]any, first *int, after *string) (*model.CredentialConnection, error) {
					return list(fctx, c, first, after)
				}, credentialConn, x.credentialEdge)
		case "blocks":
			return related(x, ctx, "Credential", f, "BlockConnection",
				func(fctx context.Context, _ map[string]any, first *int, after *string) (*model.BlockConnection, error) {
					return r.Blocks(fctx, c, first, after)
				}, blockConn, x.blockEdge)
		default:
			return errNotCompiled
		}
		return nil
	})
}

func (x *compiledRun) block(ctx context.Context, set ast.SelectionSet, b *graph.Block) error {
	r := x.p.block
	return x.object(ctx, "Block", set, func(ctx context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.str(nodeGlobalID(b))
		case "key":
			x.str(b.ID)
		case "title":
			x.str(b.Title)
		case "description":
			return x.strField(r.Description(ctx, b))
		case "rule":
			return x.rule(ctx, f.Selections, &b.Rule)
		case "certification":
			x.boolean(b.Certification)
		case "code":
			return x.strField(r.Code(ctx, b))
		case "partOf":
			return related(x, ctx, "Block", f, "BlockConnection",
				func(fctx context.Context, _ map[string]any, first *int, after *string) (*model.BlockConnection, error) {
					return r.PartOf(fctx, b, first, after)
				}, blockConn, x.blockEdge)
		default:
			return errNotCompiled
		}
		return nil
	})
}

// learner writes a learner the caller may read (the resolvers apply the access policy, as under
// gqlgen): their holdings and targets come from the read of the learner, which brings them along.
func (x *compiledRun) learner(ctx context.Context, set ast.SelectionSet, l *graph.Learner) error {
	r := x.p.learner
	return x.object(ctx, "Learner", set, func(ctx context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.str(nodeGlobalID(l))
		case "key":
			x.str(l.ID)
		case "name":
			x.str(l.Name)
		case "holdings":
			return related(x, ctx, "Learner", f, "HoldingConnection",
				func(fctx context.Context, _ map[string]any, first *int, after *string) (*model.HoldingConnection, error) {
					return r.Holdings(fctx, l, first, after)
				}, holdingConn, x.holdingEdge)
		case "targets":
			return related(x, ctx, "Learner", f, "JobRoleConnection",
				func(fctx context.Context, _ map[string]any, first *int, after *string) (*model.JobRoleConnection, error) {
					return r.Targets(fctx, l, first, after)
				}, jobRoleConn, x.jobRoleEdge)
		default:
			return errNotCompiled
		}
		return nil
	})
}

func (x *compiledRun) rule(ctx context.Context, set ast.SelectionSet, rule *graph.Rule) error {
	r := x.p.rule
	return x.object(ctx, "StackingRule", set, func(ctx context.Context, f graphql.CollectedField) error {
		switch f.Name {
		case "kind":
			x.str(string(rule.Kind))
		case "count":
			n, err := r.Count(ctx, rule)
			if err != nil {
				return errNotCompiled
			}
			x.optInt(n)
		case "min":
			v, err := r.Min(ctx, rule)
			if err != nil {
				return errNotCompiled
			}
			x.optFloat(v)
		default:
			return errNotCompiled
		}
		return nil
	})
}
