package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const (
	skillgraph = "skillgraph"
	peer       = "peer"
)

// query is one benchmark query; its documents are queries/<name>.skillgraph.graphql and, when
// it has a peer, queries/<name>.peer.graphql.
type query struct {
	name  string
	title string
	// The root field of the answer on each server; peerRoot is empty for skillgraph-only
	// queries (absolute figures).
	sgRoot, peerRoot string
	// The root is an ordered list: its order is compared; nested lists are compared as sets.
	ordered bool
	auth    bool // skillgraph needs a bearer token (personal data)
}

var allQueries = []query{
	{name: "roles", title: "50 job roles by name, with their essential requirements", sgRoot: "jobRoles", peerRoot: "jobRoles", ordered: true},
	{name: "competency", title: "a competency with broader, narrower and the roles requiring it", sgRoot: "competency", peerRoot: "competencies"},
	{name: "credential", title: "a credential: what it certifies, prerequisites, blocks", sgRoot: "credential", peerRoot: "credentials"},
	{name: "text", title: `20 competencies matching "data", by name`, sgRoot: "competencies", peerRoot: "competencies", ordered: true},
	{name: "typename", title: "`{ __typename }` (ceiling)", sgRoot: "__typename", peerRoot: "__typename"},
	{name: "holdings", title: "a learner's holdings, with the credentials certifying each", sgRoot: "learner", peerRoot: "learners", auth: true},
	{name: "skillgap", title: "`skillGap` (Léa, data analyst)", sgRoot: "skillGap", auth: true},
	{name: "pathways", title: "`recommendPathways` (Léa, data analyst, k = 2)", sgRoot: "recommendPathways", auth: true},
}

func selectQueries(only string) ([]query, error) {
	if only == "" {
		return allQueries, nil
	}
	var out []query
	for name := range strings.SplitSeq(only, ",") {
		i := slices.IndexFunc(allQueries, func(q query) bool { return q.name == strings.TrimSpace(name) })
		if i < 0 {
			return nil, fmt.Errorf("unknown query %q", name)
		}
		out = append(out, allQueries[i])
	}
	return out, nil
}

// servers are the servers the query runs on, the peer first.
func (q query) servers() []string {
	if q.peerRoot == "" {
		return []string{skillgraph}
	}
	return []string{peer, skillgraph}
}

func (q query) file(o *options, server string) string {
	return filepath.Join(o.queriesDir, q.name+"."+server+".graphql")
}

// ask sends the query once and returns its data, failing on any GraphQL error.
func (o *options) ask(ctx context.Context, q query, server string) (any, error) {
	doc, err := os.ReadFile(q.file(o, server))
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(map[string]string{"query": string(doc)})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.url(server)+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if server == skillgraph && q.auth {
		req.Header.Set("Authorization", "Bearer "+o.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var answer struct {
		Data   map[string]any    `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil || resp.StatusCode != http.StatusOK || len(answer.Errors) > 0 {
		return nil, fmt.Errorf("%s on %s: HTTP %d: %s", q.name, server, resp.StatusCode, shorten(string(raw), 300))
	}
	root := q.sgRoot
	if server == peer {
		root = q.peerRoot
	}
	v := answer.Data[root]
	if v == nil {
		return nil, fmt.Errorf("%s on %s: no data.%s in %s", q.name, server, root, shorten(string(raw), 300))
	}
	return v, nil
}

// checkSameData asks both servers every paired query once and compares the answers in one
// shape; it also counts each server's Neo4j calls for that one request.
func checkSameData(ctx context.Context, o *options, qs []query) error {
	o.calls = map[string]float64{}
	for _, q := range qs {
		var answers []any
		for _, s := range q.servers() {
			v, err := o.ask(ctx, q, s)
			if err != nil {
				return err
			}
			answers = append(answers, canonical(v, !q.ordered))
			// Count on a second request: a server's first one may do work of its own (the peer
			// reads the database's version then).
			before, err := neo4jCalls(s, o.url(s))
			if err != nil {
				return err
			}
			if _, err := o.ask(ctx, q, s); err != nil {
				return err
			}
			after, err := neo4jCalls(s, o.url(s))
			if err != nil {
				return err
			}
			o.calls[q.name+"/"+s] = after - before
		}
		if len(answers) == 1 {
			logf("%s: skillgraph answers (%d bytes of data)", q.name, len(mustJSON(answers[0])))
			continue
		}
		peerJSON, sgJSON := mustJSON(answers[0]), mustJSON(answers[1])
		if !bytes.Equal(peerJSON, sgJSON) {
			pf, sf := filepath.Join(o.work, q.name+".peer.json"), filepath.Join(o.work, q.name+".skillgraph.json")
			os.WriteFile(pf, indent(peerJSON), 0o644)
			os.WriteFile(sf, indent(sgJSON), 0o644)
			o.work = "" // keep both answers for the reader
			return fmt.Errorf("%s: the servers answer different data; normalised answers in %s and %s; first difference: %s",
				q.name, pf, sf, firstDifference(indent(peerJSON), indent(sgJSON)))
		}
		if empty(answers[0]) {
			return fmt.Errorf("%s: both servers answer nothing, which proves nothing", q.name)
		}
		logf("%s: same data on both servers (%d bytes normalised)", q.name, len(peerJSON))
	}
	return nil
}

// canonical puts an answer of either server into one shape: a connection ({edges}) becomes the
// list of its edges, an edge ({node, properties, ...}) one object with the node's fields, the
// relationship's properties and the edge's own fields, a field named xConnection is named x, a
// lone object is a list of one; lists nested below the root are sorted, and so is the root
// unless sortRoot is false (an ordered page).
func canonical(v any, sortRoot bool) any {
	v = canon(v)
	if _, ok := v.(map[string]any); ok {
		v = []any{v}
	}
	if list, ok := v.([]any); ok && sortRoot {
		sortList(list)
	}
	return v
}

func canon(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = canon(x)
		}
		return out
	case map[string]any:
		if edges, ok := v["edges"]; ok && len(v) == 1 {
			return canon(edges)
		}
		out := map[string]any{}
		for k, x := range v {
			switch k {
			case "node", "properties":
				if m, ok := canon(x).(map[string]any); ok {
					for nk, nx := range m {
						out[nk] = nx
					}
					continue
				}
			case "cursor":
				continue
			}
			x = canon(x)
			if list, ok := x.([]any); ok {
				sortList(list)
			}
			out[strings.TrimSuffix(k, "Connection")] = x
		}
		return out
	}
	return v
}

func sortList(list []any) {
	slices.SortFunc(list, func(a, b any) int { return bytes.Compare(mustJSON(a), mustJSON(b)) })
}

func empty(v any) bool {
	list, ok := v.([]any)
	return ok && len(list) == 0
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func indent(b []byte) []byte {
	var out bytes.Buffer
	json.Indent(&out, b, "", "  ")
	return out.Bytes()
}

// firstDifference names the first line where two texts differ.
func firstDifference(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: peer %q, skillgraph %q", i+1, strings.TrimSpace(x), strings.TrimSpace(y))
		}
	}
	return "none"
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
