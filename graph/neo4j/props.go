package neo4j

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
)

// timeProps are the top-level time fields. They are stored as graph.FormatTime strings so that
// they sort as the times do and compare equal to graph.SortValue's cursors.
var timeProps = map[string]bool{"createdAt": true, "updatedAt": true, "issuedAt": true, "validUntil": true}

// usable reports whether n is a node that can be marshalled (not nil, not a nil pointer).
func usable(n graph.Node) bool {
	if n == nil {
		return false
	}
	v := reflect.ValueOf(n)
	return v.Kind() != reflect.Pointer || !v.IsNil()
}

// flatten turns a node into Neo4j properties: the fields of its record (graph/record), with
// numbers kept as int64 when integral, lists of strings as lists, anything nested as a JSON
// string (listed in _json), and times normalised to graph.FormatTime.
func flatten(n graph.Node) (map[string]any, error) {
	b, err := record.Encode(n)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	props := make(map[string]any, len(m)+8)
	var nested []string
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			// Neo4j has no null properties; an absent property decodes to the zero value.
		case string:
			if timeProps[k] {
				t, err := time.Parse(time.RFC3339Nano, v)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", k, err)
				}
				v = graph.FormatTime(t)
			}
			props[k] = v
		case bool:
			props[k] = v
		case json.Number:
			if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
				props[k] = i
			} else if f, err := v.Float64(); err == nil {
				props[k] = f
			} else {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
		default:
			if list, ok := v.([]any); ok {
				if strs, ok := stringList(list); ok {
					props[k] = strs
					break
				}
			}
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			props[k] = string(raw)
			nested = append(nested, k)
		}
	}
	if len(nested) > 0 {
		slices.Sort(nested)
		props["_json"] = nested
	}
	return props, nil
}

func stringList(list []any) ([]string, bool) {
	out := make([]string, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// unflatten is flatten's inverse: properties back to a node of kind k.
func unflatten(k graph.Kind, props map[string]any) (graph.Node, error) {
	nested := map[string]bool{}
	if list, ok := props["_json"].([]any); ok {
		for _, x := range list {
			if s, ok := x.(string); ok {
				nested[s] = true
			}
		}
	} else if list, ok := props["_json"].([]string); ok {
		for _, s := range list {
			nested[s] = true
		}
	}
	m := make(map[string]any, len(props))
	for key, v := range props {
		if strings.HasPrefix(key, "_") {
			continue
		}
		if nested[key] {
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("property %s: want a JSON string, got %T", key, v)
			}
			m[key] = json.RawMessage(s)
			continue
		}
		m[key] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return record.Decode(k, b)
}

// nodeOf decodes a node read from the database, taking its kind from its labels.
func nodeOf(v dbtype.Node) (graph.Node, error) {
	k, ok := kindOf(v.Labels)
	if !ok {
		return nil, fmt.Errorf("node %v has no kind label", v.Labels)
	}
	return unflatten(k, v.Props)
}

// nodeValue decodes a record value that should be a node.
func nodeValue(v any) (graph.Node, error) {
	dn, ok := v.(dbtype.Node)
	if !ok {
		return nil, fmt.Errorf("want a node, got %T", v)
	}
	return nodeOf(dn)
}

func kindOf(labels []string) (graph.Kind, bool) {
	for _, l := range labels {
		if k := graph.Kind(l); k.Valid() {
			return k, true
		}
	}
	return "", false
}

// labelsKind reads a record's list of labels (from labels(n)).
func labelsKind(v any) (graph.Kind, bool) {
	list, ok := v.([]any)
	if !ok {
		return "", false
	}
	for _, x := range list {
		if s, ok := x.(string); ok {
			if k := graph.Kind(s); k.Valid() {
				return k, true
			}
		}
	}
	return "", false
}

// prepare validates n and returns a copy of it as the store will keep it (times in UTC at
// millisecond precision), leaving the caller's node untouched.
func prepare(n graph.Node) (graph.Node, error) {
	if !usable(n) {
		return nil, graph.Invalid("node", "must not be nil")
	}
	props, err := flatten(n)
	if err != nil {
		return nil, graph.Invalid("node", "cannot be encoded: %v", err)
	}
	c, err := unflatten(n.NodeKind(), props)
	if err != nil {
		return nil, graph.Invalid("node", "cannot be encoded: %v", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// encode returns the properties stored for n, derived ones included, as storageVersion lays
// them out.
func encode(n graph.Node) (map[string]any, error) {
	props, err := flatten(n)
	if err != nil {
		return nil, err
	}
	props["_v"] = int64(storageVersion)
	props["_name"] = n.DisplayName()
	props["_hash"] = record.Hash(n)
	_, labels, desc := graph.Texts(n)
	if len(labels) > 0 {
		props["_labels"] = strings.Join(labels, "\n")
	}
	if slices.Contains(graph.SearchableKinds, n.NodeKind()) {
		names := graph.SearchNames(n)
		props["_sname"] = names[0]
		// Lucene reads every label's words in one text; ranking reads each label apart.
		props["_slabels"] = strings.Join(names[1:], " ")
		if len(names) > 1 {
			props["_snames"] = names[1:]
		}
		props["_sdesc"] = strings.Join(graph.SearchTerms(desc), " ")
	}
	return props, nil
}

// stamped returns a copy of props with the given timestamps, and the node it encodes.
func stamped(k graph.Kind, props map[string]any, created, updated string) (map[string]any, graph.Node, error) {
	p := maps.Clone(props)
	p["createdAt"], p["updatedAt"] = created, updated
	n, err := unflatten(k, p)
	return p, n, err
}

// cypherType maps an edge type to its relationship type in the database. PREREQUISITE and
// ROLE_REQUIRES are both REQUIRES, as in the product brief; the kinds of their ends tell them
// apart, so every pattern over them names the start's label.
func cypherType(t graph.RelType) string {
	switch t {
	case graph.RelPrerequisite, graph.RelRoleRequires:
		return "REQUIRES"
	}
	return string(t)
}

// edgeProps returns the properties stored on a relationship for e (normalised).
func edgeProps(e graph.Edge) map[string]any {
	spec := graph.Rels[e.Type]
	p := map[string]any{}
	if spec.Level {
		p["level"] = int64(e.Level)
	}
	if spec.Importance {
		p["importance"] = string(e.Importance)
		p["weight"] = e.Weight
	}
	if spec.RelKind && e.Kind != "" {
		p["kind"] = e.Kind
	}
	if spec.Source {
		p["source"] = string(e.Source)
		if e.Since != nil {
			p["since"] = graph.FormatTime(*e.Since)
		}
	}
	return p
}

// edgeOf decodes a relationship's properties into an edge of type t.
func edgeOf(t graph.RelType, from, to string, v any) (graph.Edge, error) {
	e := graph.Edge{Type: t, From: from, To: to}
	p, ok := v.(map[string]any)
	if !ok {
		return e, fmt.Errorf("edge properties: want a map, got %T", v)
	}
	for k, x := range p {
		var ok bool
		switch k {
		case "level":
			var i int64
			i, ok = x.(int64)
			e.Level = int(i)
		case "weight":
			switch w := x.(type) {
			case float64:
				e.Weight, ok = w, true
			case int64:
				e.Weight, ok = float64(w), true
			}
		case "importance":
			var s string
			s, ok = x.(string)
			e.Importance = graph.Importance(s)
		case "kind":
			e.Kind, ok = x.(string)
		case "source":
			var s string
			s, ok = x.(string)
			e.Source = graph.HoldingSource(s)
		case "since":
			var s string
			if s, ok = x.(string); ok {
				t, err := time.Parse(time.RFC3339Nano, s)
				if err != nil {
					return e, fmt.Errorf("edge since: %w", err)
				}
				e.Since = &t
			}
		default:
			ok = true // position on COMPRISES, or properties of a later version
		}
		if !ok {
			return e, fmt.Errorf("edge property %s: unexpected %T", k, x)
		}
	}
	return e, nil
}

// refRel is a relationship that mirrors a to-one field.
type refRel struct {
	Type  string // relationship type
	From  string
	To    string
	Props map[string]any
}

// refRels lists the relationships that mirror n's to-one fields and block components.
func refRels(n graph.Node) []refRel {
	id := n.NodeID()
	var out []refRel
	add := func(typ, from, to string) {
		if from != "" && to != "" {
			out = append(out, refRel{Type: typ, From: from, To: to, Props: map[string]any{}})
		}
	}
	switch v := n.(type) {
	case *graph.Competency:
		add("IN_FRAMEWORK", id, v.FrameworkID)
	case *graph.JobRole:
		add("IN_FRAMEWORK", id, v.FrameworkID)
		add("OFFERED_BY", id, v.OrganizationID)
	case *graph.Credential:
		add("AWARDED_BY", id, v.OrganizationID)
	case *graph.Block:
		add("AWARDED_BY", id, v.OrganizationID)
		for i, c := range v.Components {
			out = append(out, refRel{Type: "COMPRISES", From: id, To: c, Props: map[string]any{"position": int64(i)}})
		}
	case *graph.Achievement:
		add("EARNED", v.LearnerID, id)
		add("OF", id, v.SubjectID())
	}
	return out
}

// refTypes are the relationship types refRels makes, in a stable order.
var refTypes = []string{"IN_FRAMEWORK", "OFFERED_BY", "AWARDED_BY", "COMPRISES", "EARNED", "OF"}
