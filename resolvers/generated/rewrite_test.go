package generated

import (
	"os"
	"strings"
	"testing"
)

// TestGeneratedCodeIsRewritten fails when the code was generated without the rewrites of
// `go generate ./resolvers` (gen.go), which keep lists without resolvers on one goroutine and
// objects without deferred fields from building their response path.
func TestGeneratedCodeIsRewritten(t *testing.T) {
	src, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range []string{"graphql.MarshalSliceConcurrently(", "graphql.NewDeferredGroup("} {
		if n := strings.Count(string(src), call); n > 0 {
			t.Errorf("generated.go calls %s %d times: run go generate ./resolvers", call, n)
		}
	}
	for _, call := range []string{"marshalSlice(", "deferredGroup(ctx, fields)"} {
		if !strings.Contains(string(src), call) {
			t.Errorf("generated.go never calls %s: run go generate ./resolvers", call)
		}
	}
}
