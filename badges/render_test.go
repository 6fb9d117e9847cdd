package badges

import (
	"bytes"
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

func TestRenderVerifiedBadge(t *testing.T) {
	f := newFixture(t, EdDSA)
	in := credentialInput(t, "ach-view", 8, f.now.Add(-time.Hour), nil)
	in.Credential.Outcomes = append(in.Credential.Outcomes, `<script>alert("x")</script>`)
	issued := f.issue(t, in)
	v := f.verifier.Verify(context.Background(), issued.JWT)
	if !v.Valid {
		t.Fatalf("badge rejected: %+v", v.Checks)
	}
	view := ViewFromVerification(v)
	view.JWKSURL = testBaseURL + "/.well-known/jwks.json"
	if view.Title != in.Credential.Title || view.LearnerName != "Ada Lovelace" || view.IssuerName != in.Organization.Name {
		t.Fatalf("view %+v", view)
	}
	if len(view.Competencies) != len(in.Competencies) {
		t.Fatalf("%d competencies in the view, want %d", len(view.Competencies), len(in.Competencies))
	}
	usesESCO := strings.HasPrefix(in.Competencies[0].Competency.AlignmentURI, "http://data.europa.eu/esco/")
	if usesESCO != (len(view.Attributions) == 1) {
		t.Errorf("ESCO data shown: %v, attributions %v", usesESCO, view.Attributions)
	}
	var buf bytes.Buffer
	if err := RenderHTML(&buf, view); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<h1>" + html.EscapeString(in.Credential.Title) + "</h1>",
		"Ada Lovelace",
		"Data Academy &lt;Paris&gt;",
		"Verified",
		"Valid",
		f.now.Add(-time.Hour).Format("2 January 2006"),
		"Blended",
	} {
		if !strings.Contains(page, want) && !strings.Contains(strings.ToLower(page), strings.ToLower(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Enum values read as words; free text keeps its case.
	if !strings.Contains(page, "<dd>simulation, project</dd>") || !strings.Contains(page, "<dd>Spreadsheet basics</dd>") {
		t.Error("page lacks the assessment types as words or the prerequisites as written")
	}
	if usesESCO && !strings.Contains(page, ESCOAttribution) {
		t.Error("page shows ESCO skills without ESCO's attribution")
	}
	if strings.Contains(page, "Not verified") || !strings.Contains(page, `class="mark yes"`) {
		t.Error("valid badge marked not verified")
	}
	for _, c := range in.Competencies {
		wantURL := c.Competency.AlignmentURI
		if wantURL == "" {
			wantURL = testBaseURL + "/competencies/" + c.Competency.ID
		}
		if !strings.Contains(page, `href="`+wantURL+`"`) {
			t.Errorf("page lacks a link to %s", wantURL)
		}
	}
	if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") {
		t.Error("an outcome's markup was not escaped")
	}
	for _, check := range CheckNames {
		if !strings.Contains(page, "<td>"+check+"</td>") {
			t.Errorf("page lacks check %s", check)
		}
	}
	// Nothing is loaded from elsewhere: no scripts, stylesheets, images or frames.
	if external := regexp.MustCompile(`(?i)<(script|link|img|iframe)\b|\bsrc=|@import|url\(`); external.MatchString(page) {
		t.Errorf("page loads an external resource: %q", external.FindString(page))
	}
	if !strings.Contains(page, `<html lang="en">`) {
		t.Error("page has no language")
	}
}

func TestRenderRevokedAndUnverified(t *testing.T) {
	f := newFixture(t, EdDSA)
	issued := f.issue(t, credentialInput(t, "ach-rev", 2, f.now.Add(-time.Hour), nil))
	f.status.revoked[2] = true
	v := f.verifier.Verify(context.Background(), issued.JWT)
	var buf bytes.Buffer
	if err := RenderHTML(&buf, ViewFromVerification(v)); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, "Revoked by its issuer") || !strings.Contains(page, `class="mark no"`) || strings.Contains(page, "&#10003; Verified") {
		t.Errorf("revoked badge page does not say so")
	}

	// The caller's status wins; an unsafe link is neutralised by the template.
	view := ViewData{
		Title: "T", Status: graph.StatusSuspended, StatusReason: "under review",
		Competencies: []ViewCompetency{{Name: "x", URL: "javascript:alert(1)"}},
	}
	buf.Reset()
	if err := RenderHTML(&buf, view); err != nil {
		t.Fatal(err)
	}
	page = buf.String()
	if !strings.Contains(page, "Suspended (under review)") || !strings.Contains(page, "Suspended by its issuer") {
		t.Errorf("suspended page: %s", page)
	}
	if strings.Contains(page, "javascript:") {
		t.Error("javascript: link rendered")
	}
}
