package demo

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// The ESCO CSVs are read at test time from ../shared/data next to the repository, never
// copied into it. The sample holds every concept the demo names; the official zips are the
// fallback, and the authority when the sample misses something.

// escoSource opens one ESCO CSV by file name.
type escoSource struct {
	name string
	open func(file string) (io.ReadCloser, error)
}

func escoSources(t *testing.T) []escoSource {
	t.Helper()
	data := seedtest.DataRoot(t)

	var srcs []escoSource
	sample := filepath.Join(data, "esco-official-sample")
	if st, err := os.Stat(sample); err == nil && st.IsDir() {
		srcs = append(srcs, escoSource{name: sample, open: func(f string) (io.ReadCloser, error) {
			return os.Open(filepath.Join(sample, f))
		}})
	}
	zips, _ := filepath.Glob(filepath.Join(data, "esco-official", "*.zip"))
	if len(zips) > 0 {
		dir := filepath.Dir(zips[0])
		srcs = append(srcs, escoSource{name: dir, open: func(f string) (io.ReadCloser, error) {
			return openInZips(zips, f)
		}})
	}
	if len(srcs) == 0 {
		seedtest.Absent(t, "no ESCO data in %s (esco-official-sample/ or esco-official/*.zip): "+
			"the demo's ESCO URIs are NOT checked against ESCO", data)
	}
	return srcs
}

// openInZips returns the member named file of the first zip holding it.
func openInZips(zips []string, file string) (io.ReadCloser, error) {
	for _, path := range zips {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, err
		}
		for _, f := range zr.File {
			if f.Name == file || strings.HasSuffix(f.Name, "/"+file) {
				rc, err := f.Open()
				if err != nil {
					zr.Close()
					return nil, err
				}
				return struct {
					io.Reader
					io.Closer
				}{rc, closers{rc, zr}}, nil
			}
		}
		zr.Close()
	}
	return nil, fmt.Errorf("%s: %w", file, os.ErrNotExist)
}

type closers []io.Closer

func (cs closers) Close() error {
	var errs []error
	for _, c := range cs {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// readCSV calls row with each record of an ESCO CSV, keyed by its header.
func readCSV(src escoSource, file string, row func(map[string]string)) error {
	rc, err := src.open(file)
	if err != nil {
		return err
	}
	defer rc.Close()
	r := csv.NewReader(rc)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	rec := make(map[string]string, len(header))
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		for i, h := range header {
			rec[h] = ""
			if i < len(fields) {
				rec[h] = fields[i]
			}
		}
		row(rec)
	}
}

type escoFacts struct {
	skills      map[string]map[string]string // uri -> row (only the demo's)
	occupations map[string]map[string]string
	broader     map[[2]string]bool
	related     map[[2]string]string           // [from, to] -> relation type
	occSkills   map[[2]string]graph.Importance // [occupation, skill] -> importance
}

func readESCO(src escoSource, want map[string]bool) (*escoFacts, error) {
	f := &escoFacts{skills: map[string]map[string]string{}, occupations: map[string]map[string]string{},
		broader: map[[2]string]bool{}, related: map[[2]string]string{}, occSkills: map[[2]string]graph.Importance{}}
	keep := func(m map[string]map[string]string) func(map[string]string) {
		return func(r map[string]string) {
			if want[r["conceptUri"]] {
				m[r["conceptUri"]] = map[string]string{"skillType": r["skillType"], "reuseLevel": r["reuseLevel"],
					"iscoGroup": r["iscoGroup"], "code": r["code"], "description": r["description"]}
			}
		}
	}
	return f, errors.Join(
		readCSV(src, "skills_en.csv", keep(f.skills)),
		readCSV(src, "occupations_en.csv", keep(f.occupations)),
		readCSV(src, "broaderRelationsSkillPillar.csv", func(r map[string]string) {
			if want[r["conceptUri"]] && want[r["broaderUri"]] {
				f.broader[[2]string{r["conceptUri"], r["broaderUri"]}] = true
			}
		}),
		readCSV(src, "skillSkillRelations.csv", func(r map[string]string) {
			if want[r["originalSkillUri"]] && want[r["relatedSkillUri"]] {
				f.related[[2]string{r["originalSkillUri"], r["relatedSkillUri"]}] = r["relationType"]
			}
		}),
		readCSV(src, "occupationSkillRelations.csv", func(r map[string]string) {
			if want[r["occupationUri"]] && want[r["skillUri"]] {
				imp := graph.Optional
				if r["relationType"] == "essential" {
					imp = graph.Essential
				}
				f.occSkills[[2]string{r["occupationUri"], r["skillUri"]}] = imp
			}
		}))
}

var (
	escoSkillTypes  = map[string]graph.CompetencyType{"skill/competence": graph.CompetencyTypeSkill, "knowledge": graph.CompetencyTypeKnowledge}
	escoReuseLevels = map[string]graph.ReuseLevel{"transversal": graph.ReuseTransversal, "cross-sector": graph.ReuseCrossSector,
		"sector-specific": graph.ReuseSectorSpecific, "occupation-specific": graph.ReuseOccupationSpecific}
)

// checkESCO lists how the demo disagrees with ESCO facts f.
func checkESCO(d *demoData, f *escoFacts) (problems, notes []string) {
	uri := func(id string) string {
		if c, ok := d.nodes[id].(*graph.Competency); ok {
			return c.AlignmentURI
		}
		return d.nodes[id].(*graph.JobRole).AlignmentURI
	}
	for _, n := range d.byKind[graph.KindCompetency] {
		c := n.(*graph.Competency)
		row, ok := f.skills[c.AlignmentURI]
		if !ok {
			problems = append(problems, fmt.Sprintf("competency %q: %s is not an ESCO skill", c.Name, c.AlignmentURI))
			continue
		}
		if escoSkillTypes[row["skillType"]] != c.Type || escoReuseLevels[row["reuseLevel"]] != c.ReuseLevel {
			problems = append(problems, fmt.Sprintf("competency %q: type %s / reuse %s, ESCO says %q / %q",
				c.Name, c.Type, c.ReuseLevel, row["skillType"], row["reuseLevel"]))
		}
		if shared := sharedRun(c.Description, row["description"], 6); shared != "" {
			problems = append(problems, fmt.Sprintf("competency %q: description repeats ESCO's wording (%q): write it anew", c.Name, shared))
		}
	}
	for _, n := range d.byKind[graph.KindJobRole] {
		r := n.(*graph.JobRole)
		row, ok := f.occupations[r.AlignmentURI]
		if !ok {
			problems = append(problems, fmt.Sprintf("role %q: %s is not an ESCO occupation", r.Title, r.AlignmentURI))
			continue
		}
		if row["iscoGroup"] != r.ISCOGroup {
			problems = append(problems, fmt.Sprintf("role %q: ISCO group %q, ESCO says %q", r.Title, r.ISCOGroup, row["iscoGroup"]))
		}
		if strings.HasPrefix(r.ID, "esco:") && row["code"] != r.Code {
			problems = append(problems, fmt.Sprintf("role %q: code %q, ESCO says %q", r.Title, r.Code, row["code"]))
		}
	}
	for _, e := range d.edges[graph.RelBroader] {
		if !f.broader[[2]string{uri(e.From), uri(e.To)}] {
			problems = append(problems, fmt.Sprintf("BROADER %s -> %s is not an ESCO broader link: an import could contradict it", e.From, e.To))
		}
	}
	for _, e := range d.edges[graph.RelRelated] {
		if kind, ok := f.related[[2]string{uri(e.From), uri(e.To)}]; !ok || kind != e.Kind {
			problems = append(problems, fmt.Sprintf("RELATED %s -> %s (%s) is not an ESCO relation (ESCO: %q)", e.From, e.To, e.Kind, kind))
		}
	}
	// ESCO roles mostly require what ESCO links to the occupation; the rest is the demo's
	// own view (transversal skills, a stricter importance).
	linked, total := map[string]int{}, map[string]int{}
	for _, e := range d.edges[graph.RelRoleRequires] {
		if !strings.HasPrefix(e.From, "esco:") {
			continue
		}
		total[e.From]++
		if _, ok := f.occSkills[[2]string{uri(e.From), uri(e.To)}]; ok {
			linked[e.From]++
		}
	}
	for _, id := range sortedKeys(total) {
		notes = append(notes, fmt.Sprintf("%s: %d of %d requirements linked to the occupation in ESCO", d.nodes[id].DisplayName(), linked[id], total[id]))
		if linked[id]*4 < total[id]*3 {
			problems = append(problems, fmt.Sprintf("role %q: only %d of %d requirements are ESCO links of the occupation, want three quarters",
				d.nodes[id].DisplayName(), linked[id], total[id]))
		}
	}
	return problems, notes
}

// sharedRun returns the first run of n words that a and b share, ignoring case and
// punctuation, or "".
func sharedRun(a, b string, n int) string {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
		})
	}
	wa, wb := words(a), words(b)
	runs := map[string]bool{}
	for i := 0; i+n <= len(wb); i++ {
		runs[strings.Join(wb[i:i+n], " ")] = true
	}
	for i := 0; i+n <= len(wa); i++ {
		if r := strings.Join(wa[i:i+n], " "); runs[r] {
			return r
		}
	}
	return ""
}

// TestAgainstESCO checks every demo competency and role URI, type, ISCO group and
// broader/related link against the real ESCO data.
func TestAgainstESCO(t *testing.T) {
	srcs := escoSources(t)
	d := load(t)
	want := map[string]bool{}
	for _, n := range d.byKind[graph.KindCompetency] {
		want[n.(*graph.Competency).AlignmentURI] = true
	}
	for _, n := range d.byKind[graph.KindJobRole] {
		want[n.(*graph.JobRole).AlignmentURI] = true
	}
	var problems, notes []string
	for i, src := range srcs {
		f, err := readESCO(src, want)
		if err != nil {
			t.Fatalf("reading %s: %v", src.name, err)
		}
		problems, notes = checkESCO(d, f)
		t.Logf("checked against %s", src.name)
		if len(problems) == 0 || i == len(srcs)-1 {
			break
		}
		t.Logf("%d disagreements with %s; trying %s", len(problems), src.name, srcs[i+1].name)
	}
	for _, n := range notes {
		t.Log(n)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
