package resolvers

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
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
	CodeInternal        = "INTERNAL"
)

var codes = map[string]string{
	graph.EINVALID:         CodeBadUserInput,
	graph.ENOTFOUND:        CodeNotFound,
	graph.ECONFLICT:        CodeConflict,
	graph.EFORBIDDEN:       CodeForbidden,
	graph.EUNAUTHENTICATED: CodeUnauthenticated,
	graph.EINTERNAL:        CodeInternal,
}

// ErrorObserver, when set, is told the code of every error sent to a client (for metrics).
type ErrorObserver func(code string)

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
		if f := graph.ErrorField(cause); f != "" && code == graph.EINVALID {
			out.Extensions["field"] = f
		}
		if code == graph.EINTERNAL {
			logger.ErrorContext(ctx, "request failed", "path", out.Path.String(), "err", cause)
		}
		if observe != nil {
			observe(codes[code])
		}
		return out
	}
}
