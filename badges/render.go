package badges

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// ViewData is what the human-readable page of a badge shows.
type ViewData struct {
	Title           string
	Description     string
	AchievementType string // e.g. MicroCredential, Certificate
	LearnerName     string
	IssuerName      string
	IssuerURL       string
	IssuedAt        time.Time
	ValidUntil      *time.Time
	// Status is the achievement's state (VALID, REVOKED, SUSPENDED, EXPIRED); empty when
	// unknown, in which case the verification's status check speaks.
	Status       graph.AchievementStatus
	StatusReason string
	Competencies []ViewCompetency
	Outcomes     []string
	Details      []ViewDetail // workload, EQF level, modality...
	// CredentialURL is where the signed badge (VC-JWT) is served; JWKSURL the issuer's keys.
	CredentialURL string
	JWKSURL       string
	Verification  *Verification // nil: not verified
	// Attributions are the sentences the frameworks shown require (e.g. ESCO's).
	Attributions []string
}

// ESCOAttribution is the sentence ESCO's licence requires wherever its data is shown, and
// escoURIPrefix starts every ESCO concept URI.
const (
	ESCOAttribution = "This service uses the ESCO classification of the European Commission."
	escoURIPrefix   = "http://data.europa.eu/esco/"
)

// ViewCompetency is a certified competency, linked to its framework's URI.
type ViewCompetency struct {
	Name        string
	URL         string
	Framework   string
	Description string // e.g. the level certified
}

// ViewDetail is one labelled fact about the badge.
type ViewDetail struct {
	Label string
	Value string
}

// ViewFromVerification fills a ViewData from a verified badge's credential: title, learner,
// issuer, dates, competencies, outcomes and the EU micro-credential elements. Fields the
// credential lacks stay empty; the caller may set Status and the URLs.
func ViewFromVerification(v *Verification) ViewData {
	view := ViewData{Verification: v}
	if v == nil || v.Credential == nil {
		return view
	}
	m := v.Credential
	view.CredentialURL, _ = m["id"].(string)
	if issuer, ok := m["issuer"].(map[string]any); ok {
		view.IssuerName, _ = issuer["name"].(string)
		view.IssuerURL, _ = issuer["url"].(string)
		if view.IssuerURL == "" {
			view.IssuerURL, _ = issuer["id"].(string)
		}
	}
	if t, err := timeField(m, "validFrom", true); err == nil {
		view.IssuedAt = *t
	}
	if t, err := timeField(m, "validUntil", false); err == nil {
		view.ValidUntil = t
	}
	subject, _ := m["credentialSubject"].(map[string]any)
	if ids, ok := subject["identifier"].([]any); ok {
		for _, raw := range ids {
			id, _ := raw.(map[string]any)
			if id["identityType"] == "name" && id["hashed"] == false {
				view.LearnerName, _ = id["identityHash"].(string)
			}
		}
	}
	achievement, _ := subject["achievement"].(map[string]any)
	view.Title, _ = achievement["name"].(string)
	if view.Title == "" {
		view.Title, _ = m["name"].(string)
	}
	view.Description, _ = achievement["description"].(string)
	view.AchievementType, _ = achievement["achievementType"].(string)
	if alignments, ok := achievement["alignment"].([]any); ok {
		for _, raw := range alignments {
			al, _ := raw.(map[string]any)
			c := ViewCompetency{}
			c.Name, _ = al["targetName"].(string)
			c.URL, _ = al["targetUrl"].(string)
			c.Framework, _ = al["targetFramework"].(string)
			c.Description, _ = al["targetDescription"].(string)
			if c.Name == "" || al["targetType"] == "ext:EQFLevel" {
				continue // the EQF level is shown with the details
			}
			view.Competencies = append(view.Competencies, c)
			if strings.HasPrefix(c.URL, escoURIPrefix) && len(view.Attributions) == 0 {
				view.Attributions = append(view.Attributions, ESCOAttribution)
			}
		}
	}
	if mc, ok := achievement["microCredential"].(map[string]any); ok {
		view.Outcomes = stringList(mc["learningOutcomes"])
		if view.LearnerName == "" {
			view.LearnerName, _ = mc["learner"].(string)
		}
		view.Details = microCredentialDetails(mc)
	}
	return view
}

// microCredentialDetails lists the EU elements worth showing, in a stable order.
func microCredentialDetails(mc map[string]any) []ViewDetail {
	var out []ViewDetail
	add := func(label string, v any) {
		switch t := v.(type) {
		case string:
			if t != "" {
				out = append(out, ViewDetail{label, t})
			}
		case json.Number:
			if t.String() != "0" {
				out = append(out, ViewDetail{label, t.String()})
			}
		case float64:
			if t != 0 {
				out = append(out, ViewDetail{label, strconv.FormatFloat(t, 'f', -1, 64)})
			}
		case []any:
			if s := stringList(t); len(s) > 0 {
				out = append(out, ViewDetail{label, strings.Join(s, ", ")})
			}
		}
	}
	add("Awarding body", mc["awardingBody"])
	add("Country", mc["country"])
	add("Workload (hours)", mc["workloadHours"])
	add("ECTS credits", mc["ects"])
	add("EQF level", mc["eqfLevel"])
	// Assessment types are enum values (CASE_STUDY): shown as words.
	var assessments []string
	for _, a := range stringList(mc["assessmentTypes"]) {
		assessments = append(assessments, strings.ToLower(strings.ReplaceAll(a, "_", " ")))
	}
	add("Assessment", strings.Join(assessments, ", "))
	if mode, _ := mc["formOfParticipation"].(string); mode != "" {
		add("Form of participation", strings.ToLower(mode))
	}
	add("Language", mc["language"])
	add("Quality assurance", mc["qualityAssurance"])
	add("Prerequisites", mc["prerequisites"])
	return out
}

// stringList is the strings of a JSON array.
func stringList(v any) []string {
	items, _ := v.([]any)
	var out []string
	for _, x := range items {
		if s, ok := x.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// RenderHTML writes the human-readable page of a badge: plain accessible HTML with inline
// CSS and no external resource, every value escaped. It returns an internal error when the
// page cannot be written.
func RenderHTML(w io.Writer, view ViewData) error {
	if err := pageTemplate.Execute(w, newPage(view)); err != nil {
		return fmt.Errorf("render badge page: %w", graph.Internal(err))
	}
	return nil
}

// page is ViewData with what the template derives from it.
type page struct {
	ViewData
	Verified    bool
	StatusLabel string
	StatusClass string
	IssuedDate  string
	UntilDate   string
	TypeLabel   string
	Checks      []Check
}

// newPage derives the verified mark and the status shown.
func newPage(v ViewData) page {
	p := page{ViewData: v, Verified: v.Verification != nil && v.Verification.Valid}
	if v.Verification != nil {
		p.Checks = v.Verification.Checks
	}
	if !v.IssuedAt.IsZero() {
		p.IssuedDate = v.IssuedAt.UTC().Format("2 January 2006")
	}
	if v.ValidUntil != nil {
		p.UntilDate = v.ValidUntil.UTC().Format("2 January 2006")
	}
	switch v.AchievementType {
	case AchievementTypeMicroCredential:
		p.TypeLabel = "Micro-credential"
	case AchievementTypeCertificate:
		p.TypeLabel = "Block of competencies"
	case AchievementTypeCertification:
		p.TypeLabel = "Certification"
	default:
		p.TypeLabel = "Badge"
	}
	status := v.Status
	if status == "" && v.Verification != nil {
		status = graph.StatusValid
		if c, ok := v.Verification.Check(CheckStatus); ok && !c.Passed && !c.Skipped {
			switch c.Detail {
			case "revoked":
				status = graph.StatusRevoked
			case "suspended":
				status = graph.StatusSuspended
			}
		}
		if c, ok := v.Verification.Check(CheckValidity); ok && !c.Passed && !c.Skipped && status == graph.StatusValid {
			status = graph.StatusExpired
		}
	}
	switch status {
	case graph.StatusValid:
		p.StatusLabel, p.StatusClass = "Valid", "ok"
	case graph.StatusRevoked:
		p.StatusLabel, p.StatusClass = "Revoked", "bad"
	case graph.StatusSuspended:
		p.StatusLabel, p.StatusClass = "Suspended", "warn"
	case graph.StatusExpired:
		p.StatusLabel, p.StatusClass = "Expired", "warn"
	default:
		p.StatusLabel, p.StatusClass = "Unknown", "warn"
	}
	return p
}

var pageTemplate = template.Must(template.New("badge").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}{{if .LearnerName}} — {{.LearnerName}}{{end}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2433;line-height:1.5}
main{max-width:46rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}
h2{font-size:1.1rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #dde1e8;padding-bottom:.2rem}
.kind{text-transform:uppercase;letter-spacing:.06em;font-size:.8rem;color:#4a5568;margin:0}
.mark{display:inline-block;padding:.3rem .8rem;border-radius:999px;font-weight:600;border:2px solid}
.mark.yes{color:#0b6b2f;border-color:#0b6b2f;background:#e8f6ed}
.mark.no{color:#9b1c1c;border-color:#9b1c1c;background:#fdecec}
.ok{color:#0b6b2f}.bad{color:#9b1c1c}.warn{color:#8a4b00}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dt{font-weight:600;color:#4a5568}dd{margin:0}
ul{padding-left:1.2rem;margin:.3rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e6e9ef;vertical-align:top}
a{color:#1f4fb8}
.small{font-size:.85rem;color:#4a5568}
</style>
</head>
<body>
<main>
<p class="kind">{{.TypeLabel}}</p>
<h1>{{.Title}}</h1>
<p>{{if .Verified}}<span class="mark yes" role="status">&#10003; Verified</span>{{else}}<span class="mark no" role="status">&#10007; Not verified</span>{{end}}</p>
<dl>
{{if .LearnerName}}<dt>Awarded to</dt><dd>{{.LearnerName}}</dd>{{end}}
{{if .IssuerName}}<dt>Issued by</dt><dd>{{if .IssuerURL}}<a href="{{.IssuerURL}}">{{.IssuerName}}</a>{{else}}{{.IssuerName}}{{end}}</dd>{{end}}
{{if .IssuedDate}}<dt>Issued on</dt><dd><time datetime="{{.IssuedAt.UTC.Format "2006-01-02"}}">{{.IssuedDate}}</time></dd>{{end}}
{{if .UntilDate}}<dt>Valid until</dt><dd>{{.UntilDate}}</dd>{{end}}
<dt>Status</dt><dd class="{{.StatusClass}}">{{.StatusLabel}}{{if .StatusReason}} ({{.StatusReason}}){{end}}</dd>
</dl>
{{if .Description}}<h2>About</h2>
<p>{{.Description}}</p>{{end}}
{{if .Outcomes}}<h2>Learning outcomes</h2>
<ul>{{range .Outcomes}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Competencies}}<h2>Competencies certified</h2>
<ul>{{range .Competencies}}<li>{{if .URL}}<a href="{{.URL}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}{{if .Framework}} <span class="small">({{.Framework}})</span>{{end}}{{if .Description}} <span class="small">— {{.Description}}</span>{{end}}</li>{{end}}</ul>{{end}}
{{if .Details}}<h2>Details</h2>
<dl>{{range .Details}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>{{end}}</dl>{{end}}
{{if .Checks}}<h2>Verification</h2>
<table>
<caption class="small">Checks run on the signed badge</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Detail</th></tr></thead>
<tbody>{{range .Checks}}<tr><td>{{.Name}}</td><td>{{if .Passed}}<span class="ok">Passed</span>{{else if .Skipped}}<span class="warn">Not run</span>{{else}}<span class="bad">Failed</span>{{end}}</td><td>{{.Detail}}</td></tr>{{end}}</tbody>
</table>{{end}}
{{range .Attributions}}<p class="small">{{.}}</p>{{end}}
{{if or .CredentialURL .JWKSURL}}<p class="small">{{if .CredentialURL}}<a href="{{.CredentialURL}}">Signed badge (Open Badges 3.0, VC-JWT)</a>{{end}}{{if and .CredentialURL .JWKSURL}} · {{end}}{{if .JWKSURL}}<a href="{{.JWKSURL}}">Issuer keys (JWKS)</a>{{end}}</p>{{end}}
</main>
</body>
</html>
`))
