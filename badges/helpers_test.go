package badges

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

const testBaseURL = "https://skills.example.org"

// escoSkills reads n skills from the ESCO sample at run time; nil when the data is absent.
func escoSkills(t testing.TB, n int) []*graph.Competency {
	t.Helper()
	dir, ok := seedtest.OptionalDataDir(t, "esco-official-sample")
	if !ok {
		return nil
	}
	path := filepath.Join(dir, "skills_en.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var out []*graph.Competency
	for len(out) < n {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		uri, label := row[col["conceptUri"]], row[col["preferredLabel"]]
		out = append(out, &graph.Competency{
			Meta:         graph.Meta{ID: "esco-" + filepath.Base(uri)},
			Name:         label,
			Description:  row[col["description"]],
			AlignmentURI: uri,
			FrameworkID:  "esco",
		})
	}
	return out
}

// testCompetencies are ESCO skills when the data is there, else competencies of an employer's
// own framework (no URI, so alignments point at this service).
func testCompetencies(t testing.TB) ([]CertifiedCompetency, *graph.Framework) {
	if skills := escoSkills(t, 3); len(skills) == 3 {
		fw := &graph.Framework{Meta: graph.Meta{ID: "esco"}, Name: "ESCO", URI: "http://data.europa.eu/esco", Version: "1.1.1"}
		var out []CertifiedCompetency
		for i, s := range skills {
			out = append(out, CertifiedCompetency{Competency: s, Framework: fw, Level: i + 2})
		}
		return out, fw
	}
	fw := &graph.Framework{Meta: graph.Meta{ID: "acme"}, Name: "Acme skills"}
	return []CertifiedCompetency{
		{Competency: &graph.Competency{Meta: graph.Meta{ID: "c-sql"}, Name: "write SQL queries", Code: "ACME-12"}, Framework: fw, Level: 3},
		{Competency: &graph.Competency{Meta: graph.Meta{ID: "c-model"}, Name: "design data models"}, Framework: fw, Level: 2},
	}, fw
}

// credentialInput is a micro-credential badge issued at issued, valid until until (nil: no
// end), at index of list "2024-a".
func credentialInput(t testing.TB, achievementID string, index int, issued time.Time, until *time.Time) IssueInput {
	comps, _ := testCompetencies(t)
	return IssueInput{
		Achievement: &graph.Achievement{
			Meta: graph.Meta{ID: achievementID}, LearnerID: "learner-ada", CredentialID: "cred-sql",
			IssuedAt: issued, ValidUntil: until, Status: graph.StatusValid,
			Result: "Passed with distinction", Evidence: []string{"https://portfolio.example.org/ada/sql", "Live simulation on 3 May"},
		},
		Learner: &graph.Learner{Meta: graph.Meta{ID: "learner-ada"}, Name: "Ada Lovelace", Email: "ada@example.org", Country: "FR"},
		Credential: &graph.Credential{
			Meta: graph.Meta{ID: "cred-sql"}, Title: "SQL for analysts", Description: "Query relational data with SQL.",
			Outcomes: []string{"Write SELECT queries with joins", "Aggregate data with GROUP BY"},
			Hours:    24, ECTS: 1, EQFLevel: 5, Modality: graph.ModalityBlended,
			AssessmentTypes: []graph.AssessmentType{graph.AssessmentSimulation, graph.AssessmentProject},
			Language:        "fr", OrganizationID: "org-academy", QualityAssurance: "Audited yearly by Qualiopi", Country: "FR",
		},
		Organization: &graph.Organization{
			Meta: graph.Meta{ID: "org-academy"}, Name: "Data Academy <Paris>", Kind: graph.OrgOnlineAcademy,
			Country: "FR", URL: "https://academy.example.org", Email: "badges@academy.example.org",
		},
		Competencies:  comps,
		Prerequisites: []string{"Spreadsheet basics"},
		StacksInto:    []string{"Data analysis block"},
		StatusListID:  "2024-a",
		StatusIndex:   index,
	}
}

// blockInput is a certification badge (a block of blocks).
func blockInput(t testing.TB, achievementID string, index int, issued time.Time) IssueInput {
	comps, _ := testCompetencies(t)
	return IssueInput{
		Achievement:  &graph.Achievement{Meta: graph.Meta{ID: achievementID}, LearnerID: "learner-ada", BlockID: "blk-data", IssuedAt: issued, Status: graph.StatusValid},
		Block:        &graph.Block{Meta: graph.Meta{ID: "blk-data"}, Title: "Data analyst certification", Rule: graph.Rule{Kind: graph.RuleAtLeast, Count: 2}, Certification: true, Code: "RNCP35185BC01"},
		Organization: &graph.Organization{Meta: graph.Meta{ID: "org-academy"}, Name: "Data Academy"},
		Competencies: comps,
		Outcomes:     []string{"Analyse a business dataset end to end"},
		Components:   []string{"SQL for analysts", "Dashboards", "Statistics"},
		StatusListID: "2024-a",
		StatusIndex:  index,
	}
}

// statusBits is an in-memory StatusLookup: the service's view of revoked and suspended indexes.
type statusBits struct {
	mu        sync.Mutex
	revoked   map[int]bool
	suspended map[int]bool
	lists     map[string]bool // known list ids
	err       error
}

func newStatusBits(lists ...string) *statusBits {
	s := &statusBits{revoked: map[int]bool{}, suspended: map[int]bool{}, lists: map[string]bool{}}
	for _, l := range lists {
		s.lists[l] = true
	}
	return s
}

func (s *statusBits) lookup(_ context.Context, listID string, index int) (bool, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return false, false, s.err
	}
	if !s.lists[listID] {
		return false, false, graph.Errorf(graph.ENOTFOUND, "status list %q not found", listID)
	}
	return s.revoked[index], s.suspended[index], nil
}

// fixture is a key store, an issuer and a verifier sharing it, at a fixed clock.
type fixture struct {
	keys     *KeyStore
	issuer   *Issuer
	verifier *Verifier
	status   *statusBits
	now      time.Time
}

func newFixture(t testing.TB, alg Algorithm) *fixture {
	t.Helper()
	keys, err := OpenKeyStore("", alg)
	if err != nil {
		t.Fatalf("open key store: %v", err)
	}
	f := &fixture{keys: keys, status: newStatusBits("2024-a"), now: time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)}
	f.issuer, err = NewIssuer(keys, testBaseURL+"/", WithClock(func() time.Time { return f.now }))
	if err != nil {
		t.Fatalf("new issuer: %v", err)
	}
	f.verifier, err = NewVerifier(keys, testBaseURL, f.status.lookup, VerifyAt(func() time.Time { return f.now }))
	if err != nil {
		t.Fatalf("new verifier: %v", err)
	}
	return f
}

func (f *fixture) issue(t testing.TB, in IssueInput) *Issued {
	t.Helper()
	out, err := f.issuer.Issue(context.Background(), in)
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	return out
}
