package resolvers

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// Global ids are opaque to clients: base64url("Kind:key"). Store keys are unique across kinds,
// so the kind only lets node(id:) pick the right loader without a lookup.

// globalID returns the opaque id of the node of kind k with store key key.
func globalID(k graph.Kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(string(k) + ":" + key))
}

// nodeGlobalID returns n's opaque id.
func nodeGlobalID(n graph.Node) string { return globalID(n.NodeKind(), n.NodeID()) }

// decodeGlobalID splits an opaque id into kind and key; ok is false when id is not one.
func decodeGlobalID(id string) (k graph.Kind, key string, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(id, "="))
	if err != nil {
		return "", "", false
	}
	kind, key, found := strings.Cut(string(raw), ":")
	if !found || key == "" || !graph.Kind(kind).Valid() {
		return "", "", false
	}
	return graph.Kind(kind), key, true
}

// keyOf resolves an id argument to a store key. It accepts a global id of kind want (any kind
// when want is "") or, for convenience, a store key as it is. EINVALID naming field when id is
// empty or is the global id of another kind.
func keyOf(field string, id string, want graph.Kind) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", graph.Invalid(field, "must not be empty")
	}
	if len(id) > 4*graph.MaxIDLen {
		return "", graph.Invalid(field, "is too long")
	}
	if k, key, ok := decodeGlobalID(id); ok {
		if want != "" && k != want {
			return "", graph.Invalid(field, "is the id of a %s, not of a %s", k, want)
		}
		return key, nil
	}
	return id, nil
}

// keysOf resolves a list of id arguments; field is the list's name, items are named field[i].
func keysOf(field string, ids []string, want graph.Kind) ([]string, error) {
	if ids == nil {
		return nil, nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		key, err := keyOf(indexed(field, i), id, want)
		if err != nil {
			return nil, err
		}
		out[i] = key
	}
	return out, nil
}

func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}
