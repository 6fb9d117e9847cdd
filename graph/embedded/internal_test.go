package embedded

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// fill sets every field of the struct v points at to a non-zero value, recursively, so that
// every slice and pointer a node holds is allocated.
func fill(t *testing.T, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(t, v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for _, key := range []string{"a", "b"} {
			e := reflect.New(v.Type().Elem()).Elem()
			fill(t, e)
			v.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), e)
		}
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1)
	default:
		t.Fatalf("fill: unexpected %s", v.Type())
	}
}

// shared reports the path of the first slice or pointer that a and b share.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		return shared(a.Elem(), b.Elem(), path)
	case reflect.Map:
		if a.Len() > 0 && a.UnsafePointer() == b.UnsafePointer() {
			return path
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

// TestCloneSharesNothing checks that cloneNode copies every slice and pointer of every kind,
// whatever fields the kinds gain.
func TestCloneSharesNothing(t *testing.T) {
	for _, k := range graph.Kinds {
		n := graph.New(k)
		fill(t, reflect.ValueOf(n))
		c := cloneNode(n)
		if !reflect.DeepEqual(c, n) {
			t.Errorf("%s: the clone differs from the node", k)
		}
		if p := shared(reflect.ValueOf(c).Elem(), reflect.ValueOf(n).Elem(), string(k)); p != "" {
			t.Errorf("%s: the clone shares %s with the node", k, p)
		}
	}
	var nilComp *graph.Competency
	if cloneNode(nilComp) != nil || cloneNode(nil) != nil {
		t.Error("cloneNode of a nil node is not nil")
	}
}

// TestFailedCommitChangesNothing checks that when the file cannot be written, the call fails
// with EINTERNAL and memory is left as it was.
func TestFailedCommitChangesNothing(t *testing.T) {
	ctx := t.Context()
	s, err := Open(filepath.Join(t.TempDir(), "graph.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "c1"}, Name: "Data analysis"}); err != nil {
		t.Fatal(err)
	}
	// Close the file under the store: every commit fails from now on.
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	_, err1 := s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "c2"}, Name: "Statistics"})
	_, err2 := s.Update(ctx, &graph.Competency{Meta: graph.Meta{ID: "c1"}, Name: "Renamed"})
	err3 := s.Delete(ctx, graph.KindCompetency, "c1")
	_, err4 := s.BulkUpsert(ctx, graph.Batch{Nodes: []graph.Node{&graph.Competency{Meta: graph.Meta{ID: "c3"}, Name: "Maths"}}})
	for i, err := range []error{err1, err2, err3, err4} {
		if graph.ErrorCode(err) != graph.EINTERNAL {
			t.Errorf("write %d with the file closed: %v, want %s", i, err, graph.EINTERNAL)
		}
	}
	n, err := s.Get(ctx, graph.KindCompetency, "c1")
	if err != nil || n.DisplayName() != "Data analysis" {
		t.Fatalf("c1 after failed writes: %v, %v", n, err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Nodes[graph.KindCompetency] != 1 {
		t.Fatalf("Stats after failed writes: %v, %v", st, err)
	}
	if hits, _ := s.Search(ctx, graph.SearchQuery{Text: "renamed"}); len(hits) != 0 {
		t.Fatalf("search finds a write that failed: %v", hits)
	}
	s.closed = true // the file is closed already
}
