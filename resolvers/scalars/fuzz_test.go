package scalars

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// FuzzScalars feeds every JSON value to the scalars: they never panic, refuse with EINVALID,
// and accept only their own JSON type (finite numbers, strings, RFC 3339 times).
func FuzzScalars(f *testing.F) {
	for _, s := range []string{`"NaN"`, `"Infinity"`, `1e400`, `12`, `12.5`, `"12"`, `true`, `null`, `[]`, `{}`,
		`"2026-13-45"`, `"yesterday"`, `"2026-03-02T00:00:00Z"`, `-0`, `2147483648`, `"\u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber() // as the GraphQL transport decodes variables
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		refused := func(what string, err error) bool {
			if err != nil && graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("%s refused %s with %v, want EINVALID", what, data, err)
			}
			return err != nil
		}
		_, isString := v.(string)
		if x, err := UnmarshalFloat(v); !refused("Float", err) && (math.IsNaN(x) || math.IsInf(x, 0) || isString) {
			t.Fatalf("Float accepted %s as %v", data, x)
		}
		if _, err := UnmarshalInt(v); !refused("Int", err) && isString {
			t.Fatalf("Int accepted %s", data)
		}
		if _, err := UnmarshalString(v); refused("String", err) == isString {
			t.Fatalf("String: %s accepted=%v", data, err == nil)
		}
		if tm, err := UnmarshalTime(v); !refused("Time", err) && (!isString || tm.IsZero()) {
			t.Fatalf("Time accepted %s as %v", data, tm)
		}
	})
}
