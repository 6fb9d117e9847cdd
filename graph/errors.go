package graph

import (
	"errors"
	"fmt"
)

// Error codes: the one vocabulary every store, the engine and the API speak. The GraphQL edge
// maps each code to an `extensions.code` once.
const (
	EINVALID         = "invalid"         // bad input; Field names the offending field
	ENOTFOUND        = "not_found"       // an id that does not exist
	ECONFLICT        = "conflict"        // duplicate id, or a change that would break a reference
	EFORBIDDEN       = "forbidden"       // the caller may not do this
	EUNAUTHENTICATED = "unauthenticated" // the caller is unknown
	EUNAVAILABLE     = "unavailable"     // the store cannot be reached now; retrying later may work
	EINTERNAL        = "internal"        // anything else; its message never reaches clients
)

// Error is a domain error: a code, a message safe to show to clients and, for invalid input,
// the path of the field at fault (e.g. "credential.hours").
type Error struct {
	Code    string
	Field   string
	Message string
	Err     error // the cause, kept for logs; never shown to clients
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error naming the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an ENOTFOUND error for an id of a kind.
func NotFound(kind Kind, id string) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %q not found", kind, id)}
}

// Unavailable wraps the failure to reach the store: clients see only that it is unavailable.
func Unavailable(err error) *Error {
	return &Error{Code: EUNAVAILABLE, Message: "the service is unavailable; try again shortly", Err: err}
}

// Internal wraps an unexpected error; clients only ever see "internal error".
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: "internal error", Err: err}
}

// ErrorCode returns the code of the first domain error in err's chain; EINTERNAL for any
// other non-nil error, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorField returns the field named by the first domain error in err's chain, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessage returns the client-safe message of err: the domain message with its field, or
// "internal error" for anything that is not a domain error or is internal.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return "internal error"
}

// Within re-homes a domain error's field under prefix ("name" within "nodes[3]" is
// "nodes[3].name"), for errors about one item of a batch. Other errors pass through.
func Within(prefix string, err error) error {
	var ge *Error
	if !errors.As(err, &ge) {
		return err
	}
	c := *ge
	if c.Field == "" {
		c.Field = prefix
	} else {
		c.Field = prefix + "." + c.Field
	}
	return &c
}
