package generated

import (
	"context"
	"reflect"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// gqlgen marshals every list of objects with one goroutine per element, so that resolvers under
// the elements run concurrently and their loaders batch. When the elements select no resolver
// field at any depth (a page of requirement edges with their competencies' names), nothing can
// block and the goroutines are pure cost: marshalSlice marshals such lists in order instead.
// `go generate ./resolvers` points the generated code at it.

// resolverFields holds, per GraphQL type, the fields that have a resolver: the methods of the
// type's resolver interface, lower-cased.
var resolverFields = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	root := reflect.TypeFor[ResolverRoot]()
	for i := range root.NumMethod() {
		m := root.Method(i)
		if m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Interface {
			continue
		}
		fields := map[string]bool{}
		iface := m.Type.Out(0)
		for j := range iface.NumMethod() {
			fields[strings.ToLower(iface.Method(j).Name)] = true
		}
		out[m.Name] = fields
	}
	return out
}()

// selectsResolver reports whether any field of set, at any depth, has a resolver.
func selectsResolver(set ast.SelectionSet, depth int) bool {
	if depth > 64 {
		return true // deeper than any valid operation: do not guess
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.ObjectDefinition != nil && resolverFields[s.ObjectDefinition.Name][strings.ToLower(s.Name)] {
				return true
			}
			if selectsResolver(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.InlineFragment:
			if selectsResolver(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || selectsResolver(s.Definition.SelectionSet, depth+1) {
				return true
			}
		}
	}
	return false
}

// marshalSlice marshals a list in order when its elements select no resolver field, and
// concurrently otherwise (as gqlgen does).
func marshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	fc := graphql.GetFieldContext(ctx)
	if length < 2 || fc == nil || selectsResolver(fc.Field.Selections, 0) {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	ret := make(graphql.Array, length)
	for i := range length {
		idx := i
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &idx})
		func() {
			if !omitPanicHandler {
				defer func() {
					if r := recover(); r != nil {
						graphql.AddError(childCtx, graphql.Recover(childCtx, r))
						ret[idx] = graphql.Null
					}
				}()
			}
			ret[idx] = marshalElement(childCtx, idx)
		}()
	}
	return ret
}

// gqlgen also starts every object with graphql.NewDeferredGroup, which builds the object's full
// response path (one allocation per level) and an empty field set and map, although they serve
// only fields under @defer. On a page of a thousand edges that path building was a quarter of
// the allocations. deferredGroup builds the group only when one of the object's fields is
// deferred; otherwise the zero group is never read (ResolveConcurrently touches it only for a
// deferred field, and an empty Defers map schedules nothing). `go generate ./resolvers` points
// the generated code at it.
func deferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}
