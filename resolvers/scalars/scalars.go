// Package scalars holds the GraphQL scalars of the API, stricter than gqlgen's defaults: an
// input of the wrong JSON type is refused instead of coerced (a number is not a String, a
// string is not a Float), numbers must be finite, and times must be RFC 3339. Each refusal is
// an EINVALID domain error, so it reaches clients as BAD_USER_INPUT naming the field, never as
// INTERNAL.
package scalars

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/skillgraph/skillgraph/graph"
)

// MarshalString writes a String.
func MarshalString(s string) graphql.Marshaler { return graphql.MarshalString(s) }

// UnmarshalString accepts a JSON string only. EINVALID otherwise.
func UnmarshalString(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", graph.Invalid("", "must be a string (got %s)", typeName(v))
}

// MarshalFloat writes a Float; non-finite values (never stored) are written as null.
func MarshalFloat(f float64) graphql.Marshaler {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) { io.WriteString(w, strconv.FormatFloat(f, 'g', -1, 64)) })
}

// UnmarshalFloat accepts a finite JSON number. EINVALID for strings (such as "NaN" or
// "Infinity"), other types, and numbers out of range.
func UnmarshalFloat(v any) (float64, error) {
	var f float64
	switch n := v.(type) {
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case float64:
		f = n
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(string(n), 64); err != nil {
			return 0, graph.Invalid("", "must be a finite number")
		}
	default:
		return 0, graph.Invalid("", "must be a number (got %s)", typeName(v))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, graph.Invalid("", "must be a finite number")
	}
	return f, nil
}

// MarshalInt writes an Int.
func MarshalInt(i int) graphql.Marshaler { return graphql.MarshalInt(i) }

// UnmarshalInt accepts a JSON integer within 32 bits, as GraphQL's Int is. EINVALID otherwise.
func UnmarshalInt(v any) (int, error) {
	var i int64
	switch n := v.(type) {
	case int:
		i = int64(n)
	case int64:
		i = n
	case float64:
		if n != math.Trunc(n) || math.Abs(n) > math.MaxInt32 {
			return 0, graph.Invalid("", "must be a 32-bit integer")
		}
		i = int64(n)
	case json.Number:
		var err error
		if i, err = strconv.ParseInt(string(n), 10, 64); err != nil {
			return 0, graph.Invalid("", "must be a 32-bit integer")
		}
	default:
		return 0, graph.Invalid("", "must be an integer (got %s)", typeName(v))
	}
	if i < math.MinInt32 || i > math.MaxInt32 {
		return 0, graph.Invalid("", "must be a 32-bit integer")
	}
	return int(i), nil
}

// MarshalTime writes a Time as RFC 3339; the zero time is null.
func MarshalTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

// UnmarshalTime accepts an RFC 3339 date-time with a time zone ("2026-03-02T00:00:00Z").
// EINVALID for anything else, such as "2026-13-45" or "yesterday".
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, graph.Invalid("", "must be an RFC 3339 date-time string (got %s)", typeName(v))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.IsZero() || t.Year() > 9999 {
		return time.Time{}, graph.Invalid("", "must be an RFC 3339 date-time, e.g. 2026-03-02T00:00:00Z")
	}
	return t, nil
}

// typeName names a decoded JSON value's type for messages, without echoing the value.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, int64, float64, json.Number:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
