package esco

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// officialZips returns the paths of the two official zips.
func officialZips(t testing.TB) []string {
	t.Helper()
	dir := seedtest.DataDir(t, "esco-official")
	zips, err := filepath.Glob(filepath.Join(dir, "*.zip"))
	if err != nil || len(zips) != 2 {
		t.Fatalf("want the two official zips in %s, got %v (%v)", dir, zips, err)
	}
	return zips
}

// mapped is what the mapping makes of a data set, without a store.
type mapped struct {
	nodes     map[string]graph.Node
	edges     map[graph.RelType][]graph.Edge
	imported  map[string]int // per phase
	skipped   map[string]int // "file: reason"
	firstSkip map[string]int // "file: reason" -> line
}

// mapAll runs every phase's mapping over the files at paths.
func mapAll(t testing.TB, paths ...string) *mapped {
	t.Helper()
	srcs, err := findSources(paths)
	if err != nil {
		t.Fatal(err)
	}
	out := &mapped{nodes: map[string]graph.Node{}, edges: map[graph.RelType][]graph.Edge{},
		imported: map[string]int{}, skipped: map[string]int{}, firstSkip: map[string]int{}}
	m := newMapper()
	for i := range phases {
		ph := &phases[i]
		err := scan(context.Background(), srcs[ph.file], ph, m, func(it item, tb *table) error {
			switch {
			case it.skip != "":
				k := ph.file + ": " + it.skip
				if out.skipped[k] == 0 {
					out.firstSkip[k] = tb.line()
				}
				out.skipped[k]++
			case it.node != nil:
				if _, dup := out.nodes[it.node.NodeID()]; dup {
					t.Errorf("%s line %d: node %s mapped twice", ph.file, tb.line(), it.node.NodeID())
				}
				out.nodes[it.node.NodeID()] = it.node
				out.imported[ph.name]++
			default:
				out.edges[it.edge.Type] = append(out.edges[it.edge.Type], it.edge)
				out.imported[ph.name]++
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", ph.name, err)
		}
	}
	return out
}

// syntheticFiles returns a tiny synthetic data set, written for malformed-input tests. The header rows
// follow the official layout; the rows are made up.
func syntheticFiles() map[string]string {
	const u = "http://data.europa.eu/esco/"
	return map[string]string{
		fileGroups: "conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,inScheme,description,code\r\n" +
			"SkillGroup," + u + "skill/g1,test group,,,released,,,,A group.,T1\r\n",
		fileSkills: "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description\r\n" +
			"KnowledgeSkillCompetence," + u + "skill/s1,knowledge,transversal,skill one,\"one\r\nfirst\",,released,,,,,Skill one.\r\n" +
			"KnowledgeSkillCompetence," + u + "skill/s2,skill/competence,cross-sector,skill two,,,released,,,,,Skill two.\r\n" +
			"KnowledgeSkillCompetence," + u + "skill/s3,skill/competence,sector-specific,skill three,,,released,,,,,Skill three.\r\n" +
			"KnowledgeSkillCompetence," + u + "skill/s4,,,skill four,,,released,,,,,Skill four.\r\n" +
			"KnowledgeSkillCompetence," + u + "skill/s5,knowledge,occupation-specific,skill five,,,released,,,a definition,,\r\n",
		fileOccupations: "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code\r\n" +
			"Occupation," + u + "occupation/o1,2512,test occupation,,,released,,,,,,An occupation.,2512.1\r\n",
		fileBroader: "conceptType,conceptUri,broaderType,broaderUri\r\n" +
			"KnowledgeSkillCompetence," + u + "skill/s1,SkillGroup," + u + "skill/g1\r\n" +
			"KnowledgeSkillCompetence," + u + "skill/s2,SkillGroup," + u + "skill/g1\r\n",
		fileRelated: "originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri\r\n" +
			u + "skill/s1,knowledge,optional,skill/competence," + u + "skill/s2\r\n",
		fileRequirements: "occupationUri,relationType,skillType,skillUri\r\n" +
			u + "occupation/o1,essential,knowledge," + u + "skill/s1\r\n" +
			u + "occupation/o1,optional,skill/competence," + u + "skill/s2\r\n" +
			u + "occupation/o404,optional,skill/competence," + u + "skill/s2\r\n",
	}
}

// writeFiles writes a data set into a fresh directory, with some files replaced.
func writeFiles(t testing.TB, replace map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := syntheticFiles()
	for name, content := range replace {
		files[name] = content
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// appendRow returns a synthetic file with one more row.
func appendRow(file, row string) string {
	return syntheticFiles()[file] + row + "\r\n"
}
