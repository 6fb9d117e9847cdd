package catalogfile_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/catalogfile"
	"github.com/skillgraph/skillgraph/seed/demo"
)

func read(t *testing.T, name, content string) (*catalogfile.File, []error) {
	t.Helper()
	return catalogfile.Read(name, strings.NewReader(content))
}

func messages(errs []error) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Error())
	}
	return out
}

// The two example files describe the same catalogue.
func TestExamplesAgree(t *testing.T) {
	var files []*catalogfile.File
	for _, name := range []string{"catalogue.csv", "catalogue.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		f, errs := read(t, name, string(b))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		files = append(files, f)
	}
	csv, js := files[0], files[1]
	if len(csv.Rows) != 3 || len(js.Rows) != 3 {
		t.Fatalf("rows: %d and %d, want 3", len(csv.Rows), len(js.Rows))
	}
	for i := range csv.Rows {
		a, b := csv.Rows[i].Record, js.Rows[i].Record
		// CSV gives URIs and keys as written; both name the same competencies.
		if a.Key != b.Key || a.Title != b.Title || a.Hours != b.Hours || len(a.Certifies) != len(b.Certifies) ||
			!reflect.DeepEqual(a.Prerequisites, b.Prerequisites) || !reflect.DeepEqual(a.Outcomes, b.Outcomes) {
			t.Errorf("row %d differs:\n%+v\n%+v", i, a, b)
		}
	}
	if csv.Rows[1].Line != 3 || js.Rows[1].Line != 29 {
		t.Errorf("lines of the second credential: CSV %d (want 3), JSON %d (want 29, where its object opens)", csv.Rows[1].Line, js.Rows[1].Line)
	}
}

func TestReadErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		want          []string
	}{
		{"a.csv", "key,title,colour\n", []string{"a.csv:1: colour: unknown column"}},
		{"a.csv", "key,title,organization,hours,modality,language\n", []string{"a.csv:1: price: required column missing"}},
		{"a.csv", "key,title,organization,hours,modality,language,price,eqfLevel,certifies\n" +
			"k1,T,o,1,REMOTE,fr,0,five,\n" +
			"k2,T,o,1,REMOTE,fr,0,,c1=high\n" +
			"k3,T,o,1,REMOTE,fr,0\n",
			[]string{`a.csv:2: eqfLevel: "five" is not a whole number`, `a.csv:3: certifies: "c1=high": the level after = must be a whole number`,
				"a.csv:4: wrong number of fields"}},
		{"a.json", "{\n  \"credentials\": [\n    {\"key\": \"k1\"},\n    {\"key\": \"k2\", \"colour\": \"red\"}\n  ]\n}",
			[]string{`a.json:4: json: unknown field "colour"`}},
		{"a.json", "{\"credentials\": [\n {\"key\": \"x\",\n  \"title\": }\n]}", []string{"a.json:3: invalid character '}'"}},
		{"a.json", "{\"organisation\": {}}", []string{`a.json:1: organisation: unknown field (want "organization" and "credentials")`}},
		{"a.txt", "", []string{"a.txt: unknown format: name a .csv or .json file"}},
	} {
		_, errs := read(t, tc.name, tc.content)
		got := messages(errs)
		if len(got) != len(tc.want) {
			t.Errorf("%q: errors %q, want %q", tc.content, got, tc.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tc.want[i]) {
				t.Errorf("%q: error %q, want %q", tc.content, got[i], tc.want[i])
			}
		}
	}
}

func TestStoreEmbedded(t *testing.T) {
	s, err := embedded.Open(filepath.Join(t.TempDir(), "sg.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	checkStore(t, s)
}

func TestStoreNeo4j(t *testing.T) { checkStore(t, neo4jtest.Open(t)) }

// checkStore imports the example into a store holding the demo dataset: the dry run's counts
// are the import's, a rerun writes nothing new, and a file that only the store can find fault
// with (a prerequisite cycle) is reported on its line with nothing written.
func checkStore(t *testing.T, s graph.Store) {
	ctx := context.Background()
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "catalogue.json"))
	if err != nil {
		t.Fatal(err)
	}
	importFile := func(name, content string, batch int) (dry, wrote graph.BulkResult, err error) {
		f, errs := read(t, name, content)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		p, errs := catalogfile.Check(ctx, s, f)
		if len(errs) > 0 {
			return dry, wrote, errors.Join(errs...)
		}
		if dry, err = catalogfile.Diff(ctx, s, p); err != nil {
			t.Fatal(err)
		}
		wrote, err = catalogfile.Write(ctx, s, p, batch, nil)
		return dry, wrote, err
	}
	dry, wrote, err := importFile("catalogue.json", string(b), 5) // several transactions
	if err != nil {
		t.Fatal(err)
	}
	want := graph.BulkResult{NodesCreated: 4, EdgesCreated: 9}
	if dry != want || wrote != want {
		t.Fatalf("dry run %+v, import %+v, want %+v", dry, wrote, want)
	}
	n, err := s.Get(ctx, graph.KindCredential, "datalab-dataviz")
	if err != nil || n.(*graph.Credential).OrganizationID != "org-datalab-lyon" {
		t.Fatalf("datalab-dataviz: %v %v", n, err)
	}
	edges, err := s.Edges(ctx, graph.RelCertifies, graph.Outgoing, []string{"datalab-python-analyse"}, graph.EdgeFilter{})
	if err != nil || len(edges["datalab-python-analyse"]) != 2 || edges["datalab-python-analyse"][0].To != "esco:skill/50b100ea-74fd-4706-99db-3e4ca55e51b8" {
		t.Fatalf("what datalab-python-analyse certifies: %v %v", edges, err)
	}
	dry, wrote, err = importFile("catalogue.json", string(b), 0)
	if want := (graph.BulkResult{NodesUnchanged: 3, EdgesUnchanged: 9}); err != nil || dry != want || wrote != want {
		t.Fatalf("rerun: dry run %+v, import %+v (%v), want %+v", dry, wrote, err, want)
	}

	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cycle := "key,title,organization,hours,modality,language,price,prerequisites\n" +
		"cyc-1,One,org-datalab-lyon,1,REMOTE,fr,0,\n" +
		"cyc-2,Two,org-datalab-lyon,1,REMOTE,fr,0,cyc-1\n" +
		"datalab-python-analyse,Changed,org-datalab-lyon,1,REMOTE,fr,0,datalab-fouille\n"
	_, _, err = importFile("cycle.csv", cycle, 0) // one transaction
	var re *catalogfile.RowError
	if !errors.As(err, &re) || re.Line != 4 || re.Field != "prerequisites[0]" {
		t.Fatalf("a prerequisite cycle: %v, want an error on cycle.csv:4 prerequisites[0]", err)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("a refused file wrote: %v, was %v", after, before)
	}
	if n, _ := s.Get(ctx, graph.KindCredential, "datalab-python-analyse"); n.(*graph.Credential).Title == "Changed" {
		t.Fatal("a refused file changed a credential")
	}
}
