package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// Create and update inputs arrive as maps (gqlgen has already checked them against the input
// types), so that an update can tell a field left out (kept) from a field set to null
// (cleared). Their field names are the domain types' JSON names: a map becomes a node by a JSON
// round trip, and validation stays in graph/, once.

// refFields lists, per kind, the input fields that hold ids of other nodes and the kind they
// name ("" for a credential or a block).
var refFields = map[graph.Kind]map[string]graph.Kind{
	graph.KindCompetency:  {"frameworkId": graph.KindFramework},
	graph.KindCredential:  {"organizationId": graph.KindOrganization},
	graph.KindBlock:       {"organizationId": graph.KindOrganization, "components": ""},
	graph.KindJobRole:     {"frameworkId": graph.KindFramework, "organizationId": graph.KindOrganization},
	graph.KindLearner:     {"inProgress": graph.KindCredential},
	graph.KindAchievement: {"learnerId": graph.KindLearner, "credentialId": graph.KindCredential, "blockId": graph.KindBlock},
}

// resolveRefs replaces global ids by store keys in the reference fields of an input.
func resolveRefs(k graph.Kind, in map[string]any) error {
	for field, want := range refFields[k] {
		switch v := in[field].(type) {
		case *string:
			if v == nil {
				continue
			}
			key, err := keyOf("input."+field, *v, want)
			if err != nil {
				return err
			}
			in[field] = key
		case string:
			key, err := keyOf("input."+field, v, want)
			if err != nil {
				return err
			}
			in[field] = key
		case []string:
			keys, err := keysOf("input."+field, v, want)
			if err != nil {
				return err
			}
			in[field] = keys
		}
	}
	return nil
}

// text returns the string an input map holds, whether gqlgen gave it as a string or a *string.
func text(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case *string:
		if s != nil {
			return *s
		}
	}
	return ""
}

// decodeNode turns a field map into a node of kind k.
func decodeNode(k graph.Kind, fields map[string]any) (graph.Node, error) {
	raw, err := json.Marshal(fields)
	if err != nil {
		return nil, graph.Internal(fmt.Errorf("encode %s input: %w", k, err))
	}
	n := graph.New(k)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(n); err != nil {
		return nil, graph.Internal(fmt.Errorf("decode %s input: %w", k, err))
	}
	return n, nil
}

// inputErr places a store's validation error under "input" so its field names the input field.
func inputErr(op string, err error) error {
	if graph.ErrorCode(err) == graph.EINVALID {
		err = graph.Within("input", err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// createNode creates a node of kind k from a create input.
func (r *Resolver) createNode(ctx context.Context, k graph.Kind, input map[string]any) (graph.Node, error) {
	in := maps.Clone(input)
	if key, ok := in["key"]; ok {
		if key != nil {
			in["id"] = key
		}
		delete(in, "key")
	}
	if err := resolveRefs(k, in); err != nil {
		return nil, err
	}
	id := text(in["id"])
	if nestedFields[k] != nil && id == "" {
		id = graph.NewID(k) // the relationships start from it
		in["id"] = id
	}
	edges, err := takeNested(k, id, in)
	if err != nil {
		return nil, err
	}
	n, err := decodeNode(k, in)
	if err != nil {
		return nil, err
	}
	var created graph.Node
	if len(edges) > 0 {
		// Its errors already name the input's fields.
		if created, err = r.guard.createWith(ctx, n, edges); err != nil {
			return nil, fmt.Errorf("create %s: %w", k, err)
		}
	} else if created, err = r.Store.Create(ctx, n); err != nil {
		return nil, inputErr("create "+string(k), err)
	}
	r.changed()
	return created, nil
}

// updateNode applies a partial update input to the stored node of kind k.
func (r *Resolver) updateNode(ctx context.Context, k graph.Kind, input map[string]any) (graph.Node, error) {
	in := maps.Clone(input)
	id, _ := in["id"].(string)
	key, err := keyOf("input.id", id, k)
	if err != nil {
		return nil, err
	}
	delete(in, "id")
	if err := resolveRefs(k, in); err != nil {
		return nil, err
	}
	current, err := r.Store.Get(ctx, k, key)
	if err != nil {
		return nil, fmt.Errorf("update %s: %w", k, err)
	}
	raw, err := json.Marshal(current)
	if err != nil {
		return nil, graph.Internal(fmt.Errorf("update %s: %w", k, err))
	}
	fields := map[string]any{}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, graph.Internal(fmt.Errorf("update %s: %w", k, err))
	}
	for f, v := range in {
		if v == nil {
			delete(fields, f) // null clears the field
		} else {
			fields[f] = v
		}
	}
	n, err := decodeNode(k, fields)
	if err != nil {
		return nil, err
	}
	updated, err := r.Store.Update(ctx, n)
	if err != nil {
		return nil, inputErr("update "+string(k), err)
	}
	r.changed()
	return updated, nil
}

// deleteNode deletes the node of kind k named by a global id or key. Unless cascade is true,
// relationships pointing at it (from nodes that would silently lose them) make it CONFLICT,
// naming them by type and count, and nothing changes; the caller's right to delete is checked
// first, so that the answer tells nothing to whoever may not delete it.
func (r *Resolver) deleteNode(ctx context.Context, k graph.Kind, id string, cascade *bool) (*model.DeletePayload, error) {
	key, err := keyOf("id", id, k)
	if err != nil {
		return nil, err
	}
	if cascade == nil || !*cascade {
		if err := r.guard.mayDelete(ctx, k, key); err != nil {
			return nil, fmt.Errorf("delete %s: %w", k, err)
		}
		if err := r.unreferenced(ctx, k, key); err != nil {
			return nil, fmt.Errorf("delete %s: %w", k, err)
		}
	}
	if err := r.Store.Delete(ctx, k, key); err != nil {
		return nil, fmt.Errorf("delete %s: %w", k, err)
	}
	r.changed()
	return &model.DeletePayload{DeletedID: globalID(k, key)}, nil
}

// unreferenced fails with ECONFLICT when relationships of other nodes point at the node: the
// counts per type, never the ids (they may be learners).
func (r *Resolver) unreferenced(ctx context.Context, k graph.Kind, key string) error {
	var refs []string
	for _, t := range graph.RelTypes {
		spec := graph.Rels[t]
		if t == graph.RelComprises || !slices.Contains(spec.To, k) {
			continue // components are fields: the store refuses those itself
		}
		// The raw store: the caller may delete the node, but not necessarily read who
		// points at it, which is why only counts are said.
		m, err := r.Raw.Edges(ctx, t, graph.Incoming, []string{key}, graph.EdgeFilter{})
		if err != nil {
			return err
		}
		if n := len(m[key]); n > 0 {
			refs = append(refs, fmt.Sprintf("%d %s from %s", n, t, spec.From))
		}
	}
	if len(refs) == 0 {
		return nil
	}
	return graph.Errorf(graph.ECONFLICT, "still referenced by %s; delete with cascade: true to remove those relationships too",
		strings.Join(refs, ", "))
}

// created converts a created or updated node to its Go type.
func as[T graph.Node](n graph.Node, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, graph.Internal(fmt.Errorf("store returned a %T", n))
	}
	return t, nil
}

// issueAchievement records a learner's achievement with its signed badge, in one write: the
// badge is signed (and its status position allocated) before the achievement is created, so
// that the achievement is never stored without it. Its id is random. With an idempotency key
// the store keeps one achievement per learner and key however many requests race, and every
// retry returns that achievement, with the very same badge. FORBIDDEN before anything is
// read when the caller may not issue to the learner (whether or not the learner exists);
// BAD_USER_INPUT for a partial validation of a credential that does not allow one.
func (r *Resolver) issueAchievement(ctx context.Context, input map[string]any) (*graph.Achievement, error) {
	in := maps.Clone(input)
	if err := resolveRefs(graph.KindAchievement, in); err != nil {
		return nil, err
	}
	cred, block := text(in["credentialId"]), text(in["blockId"])
	if (cred == "") == (block == "") {
		return nil, graph.Invalid("input.credentialId", "give exactly one of credentialId and blockId")
	}
	key := text(in["idempotencyKey"])
	if strings.HasPrefix(key, issuance.StackKeyPrefix) {
		return nil, graph.Invalid("input.idempotencyKey", "must not start with %q", issuance.StackKeyPrefix)
	}
	in["issuedAt"] = graph.Now()
	in["status"] = graph.StatusValid
	in["id"] = graph.NewID(graph.KindAchievement)
	n, err := decodeNode(graph.KindAchievement, in)
	if err != nil {
		return nil, err
	}
	a := n.(*graph.Achievement)
	if err := r.guard.check(ctx, access.Issue, a); err != nil {
		return nil, err
	}
	if err := r.checkPartial(ctx, a); err != nil {
		return nil, err
	}
	if key != "" {
		// A retry reads the first achievement without signing a badge it would throw away.
		if first, err := r.byIdempotencyKey(ctx, a.LearnerID, key); first != nil || err != nil {
			return first, err
		}
	}
	if r.Badges != nil {
		if a, err = r.Badges.Prepare(ctx, a); err != nil {
			return nil, inputErr("issue badge", err)
		}
	}
	created, err := r.Store.Create(ctx, a)
	if graph.ErrorCode(err) == graph.ECONFLICT && graph.ErrorField(err) == "idempotencyKey" {
		first, ferr := r.byIdempotencyKey(ctx, a.LearnerID, key)
		if first != nil || ferr != nil {
			return first, ferr
		}
	}
	if err != nil {
		return nil, inputErr("issue badge", err)
	}
	r.changed()
	return r.afterIssue(ctx, created.(*graph.Achievement))
}

// byIdempotencyKey returns the learner's achievement with the key, or nil when there is none
// the caller may see.
func (r *Resolver) byIdempotencyKey(ctx context.Context, learnerID, key string) (*graph.Achievement, error) {
	p, err := r.Store.List(ctx, graph.KindAchievement, graph.ListOptions{First: 1,
		Filter: graph.Filter{LearnerIDs: []string{learnerID}, IdempotencyKey: key}})
	if err != nil {
		return nil, fmt.Errorf("issue badge: %w", err)
	}
	if len(p.Items) == 0 {
		return nil, nil
	}
	return p.Items[0].(*graph.Achievement), nil
}

// checkPartial refuses a partial validation of a credential that does not allow one, or of a
// block.
func (r *Resolver) checkPartial(ctx context.Context, a *graph.Achievement) error {
	if !a.Partial {
		return nil
	}
	if a.CredentialID == "" {
		return graph.Invalid("input.partial", "only a credential can be partially validated")
	}
	n, err := r.Store.Get(ctx, graph.KindCredential, a.CredentialID)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil // the store names the field
	}
	if err != nil {
		return fmt.Errorf("issue badge: %w", err)
	}
	if !n.(*graph.Credential).PartialValidation {
		return graph.Invalid("input.partial", "the credential does not allow partial validation")
	}
	return nil
}

// edgeInput builds the edge a link or unlink names, resolving its ends' ids.
func edgeInput(t graph.RelType, from, to string) (graph.Edge, graph.RelSpec, error) {
	spec, ok := graph.Rels[t]
	if !ok {
		return graph.Edge{}, spec, graph.Invalid("type", "unknown relationship type %q", t)
	}
	f, err := keyOf("from", from, spec.From)
	if err != nil {
		return graph.Edge{}, spec, err
	}
	want := spec.To[0]
	if len(spec.To) > 1 {
		want = ""
	}
	tk, err := keyOf("to", to, want)
	if err != nil {
		return graph.Edge{}, spec, err
	}
	return graph.Edge{Type: t, From: f, To: tk}, spec, nil
}

// linkPayload loads both ends of an edge for the mutation's answer.
func (r *Resolver) linkPayload(ctx context.Context, e graph.Edge, spec graph.RelSpec) (*model.LinkPayload, error) {
	l := r.loaders(ctx)
	fromNode, err := l.node(ctx, spec.From, e.From)
	if err != nil {
		return nil, err
	}
	var toNode graph.Node
	for _, k := range spec.To {
		if toNode, err = l.node(ctx, k, e.To); err != nil {
			return nil, err
		}
		if toNode != nil {
			break
		}
	}
	if fromNode == nil {
		return nil, graph.NotFound(spec.From, e.From)
	}
	if toNode == nil {
		return nil, graph.NotFound(spec.To[0], e.To)
	}
	return &model.LinkPayload{Type: e.Type, From: fromNode, To: toNode}, nil
}

func (r *Resolver) link(ctx context.Context, in model.LinkInput) (*model.LinkPayload, error) {
	e, spec, err := edgeInput(in.Type, in.From, in.To)
	if err != nil {
		return nil, inputErr("link", err)
	}
	// Zero means "unset" to graph.Edge.Normalize: a level or weight given as 0 is refused
	// here rather than silently stored as the default.
	if in.Level != nil {
		if err := graph.ValidateLevel("input.level", *in.Level); err != nil {
			return nil, err
		}
		e.Level = *in.Level
	}
	if in.Weight != nil && !(*in.Weight > 0) {
		return nil, graph.Invalid("input.weight", "must be greater than 0 and at most 1000 (got %g)", *in.Weight)
	}
	if in.Importance != nil {
		e.Importance = *in.Importance
	}
	if in.Weight != nil {
		e.Weight = *in.Weight
	}
	if in.Kind != nil {
		e.Kind = *in.Kind
	}
	if in.Source != nil {
		e.Source = *in.Source
	}
	e.Since = in.Since
	if err := r.Store.Link(ctx, e); err != nil {
		return nil, inputErr("link", err)
	}
	r.changed()
	return r.linkPayload(ctx, e, spec)
}

func (r *Resolver) unlink(ctx context.Context, t graph.RelType, from, to string) (*model.LinkPayload, error) {
	e, spec, err := edgeInput(t, from, to)
	if err != nil {
		return nil, err
	}
	// The guarded store decides first; both ends still exist after the edge is gone.
	if err := r.Store.Unlink(ctx, t, e.From, e.To); err != nil {
		return nil, fmt.Errorf("unlink: %w", err)
	}
	r.changed()
	return r.linkPayload(ctx, e, spec)
}
