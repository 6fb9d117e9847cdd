package esco

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

func TestID(t *testing.T) {
	for uri, want := range map[string]string{
		"http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab":      "esco:skill/0005c151-5b5a-4a66-8aac-60e734beb1ab",
		"http://data.europa.eu/esco/occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4": "esco:occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4",
		"http://data.europa.eu/esco/isced-f/00":                                      "esco:isced-f/00",
		"https://data.europa.eu/esco/isced-f/00":                                     "esco:isced-f/00",
		"  http://data.europa.eu/esco/skill/x \r\n":                                  "esco:skill/x",
		"http://example.org/skills/42":                                               "esco:example.org/skills/42",
		"urn:x":                                                                      "esco:urn:x",
		"":                                                                           "",
	} {
		if got := ID(uri); got != want {
			t.Errorf("ID(%q) = %q, want %q", uri, got, want)
		}
	}
	if err := graph.ValidateID("id", ID("http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab")); err != nil {
		t.Errorf("an ESCO id is not a valid node id: %v", err)
	}
}

func TestLabels(t *testing.T) {
	got := labels(" a \nb\n\n  \na\nc\r\n")
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("labels = %q, want %q", got, want)
	}
	if got := labels(""); got != nil {
		t.Errorf("labels of nothing = %q, want nil", got)
	}
	many := make([]string, graph.MaxLabels+50)
	for i := range many {
		many[i] = "label" + strings.Repeat("x", i)
	}
	if got := labels(strings.Join(many, "\n")); len(got) != graph.MaxLabels || got[0] != many[0] {
		t.Errorf("labels kept %d of %d, want the first %d", len(got), len(many), graph.MaxLabels)
	}
}

// The sample's figures are those of ../shared/data/README.md.
func TestMapSample(t *testing.T) {
	m := mapAll(t, seedtest.DataDir(t, "esco-official-sample"))
	want := map[string]int{"skill groups": 456, "skills": 2500, "occupations": 50, "broader links": 4132,
		"related links": 737, "requirements": 3384}
	for phase, n := range want {
		if m.imported[phase] != n {
			t.Errorf("%s: mapped %d, want %d", phase, m.imported[phase], n)
		}
	}
	// The sample's 738 skill-skill relations include one of a skill with itself, which the
	// graph cannot hold.
	if got := m.skipped[fileRelated+": "+skipSelfLink]; got != 1 {
		t.Errorf("related links to self skipped: %d, want 1", got)
	}
	if len(m.skipped) != 1 {
		t.Errorf("skipped %v, want only the self-relation", m.skipped)
	}
	checkRequirements(t, m, 1270, 2114)

	role, _ := m.nodes["esco:occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4"].(*graph.JobRole)
	if role == nil {
		t.Fatal("ICT security engineer not mapped")
	}
	if role.Title != "ICT security engineer" || role.ISCOGroup != "2529" || role.Code != "2529.7" ||
		role.FrameworkID != "esco" || role.AlignmentURI != "http://data.europa.eu/esco/occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4" ||
		!strings.HasPrefix(role.Description, "ICT security engineers advise and implement solutions") {
		t.Errorf("ICT security engineer mapped as %+v", role)
	}
	if len(role.AltLabels) != 10 || !slices.Equal(role.AltLabels[:3], []string{"IT security expert", "IT security consultant", "ICT security consultant"}) {
		t.Errorf("ICT security engineer alt labels: %q", role.AltLabels)
	}

	skill, _ := m.nodes["esco:skill/000f1d3d-220f-4789-9c0a-cc742521fb02"].(*graph.Competency)
	if skill == nil {
		t.Fatal("Haskell not mapped")
	}
	if skill.Name != "Haskell" || skill.Type != graph.CompetencyTypeKnowledge || skill.ReuseLevel != graph.ReuseSectorSpecific ||
		!slices.Equal(skill.AltLabels, []string{"Haskell"}) || skill.FrameworkID != "esco" || skill.Code != "" ||
		skill.AlignmentURI != "http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02" ||
		!strings.HasPrefix(skill.Description, "The techniques and principles of software development") {
		t.Errorf("Haskell mapped as %+v", skill)
	}
	// One of the skills ESCO gives neither a type nor a reuse level.
	untyped, _ := m.nodes["esco:skill/426ceaba-6867-481c-bb6b-aee3933da7d2"].(*graph.Competency)
	if untyped == nil || untyped.Name != "ICT safety" || untyped.Type != graph.CompetencyTypeUnknown ||
		untyped.ReuseLevel != graph.ReuseUnknown || len(untyped.AltLabels) != 7 || untyped.AltLabels[6] != "ICT well-being  maintenance" {
		t.Errorf("ICT safety mapped as %+v", untyped)
	}
	group, _ := m.nodes["esco:skill/00d5d1d2-c521-4c58-9df5-2939c0ce9adb"].(*graph.Competency)
	if group == nil || group.Name != "accompanying and welcoming people" || group.Type != graph.CompetencyTypeGroup ||
		group.Code != "S3.4.2" || group.AltLabels != nil || group.ReuseLevel != "" {
		t.Errorf("skill group S3.4.2 mapped as %+v", group)
	}
	if _, ok := m.nodes["esco:isced-f/00"].(*graph.Competency); !ok {
		t.Error("ISCED-F skill group esco:isced-f/00 not mapped")
	}

	for _, e := range m.edges[graph.RelRelated] {
		if e.Kind != "optional" && e.Kind != "essential" {
			t.Errorf("related link %s -> %s has kind %q", e.From, e.To, e.Kind)
		}
	}
	for _, e := range m.edges[graph.RelBroader] {
		if _, ok := m.nodes[e.To].(*graph.Competency); !ok {
			t.Errorf("broader link %s -> %s ends at no competency", e.From, e.To)
		}
	}
}

// checkRequirements checks the role requirements' properties and counts.
func checkRequirements(t *testing.T, m *mapped, essential, optional int) {
	t.Helper()
	var ess, opt int
	for _, e := range m.edges[graph.RelRoleRequires] {
		switch {
		case e.Importance == graph.Essential && e.Weight == 1 && e.Level == 1:
			ess++
		case e.Importance == graph.Optional && e.Weight == 0.5 && e.Level == 1:
			opt++
		default:
			t.Fatalf("requirement %+v: want level 1 and weight 1 (essential) or 0.5 (optional)", e)
		}
		if _, ok := m.nodes[e.From].(*graph.JobRole); !ok {
			t.Fatalf("requirement from %s, which is no mapped role", e.From)
		}
	}
	if ess != essential || opt != optional {
		t.Errorf("requirements: %d essential and %d optional, want %d and %d", ess, opt, essential, optional)
	}
}

// The full set's figures are those of ../shared/data/README.md, but for the skill-skill
// relations: the official file has 5,899 rows, one of a skill with itself.
func TestMapFull(t *testing.T) {
	if testing.Short() {
		t.Skip("the full ESCO set is not read in short mode")
	}
	m := mapAll(t, officialZips(t)...)
	want := map[string]int{"skill groups": 640, "skills": 13896, "occupations": 3007, "broader links": 20649,
		"related links": 5898, "requirements": 123788}
	for phase, n := range want {
		if m.imported[phase] != n {
			t.Errorf("%s: mapped %d, want %d", phase, m.imported[phase], n)
		}
	}
	checkRequirements(t, m, 64891, 58897)
	wantSkipped := map[string]int{
		fileBroader + ": conceptUri names no imported skill or skill group": 7,
		fileRelated + ": " + skipSelfLink:                                   1,
		fileRequirements + ": occupationUri names no imported occupation":   67,
	}
	for k, n := range m.skipped {
		if wantSkipped[k] != n {
			t.Errorf("skipped %d rows of %s, want %d", n, k, wantSkipped[k])
		}
	}
	if len(m.skipped) != len(wantSkipped) {
		t.Errorf("skipped %v, want %v", m.skipped, wantSkipped)
	}
	types := map[graph.CompetencyType]int{}
	for _, n := range m.nodes {
		if c, ok := n.(*graph.Competency); ok {
			types[c.Type]++
		}
	}
	if types[graph.CompetencyTypeSkill] != 10831 || types[graph.CompetencyTypeKnowledge] != 3059 ||
		types[graph.CompetencyTypeUnknown] != 6 || types[graph.CompetencyTypeGroup] != 640 {
		t.Errorf("competency types: %v", types)
	}
}

// Mapping the same files twice gives the same content, so that a second import changes nothing.
func TestMapDeterministic(t *testing.T) {
	dir := seedtest.DataDir(t, "esco-official-sample")
	a, b := mapAll(t, dir), mapAll(t, dir)
	for id, n := range a.nodes {
		if record.Hash(n) != record.Hash(b.nodes[id]) {
			t.Errorf("%s maps differently from one run to the next", id)
		}
	}
	for typ, es := range a.edges {
		if !slices.Equal(es, b.edges[typ]) {
			t.Errorf("%s edges map differently from one run to the next", typ)
		}
	}
}

func TestMapSynthetic(t *testing.T) {
	// A byte order mark before a header, and a file in a subdirectory.
	dir := writeFiles(t, map[string]string{fileGroups: ""})
	sub := filepath.Join(dir, "nested", "csv")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, fileGroups)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, fileGroups), []byte("\uFEFF"+syntheticFiles()[fileGroups]), 0o644); err != nil {
		t.Fatal(err)
	}
	m := mapAll(t, dir)
	s1, _ := m.nodes["esco:skill/s1"].(*graph.Competency)
	if s1 == nil || !slices.Equal(s1.AltLabels, []string{"one", "first"}) || s1.ReuseLevel != graph.ReuseTransversal {
		t.Errorf("s1 mapped as %+v", s1)
	}
	if s5, _ := m.nodes["esco:skill/s5"].(*graph.Competency); s5 == nil || s5.Description != "a definition" {
		t.Errorf("s5 (no description) mapped as %+v, want its definition as description", s5)
	}
	if g, _ := m.nodes["esco:skill/g1"].(*graph.Competency); g == nil || g.Code != "T1" || g.Name != "test group" {
		t.Errorf("the group behind a byte order mark mapped as %+v", g)
	}
	if n := m.skipped[fileRequirements+": occupationUri names no imported occupation"]; n != 1 {
		t.Errorf("skipped %v, want the requirement of an unknown occupation", m.skipped)
	}
}

// malformed maps a data set with one file replaced and returns the error.
func malformed(t *testing.T, file, content string) *FileError {
	t.Helper()
	srcs, err := findSources([]string{writeFiles(t, map[string]string{file: content})})
	if err != nil {
		t.Fatal(err)
	}
	m := newMapper()
	for i := range phases {
		ph := &phases[i]
		if err := scan(t.Context(), srcs[ph.file], ph, m, func(item, *table) error { return nil }); err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want a *FileError", err, err)
			}
			if filepath.Base(fe.File) != file {
				t.Errorf("error %v names file %s, want %s", err, fe.File, file)
			}
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("error %v has code %s, want %s", err, graph.ErrorCode(err), graph.EINVALID)
			}
			return fe
		}
	}
	t.Fatalf("%s with a bad row mapped without error", file)
	return nil
}

func TestMalformed(t *testing.T) {
	const u = "http://data.europa.eu/esco/"
	for _, tc := range []struct {
		name, file, content string
		line                int
		want                string // in the message
	}{
		{"too few fields", fileSkills, appendRow(fileSkills, "KnowledgeSkillCompetence,"+u+"skill/s9,knowledge"), 8, "malformed CSV: wrong number of fields: 3 where the header has 13"},
		{"too many fields", fileRequirements, appendRow(fileRequirements, u+"occupation/o1,essential,knowledge,"+u+"skill/s3,extra"), 5, "wrong number of fields: 5 where the header has 4"},
		{"unterminated quote", fileOccupations, appendRow(fileOccupations, "Occupation,"+u+"occupation/o2,2512,\"never closed,,,,,,,,,,\r\nmore"), 3, "malformed CSV"},
		{"bare quote", fileBroader, appendRow(fileBroader, "KnowledgeSkillCompetence,"+u+"skill/s\"3,SkillGroup,"+u+"skill/g1"), 4, "bare \""},
		{"empty label", fileSkills, appendRow(fileSkills, "KnowledgeSkillCompetence,"+u+"skill/s9,knowledge,transversal,  ,,,released,,,,,x"), 8, "preferredLabel: must not be empty"},
		{"long label", fileOccupations, appendRow(fileOccupations, "Occupation,"+u+"occupation/o2,2512,"+strings.Repeat("x", 301)+",,,released,,,,,,,"), 3, "preferredLabel: must be at most 300 characters"},
		{"bad skill type", fileSkills, appendRow(fileSkills, "KnowledgeSkillCompetence,"+u+"skill/s9,attitude,transversal,nine,,,released,,,,,x"), 8, "skillType: must be skill/competence, knowledge or empty"},
		{"bad importance", fileRequirements, appendRow(fileRequirements, u+"occupation/o1,mandatory,knowledge,"+u+"skill/s3"), 5, "relationType: must be essential or optional"},
		{"empty uri", fileRelated, appendRow(fileRelated, ",knowledge,optional,knowledge,"+u+"skill/s2"), 3, "originalSkillUri: must not be empty"},
		{"id with a space", fileSkills, appendRow(fileSkills, "KnowledgeSkillCompetence,"+u+"skill/s 9,knowledge,transversal,nine,,,released,,,,,x"), 8, "conceptUri: must not contain spaces"},
		{"missing column", fileBroader, "conceptType,conceptUri,broaderType\r\nSkillGroup," + u + "skill/g1,SkillGroup\r\n", 1, `missing column "broaderUri"`},
		{"empty file", fileOccupations, "", 1, "no header row"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := malformed(t, tc.file, tc.content)
			if fe.Line != tc.line || !strings.Contains(fe.Error(), tc.want) {
				t.Errorf("error %q at line %d, want line %d and %q", fe, fe.Line, tc.line, tc.want)
			}
			if !strings.Contains(fe.Error(), tc.file) || !strings.Contains(fe.Error(), "line ") {
				t.Errorf("error %q does not name the file and line", fe)
			}
		})
	}
	fe := malformed(t, fileSkills, appendRow(fileSkills, "KnowledgeSkillCompetence,x,knowledge"))
	if !errors.Is(fe, csv.ErrFieldCount) {
		t.Errorf("error %v does not wrap csv.ErrFieldCount", fe)
	}
}
