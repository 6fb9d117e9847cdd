package resolvers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/graph"
)

// GraphQL error codes (extensions.code), one per domain error code.
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeForbidden       = "FORBIDDEN"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeUnavailable     = "UNAVAILABLE"
	CodeInternal        = "INTERNAL"
)

var codes = map[string]string{
	graph.EINVALID:         CodeBadUserInput,
	graph.ENOTFOUND:        CodeNotFound,
	graph.ECONFLICT:        CodeConflict,
	graph.EFORBIDDEN:       CodeForbidden,
	graph.EUNAUTHENTICATED: CodeUnauthenticated,
	graph.EUNAVAILABLE:     CodeUnavailable,
	graph.EINTERNAL:        CodeInternal,
}

// ErrorObserver, when set, is told the code of every error sent to a client (for metrics).
type ErrorObserver func(code string)

// argumentPath names the argument a scalar refused ("input.constraints.deadline"): the part
// of the error's path below the field being resolved, which is where gqlgen places the
// arguments it unmarshals. "" when there is none.
func argumentPath(ctx context.Context, p ast.Path) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	field := fc.Path()
	if len(p) <= len(field) || p[:len(field)].String() != field.String() {
		return ""
	}
	var b strings.Builder
	for _, el := range p[len(field):] {
		switch v := el.(type) {
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(v))
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(v))
		}
	}
	return b.String()
}

// presenter is the one place errors become GraphQL errors: domain errors keep their client-safe
// message and get their code (and, for bad input, the field); anything else is logged and sent
// as "internal error", so internal messages never reach clients.
func presenter(logger *slog.Logger, observe ErrorObserver) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			// Parse, validation and limit errors made by the executor: already client-safe.
			if gqlErr.Path == nil {
				gqlErr.Path = graphql.GetPath(ctx)
			}
			if observe != nil {
				code, _ := gqlErr.Extensions["code"].(string)
				observe(code)
			}
			return gqlErr
		}
		cause := err
		if gqlErr != nil {
			cause = gqlErr.Err
		}
		code := graph.ErrorCode(cause)
		out := &gqlerror.Error{
			Message:    graph.ErrorMessage(cause),
			Path:       graphql.GetPath(ctx),
			Extensions: map[string]any{"code": codes[code]},
		}
		if gqlErr != nil && gqlErr.Path != nil {
			out.Path = gqlErr.Path
		}
		if code == graph.EINVALID {
			f := graph.ErrorField(cause)
			if f == "" {
				f = argumentPath(ctx, out.Path)
			}
			if f != "" {
				out.Extensions["field"] = f
			}
		}
		if code == graph.EINTERNAL || code == graph.EUNAVAILABLE {
			logger.ErrorContext(ctx, "request failed", "path", out.Path.String(), "err", cause)
		}
		if observe != nil {
			observe(codes[code])
		}
		return out
	}
}
