package resolvers_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/resolvers/generated"
)

// Custom scalars with no external specification to point @specifiedBy at, each with the
// reason. Every other custom scalar must carry @specifiedBy(url:).
var scalarsWithoutSpec = map[string]string{}

// loadSchemaFiles parses schema/*.graphqls as gqlgen does.
func loadSchemaFiles(t *testing.T) *ast.Schema {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "schema", "*.graphqls"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no schema files (%v)", err)
	}
	sources := make([]*ast.Source, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: filepath.Base(p), Input: string(b)})
	}
	s, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatalf("schema: %v", gerr)
	}
	return s
}

// undocumented lists every element of the schema's own (not built-in) types and directives
// without a description: types, fields, arguments, input fields, enum values. It also lists
// custom scalars without @specifiedBy that the exemption list does not name.
func undocumented(s *ast.Schema) []string {
	var missing []string
	need := func(desc, what string) {
		if strings.TrimSpace(desc) == "" {
			missing = append(missing, what)
		}
	}
	for name, def := range s.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		need(def.Description, strings.ToLower(string(def.Kind))+" "+name)
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			kind := "field"
			if def.Kind == ast.InputObject {
				kind = "input field"
			}
			need(f.Description, kind+" "+name+"."+f.Name)
			for _, a := range f.Arguments {
				need(a.Description, "argument "+name+"."+f.Name+"("+a.Name+":)")
			}
		}
		for _, v := range def.EnumValues {
			need(v.Description, "enum value "+name+"."+v.Name)
		}
		if def.Kind == ast.Scalar {
			if _, exempt := scalarsWithoutSpec[name]; !exempt && specifiedBy(def) == "" {
				missing = append(missing, "scalar "+name+" has no @specifiedBy(url:)")
			}
		}
	}
	for name, d := range s.Directives {
		if d.Position == nil || d.Position.Src == nil || d.Position.Src.BuiltIn {
			continue
		}
		need(d.Description, "directive @"+name)
		for _, a := range d.Arguments {
			need(a.Description, "argument @"+name+"("+a.Name+":)")
		}
	}
	sort.Strings(missing)
	return missing
}

func specifiedBy(def *ast.Definition) string {
	d := def.Directives.ForName("specifiedBy")
	if d == nil {
		return ""
	}
	if a := d.Arguments.ForName("url"); a != nil && a.Value != nil {
		return a.Value.Raw
	}
	return ""
}

// TestSchemaDocs: every type, field, argument, input field and enum value of the schema files
// has a description, and every custom scalar points at its specification.
func TestSchemaDocs(t *testing.T) {
	if missing := undocumented(loadSchemaFiles(t)); len(missing) > 0 {
		t.Errorf("%d schema elements without a description:\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
	for name, reason := range scalarsWithoutSpec {
		if strings.TrimSpace(reason) == "" {
			t.Errorf("scalar %s is exempt from @specifiedBy without a reason", name)
		}
	}
}

// TestSchemaDocsGenerated: the executable schema (what introspection serves) carries the
// descriptions of the schema files, so the generated code is not stale.
func TestSchemaDocsGenerated(t *testing.T) {
	files := loadSchemaFiles(t)
	served := generated.NewExecutableSchema(generated.Config{}).Schema()
	if missing := undocumented(served); len(missing) > 0 {
		t.Errorf("%d elements of the generated schema without a description (run go generate ./resolvers/...):\n  %s",
			len(missing), strings.Join(missing, "\n  "))
	}
	for name, def := range files.Types {
		if def.BuiltIn {
			continue
		}
		got := served.Types[name]
		if got == nil {
			t.Errorf("type %s is not in the generated schema (run go generate ./resolvers/...)", name)
			continue
		}
		if got.Description != def.Description {
			t.Errorf("type %s: the generated schema's description differs from the schema file's (run go generate ./resolvers/...)", name)
		}
		for _, f := range def.Fields {
			if g := got.Fields.ForName(f.Name); g == nil || g.Description != f.Description {
				t.Errorf("%s.%s: the generated schema's description differs from the schema file's (run go generate ./resolvers/...)", name, f.Name)
			}
		}
	}
}
