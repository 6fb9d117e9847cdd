package record_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
)

var (
	t0     = time.Date(2026, 3, 4, 5, 6, 7, 8_000_000, time.UTC)
	t1     = t0.Add(time.Hour)
	meta   = graph.Meta{ID: "x-1", CreatedAt: t0, UpdatedAt: t1}
	budget = 1200.5
	total  = 300.0
)

// full returns one node of each kind with every field set, so that a field added to a domain
// type and forgotten by its record fails the round trip below.
func full() []graph.Node {
	return []graph.Node{
		&graph.Competency{Meta: meta, Name: "Analyse de données", Description: "d", AltLabels: []string{"a", "b"},
			Type: graph.CompetencyTypeSkill, ReuseLevel: graph.ReuseCrossSector, FrameworkID: "fw", AlignmentURI: "http://x", Code: "c",
			Names: map[string]string{"fr": "analyse de données"}},
		&graph.Framework{Meta: meta, Name: "n", Description: "d", URI: "http://u", Version: "1.1", Publisher: "p", Attribution: "a"},
		&graph.Organization{Meta: meta, Name: "n", Kind: graph.OrgUniversity, Description: "d", Country: "FR",
			URL: "http://o", Email: "a@b.c"},
		&graph.Credential{Meta: meta, Title: "t", Description: "d", Outcomes: []string{"o"}, Hours: 21.5, ECTS: 1.5,
			EQFLevel: 5, Modality: graph.ModalityBlended, AssessmentTypes: []graph.AssessmentType{graph.AssessmentExam},
			Language: "fr", Price: 99.9, Currency: "EUR", OrganizationID: "org", QualityAssurance: "q",
			PartialValidation: true, RetakesAllowed: -1, RetakePolicy: "r", ValidityMonths: 24, Country: "FR", URL: "http://c"},
		&graph.Block{Meta: meta, Title: "t", Description: "d", Rule: graph.Rule{Kind: graph.RuleMinECTS, Count: 2, Min: 30},
			Components: []string{"k1", "k2"}, Certification: true, OrganizationID: "org", Code: "RNCP1"},
		&graph.JobRole{Meta: meta, Title: "t", Description: "d", AltLabels: []string{"a"}, ISCOGroup: "2511",
			AlignmentURI: "http://r", Code: "c", FrameworkID: "fw", OrganizationID: "org", Titles: map[string]string{"fr": "analyste"}},
		&graph.Learner{Meta: meta, Name: "Léa", Email: "l@x.fr", Country: "FR", Headline: "h", OpenToOpportunities: true,
			AdvisorID: "adv", Constraints: graph.Constraints{HoursPerWeek: 6, MaxBudget: &budget, MaxTotalHours: &total,
				Modalities: []graph.Modality{graph.ModalityRemote}, Languages: []string{"fr"}, Deadline: &t1},
			InProgress: []string{"k"}},
		&graph.Achievement{Meta: meta, LearnerID: "l", CredentialID: "k", BlockID: "b", IssuedAt: t0, ValidUntil: &t1,
			Status: graph.StatusRevoked, StatusReason: "r", Partial: true, Result: "A", Evidence: []string{"http://e"},
			IdempotencyKey: "i", BadgeJWT: "j.w.t", StatusList: "http://s", StatusIndex: 7, Visibility: graph.VisibilityPublic},
	}
}

// zeroField names a field of v (a struct) left at its zero value, walking into structs.
func zeroField(v reflect.Value, path string) string {
	for i := range v.NumField() {
		f, name := v.Field(i), path+v.Type().Field(i).Name
		if f.Kind() == reflect.Struct && f.Type() != reflect.TypeFor[time.Time]() {
			if z := zeroField(f, name+"."); z != "" {
				return z
			}
			continue
		}
		if f.IsZero() {
			return name
		}
	}
	return ""
}

func TestRecordsKeepEveryField(t *testing.T) {
	for _, n := range full() {
		if z := zeroField(reflect.ValueOf(n).Elem(), ""); z != "" {
			t.Fatalf("%s: the test leaves %s unset", n.NodeKind(), z)
		}
		b, err := record.Encode(n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := record.Decode(n.NodeKind(), b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, n) {
			t.Fatalf("%s: round trip\n got %+v\nwant %+v", n.NodeKind(), got, n)
		}
	}
}

// The layout of version 1 is fixed: stores hold it, and content hashes are taken over it.
func TestVersion1Layout(t *testing.T) {
	a := full()[7]
	b, err := record.Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"x-1","createdAt":"2026-03-04T05:06:07.008Z","updatedAt":"2026-03-04T06:06:07.008Z",` +
		`"learnerId":"l","credentialId":"k","blockId":"b","issuedAt":"2026-03-04T05:06:07.008Z",` +
		`"validUntil":"2026-03-04T06:06:07.008Z","status":"REVOKED","statusReason":"r","partial":true,"result":"A",` +
		`"evidence":["http://e"],"idempotencyKey":"i","badgeJwt":"j.w.t","statusList":"http://s","statusIndex":7,` +
		`"visibility":"PUBLIC"}`
	if string(b) != want {
		t.Fatalf("achievement record\n got %s\nwant %s", b, want)
	}
	// The hash the first stores gave this content: SHA-256 of the kind and the record with
	// zero timestamps, first 16 bytes.
	if h := record.Hash(a); h != "ebd4c08a49c9aba2654c452e8d6eb327" {
		t.Fatalf("hash %s, want the hash issued badges were stored with", h)
	}
}

func TestHashIgnoresTimestamps(t *testing.T) {
	a, b := full()[3].(*graph.Credential), full()[3].(*graph.Credential)
	b.CreatedAt, b.UpdatedAt = time.Time{}, time.Now()
	if record.Hash(a) != record.Hash(b) {
		t.Fatal("timestamps changed the hash")
	}
	if a.CreatedAt.IsZero() {
		t.Fatal("Hash must not clear the node's timestamps")
	}
	b.Price++
	if record.Hash(a) == record.Hash(b) {
		t.Fatal("a content change kept the hash")
	}
	if _, err := record.Decode("Person", []byte("{}")); err == nil {
		t.Fatal("Decode of an unknown kind succeeded")
	}
	if _, err := record.Decode(graph.KindCredential, []byte(`{"hours":"many"}`)); err == nil {
		t.Fatal("Decode of a malformed record succeeded")
	}
}
