package resolvers

import (
	"context"
	"reflect"
	"strings"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/generated"
)

// Limits on the document, checked by one pass of the lexer before the query is parsed or
// validated: validation can cost more than linearly in the document (checking that repeated
// fields can merge compares them pairwise), so a document must be small before it is looked
// at. The README's largest query uses about 40 selections and 2 aliases.
const (
	MaxQueryBytes = 32 << 10 // the query text
	MaxTokens     = 4000     // lexical tokens, comments included
	MaxSelections = 500      // names outside arguments: fields, fragments, types
	MaxAliases    = 30       // aliased fields
	// MaxExpandedSelections bounds the fields an operation selects once its fragments are
	// expanded: a few fragments that each spread the previous one twice select 2^n fields.
	MaxExpandedSelections = 1000
	// Introspection costs counted in complexity: a whole schema is about this many fields
	// with their types, so an operation can ask for it at most twice; __type is one type.
	SchemaIntrospectionCost = 100000
	TypeIntrospectionCost   = 1000
)

// Codes of the requests the limits refuse, before anything runs.
const (
	codeDepthLimit         = "DEPTH_LIMIT_EXCEEDED"
	codeComplexityLimit    = "COMPLEXITY_LIMIT_EXCEEDED"
	codeDocumentLimit      = "DOCUMENT_LIMIT_EXCEEDED"
	codeIntrospectionOff   = "INTROSPECTION_DISABLED"
	schemaIntrospection    = "__schema"
	typeIntrospection      = "__type"
	introspectionFieldName = "__"
)

// Limit errors refuse the request before it runs: request errors, not field errors.
func init() {
	for _, c := range []string{codeDepthLimit, codeComplexityLimit, codeDocumentLimit, codeIntrospectionOff} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

func limitError(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": code}
	return err
}

// documentLimit bounds the document before parsing (see MaxTokens), and refuses introspection
// when it is off, naming no type or field.
type documentLimit struct{ introspection bool }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentLimit{}

func (documentLimit) ExtensionName() string                   { return "DocumentLimit" }
func (documentLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters counts in one lexer pass; a document that does not lex is left
// to the parser to refuse.
func (d documentLimit) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	st, err := measure(p.Query)
	if err != nil {
		return err
	}
	if st.introspection && !d.introspection {
		return limitError(codeIntrospectionOff, "introspection is disabled")
	}
	// Small now, the document is parsed once more (linear) to count its fragments' expansion.
	doc, perr := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, MaxTokens)
	if perr != nil {
		return nil // the executor's parser refuses it, with its message
	}
	if n := expandedSelections(doc); n > MaxExpandedSelections {
		return limitError(codeDocumentLimit, "the query selects more than %d fields once its fragments are expanded", MaxExpandedSelections)
	}
	return nil
}

// expandedSelections counts the fields of the document's operations with every fragment
// spread expanded, each fragment counted once (memo) so that the count itself is linear;
// counts saturate above MaxExpandedSelections, and fragment cycles count nothing (validation
// refuses them).
func expandedSelections(doc *ast.QueryDocument) int {
	memo := map[string]int{}
	visiting := map[string]bool{}
	var count func(ast.SelectionSet) int
	count = func(set ast.SelectionSet) int {
		n := 0
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				n += 1 + count(s.SelectionSet)
			case *ast.InlineFragment:
				n += count(s.SelectionSet)
			case *ast.FragmentSpread:
				if c, ok := memo[s.Name]; ok {
					n += c
					continue
				}
				f := doc.Fragments.ForName(s.Name)
				if f == nil || visiting[s.Name] {
					continue
				}
				visiting[s.Name] = true
				c := count(f.SelectionSet)
				delete(visiting, s.Name)
				memo[s.Name] = c
				n += c
			}
			n = min(n, MaxExpandedSelections+1)
		}
		return n
	}
	total := 0
	for _, op := range doc.Operations {
		total = min(total+count(op.SelectionSet), MaxExpandedSelections+1)
	}
	return total
}

// documentStats is what measure counts.
type documentStats struct {
	tokens, selections, aliases int
	introspection               bool // asks for __schema or __type
}

// measure lexes a document once, counting its tokens, the names outside arguments and the
// aliases; DOCUMENT_LIMIT_EXCEEDED as soon as one is over its limit.
func measure(query string) (documentStats, *gqlerror.Error) {
	var st documentStats
	if len(query) > MaxQueryBytes {
		return st, limitError(codeDocumentLimit, "the query is %d bytes; the limit is %d", len(query), MaxQueryBytes)
	}
	lx := lexer.New(&ast.Source{Input: query})
	parens := 0
	prevName := false
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return st, nil
		}
		st.tokens++
		if st.tokens > MaxTokens {
			return st, limitError(codeDocumentLimit, "the query has more than %d tokens", MaxTokens)
		}
		switch tok.Kind {
		case lexer.ParenL:
			parens++
		case lexer.ParenR:
			parens = max(parens-1, 0)
		case lexer.Colon:
			if parens == 0 && prevName {
				st.aliases++
				if st.aliases > MaxAliases {
					return st, limitError(codeDocumentLimit, "the query has more than %d aliases", MaxAliases)
				}
			}
		case lexer.Name:
			if parens == 0 {
				st.selections++
				if st.selections > MaxSelections {
					return st, limitError(codeDocumentLimit, "the query has more than %d selections", MaxSelections)
				}
				if tok.Value == schemaIntrospection || tok.Value == typeIntrospection {
					st.introspection = true
				}
			}
		}
		prevName = tok.Kind == lexer.Name && parens == 0
	}
}

// complexityLimit refuses operations costlier than max: gqlgen's count (one per field, times
// page sizes, see pageSizedComplexity) plus introspection, which gqlgen counts as nothing.
type complexityLimit struct {
	max int
	es  graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &complexityLimit{}

func (*complexityLimit) ExtensionName() string { return "ComplexityLimit" }
func (c *complexityLimit) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	return nil
}

func (c *complexityLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	cost := complexity.Calculate(ctx, c.es, oc.Operation, oc.Variables) +
		introspectionCost(oc.Operation.SelectionSet, map[string]bool{})
	if cost > c.max {
		return limitError(codeComplexityLimit, "operation has complexity %d, which exceeds the limit of %d", cost, c.max)
	}
	return nil
}

// introspectionCost adds SchemaIntrospectionCost per __schema and TypeIntrospectionCost per
// __type, wherever they are selected (aliases and fragments included).
func introspectionCost(set ast.SelectionSet, visiting map[string]bool) int {
	cost := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			switch s.Name {
			case schemaIntrospection:
				cost += SchemaIntrospectionCost
			case typeIntrospection:
				cost += TypeIntrospectionCost
			default:
				cost += introspectionCost(s.SelectionSet, visiting)
			}
		case *ast.InlineFragment:
			cost += introspectionCost(s.SelectionSet, visiting)
		case *ast.FragmentSpread:
			if s.Definition == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			cost += introspectionCost(s.Definition.SelectionSet, visiting)
			delete(visiting, s.Name)
		}
	}
	return cost
}

// depthLimit refuses operations nested deeper than max, introspection included.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, 0, map[string]bool{}); depth > d.max {
		return limitError(codeDepthLimit, "the operation is nested %d levels deep; the limit is %d", depth, d.max)
	}
	return nil
}

// selectionDepth returns the depth of the deepest field under set. visiting guards against
// fragment cycles (validation refuses them, but the limit must not depend on it).
func selectionDepth(set ast.SelectionSet, depth int, visiting map[string]bool) int {
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			d = selectionDepth(s.SelectionSet, depth+1, visiting)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, depth, visiting)
		case *ast.FragmentSpread:
			if s.Definition == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			d = selectionDepth(s.Definition.SelectionSet, depth, visiting)
			delete(visiting, s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// pageSizedComplexity makes every list field cost its page size times its children: the
// larger of its `first` and `last` arguments (DefaultEdgePageSize when neither is given), or
// the number of `ids` it is given. The generated complexity root has one typed function per
// field, whose parameters after the child complexity are the field's arguments in schema
// order; the schema says which are the page sizes, and the functions are set by reflection.
func pageSizedComplexity(root *generated.ComplexityRoot, schema *ast.Schema) {
	objects := reflect.ValueOf(root).Elem()
	for i := range objects.NumField() {
		fields := objects.Field(i)
		def := schemaType(schema, objects.Type().Field(i).Name)
		if fields.Kind() != reflect.Struct || def == nil {
			continue
		}
		for j := range fields.NumField() {
			f := fields.Field(j)
			field := schemaField(def, fields.Type().Field(j).Name)
			if f.Kind() != reflect.Func || field == nil {
				continue
			}
			var sizes, lists []int // parameter indexes
			for k, a := range field.Arguments {
				switch {
				case (a.Name == "first" || a.Name == "last") && a.Type.Name() == "Int" && a.Type.Elem == nil:
					sizes = append(sizes, k+1)
				case a.Name == "ids" && a.Type.Elem != nil:
					lists = append(lists, k+1)
				}
			}
			if len(sizes) == 0 && len(lists) == 0 {
				continue
			}
			t := f.Type()
			f.Set(reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
				size := 0
				for _, k := range sizes {
					if p := args[k].Interface().(*int); p != nil {
						size = max(size, *p)
					}
				}
				for _, k := range lists {
					size = max(size, args[k].Len())
				}
				if size == 0 && len(lists) == 0 {
					size = DefaultEdgePageSize
				}
				// Larger sizes fail on their own, naming the argument.
				size = min(max(size, 1), graph.MaxPageSize)
				return []reflect.Value{reflect.ValueOf(1 + size*int(args[0].Int()))}
			}))
		}
	}
}

// schemaType finds the object or interface type whose Go name (in the complexity root) is
// goName: gqlgen capitalises and spells initialisms in capitals ("RoleID").
func schemaType(s *ast.Schema, goName string) *ast.Definition {
	for name, def := range s.Types {
		if (def.Kind == ast.Object || def.Kind == ast.Interface) && sameName(name, goName) {
			return def
		}
	}
	return nil
}

func schemaField(def *ast.Definition, goName string) *ast.FieldDefinition {
	for _, f := range def.Fields {
		if sameName(f.Name, goName) {
			return f
		}
	}
	return nil
}

func sameName(graphqlName, goName string) bool {
	return strings.EqualFold(strings.ReplaceAll(graphqlName, "_", ""), goName)
}

// deferRefused refuses @defer and @stream: this endpoint sends each response whole, and a
// deferred field would otherwise come back null without an error.
type deferRefused struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = deferRefused{}

func (deferRefused) ExtensionName() string                   { return "DeferRefused" }
func (deferRefused) Validate(graphql.ExecutableSchema) error { return nil }
func (deferRefused) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if name := incremental(oc.Operation.SelectionSet, map[string]bool{}); name != "" {
		return limitError(CodeBadUserInput, "@%s is not supported: responses are sent whole; remove the directive", name)
	}
	return nil
}

// incremental returns "defer" or "stream" when a selection under set carries that directive.
func incremental(set ast.SelectionSet, visiting map[string]bool) string {
	for _, sel := range set {
		var dirs ast.DirectiveList
		var next ast.SelectionSet
		switch s := sel.(type) {
		case *ast.Field:
			dirs, next = s.Directives, s.SelectionSet
		case *ast.InlineFragment:
			dirs, next = s.Directives, s.SelectionSet
		case *ast.FragmentSpread:
			dirs = s.Directives
			if s.Definition != nil && !visiting[s.Name] {
				visiting[s.Name] = true
				next = s.Definition.SelectionSet
			}
		}
		for _, name := range []string{"defer", "stream"} {
			if dirs.ForName(name) != nil {
				return name
			}
		}
		if name := incremental(next, visiting); name != "" {
			return name
		}
	}
	return ""
}
