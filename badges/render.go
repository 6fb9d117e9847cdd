package badges

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// ViewData is what the human-readable page of a badge shows.
type ViewData struct {
	// Lang is the language of the page's labels; the badge's own values stay as issued.
	Lang            i18n.Lang
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
	// Result is the learner's result as the badge states it (e.g. "Projet 16/20").
	Result       string
	Competencies []ViewCompetency
	Outcomes     []string
	Details      []ViewDetail // workload, EQF level, modality...
	// Constituents are the learner's badges stacked into a block's badge, each linked to its
	// page.
	Constituents []ViewLink
	// CredentialURL is where the signed badge (VC-JWT) is served; JWKSURL the issuer's keys.
	CredentialURL string
	JWKSURL       string
	// PageURL is this page's public address (shared, and named in Open Graph tags); ImageURL
	// the badge image's. ImageSrc is the image as the page embeds it (same origin).
	PageURL       string
	ImageURL      string
	ImageSrc      string
	AchievementID string        // the badge's id, for "Add to profile"
	Verification  *Verification // nil: not verified
	// Attributions are the sentences the frameworks shown require (e.g. ESCO's).
	Attributions []string
}

// ViewLink is a titled link.
type ViewLink struct {
	Title string
	URL   string
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

// ViewDetail is one labelled fact about the badge. Label is a message key when set by
// ViewFromVerification; Codes are enum values (CASE_STUDY) rendered as words of the page's
// language under the message keys CodePrefix+code.
type ViewDetail struct {
	Label      string
	Value      string
	Codes      []string
	CodePrefix string
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
		// The profile's id is the issuer's page here; its url, the issuer's own site.
		view.IssuerURL, _ = issuer["id"].(string)
		if !strings.HasPrefix(view.IssuerURL, "http") {
			view.IssuerURL, _ = issuer["url"].(string)
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
	if results, ok := subject["result"].([]any); ok && len(results) > 0 {
		r, _ := results[0].(map[string]any)
		view.Result, _ = r["value"].(string)
	}
	if img, ok := m["image"].(map[string]any); ok {
		view.ImageURL, _ = img["id"].(string)
	}
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

// microCredentialDetails lists the EU elements worth showing, in a stable order, labelled by
// message key.
func microCredentialDetails(mc map[string]any) []ViewDetail {
	var out []ViewDetail
	add := func(label string, v any) {
		switch t := v.(type) {
		case string:
			if t != "" {
				out = append(out, ViewDetail{Label: label, Value: t})
			}
		case json.Number:
			if t.String() != "0" {
				out = append(out, ViewDetail{Label: label, Value: t.String()})
			}
		case float64:
			if t != 0 {
				out = append(out, ViewDetail{Label: label, Value: strconv.FormatFloat(t, 'f', -1, 64)})
			}
		case []any:
			if s := stringList(t); len(s) > 0 {
				out = append(out, ViewDetail{Label: label, Value: strings.Join(s, ", ")})
			}
		}
	}
	add("detail.awardingBody", mc["awardingBody"])
	add("detail.country", mc["country"])
	add("detail.workload", mc["workloadHours"])
	add("detail.ects", mc["ects"])
	add("detail.eqf", mc["eqfLevel"])
	// Assessment types and the form of participation are enum values: shown as words.
	if codes := stringList(mc["assessmentTypes"]); len(codes) > 0 {
		out = append(out, ViewDetail{Label: "detail.assessment", Codes: codes, CodePrefix: "assessment."})
	}
	if mode, _ := mc["formOfParticipation"].(string); mode != "" {
		out = append(out, ViewDetail{Label: "detail.participation", Codes: []string{mode}, CodePrefix: "modality."})
	}
	add("detail.language", mc["language"])
	add("detail.qualityAssurance", mc["qualityAssurance"])
	add("detail.prerequisites", mc["prerequisites"])
	return out
}

// localize renders a detail's label and enum values in lang; an unknown code reads as
// lower-case words.
func (d ViewDetail) localize(lang i18n.Lang) ViewDetail {
	d.Label = messages.T(lang, d.Label)
	if len(d.Codes) > 0 {
		words := make([]string, len(d.Codes))
		for i, c := range d.Codes {
			words[i] = messages.T(lang, d.CodePrefix+c)
			if words[i] == d.CodePrefix+c {
				words[i] = strings.ToLower(strings.ReplaceAll(c, "_", " "))
			}
		}
		d.Value = strings.Join(words, ", ")
	}
	return d
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
// CSS and nothing loaded from elsewhere (the badge image comes from this site), every value
// escaped, labels in view.Lang. It returns an internal error when the page cannot be written.
func RenderHTML(w io.Writer, view ViewData) error {
	if err := pageTemplate.Execute(w, newPage(view)); err != nil {
		return fmt.Errorf("render badge page: %w", graph.Internal(err))
	}
	return nil
}

// page is ViewData with what the template derives from it.
type page struct {
	ViewData
	Verified     bool
	Mark         string // the verdict's words
	MarkClass    string // yes, warn or no
	MarkNote     string
	StatusLabel  string
	StatusClass  string
	IssuedDate   string
	UntilDate    string
	UntilLabel   string
	TypeLabel    string
	Checks       []Check
	Languages    []langLink
	LinkedInAdd  string // "Add to profile", only for a badge that verifies
	LinkedInPost string
	MailTo       string
	Locale       string // og:locale
	Summary      string // og:description
}

// langLink switches the page to another language.
type langLink struct {
	Lang    i18n.Lang
	Name    string
	Current bool
}

// T renders a label in the page's language.
func (p page) T(key string, args ...any) string { return messages.T(p.Lang, key, args...) }

// formatDate writes a date out in full in lang: "2 January 2006", "2 janvier 2006".
func formatDate(t time.Time, lang i18n.Lang) string {
	t = t.UTC()
	months, ok := monthNames[lang]
	if !ok {
		months = monthNames[i18n.English]
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// genuine reports whether the badge is ours and untouched: format, signature, shape and claims
// hold, whatever its validity window and status say.
func genuine(v *Verification) bool {
	if v == nil {
		return false
	}
	for _, name := range []string{CheckFormat, CheckSignature, CheckSchema, CheckClaims} {
		if c, ok := v.Check(name); !ok || !c.Passed {
			return false
		}
	}
	return true
}

// newPage derives the verdict, the status, the dates and the share links. The verdict tells
// apart a badge that verifies, a genuine one past its validity, one its issuer revoked or
// suspended, and one that fails verification (forged, altered, unknown key).
func newPage(v ViewData) page {
	if v.Lang == "" {
		v.Lang = i18n.English
	}
	p := page{ViewData: v, Verified: v.Verification != nil && v.Verification.Valid}
	if v.Verification != nil {
		p.Checks = v.Verification.Checks
	}
	// The level sentence is the issuer's English (see Issuer.alignment): said again in the
	// page's language.
	p.Competencies = make([]ViewCompetency, len(v.Competencies))
	for i, c := range v.Competencies {
		var level, of int
		if _, err := fmt.Sscanf(c.Description, "Certified at level %d of %d", &level, &of); err == nil && c.Description == fmt.Sprintf("Certified at level %d of %d", level, of) {
			c.Description = p.T("certified.level", level, of)
		}
		p.Competencies[i] = c
	}
	p.Details = make([]ViewDetail, len(v.Details))
	for i, d := range v.Details {
		p.Details[i] = d.localize(v.Lang)
	}
	p.Attributions = make([]string, len(v.Attributions))
	for i, a := range v.Attributions {
		if a == ESCOAttribution {
			a = p.T("esco.attribution")
		}
		p.Attributions[i] = a
	}
	if !v.IssuedAt.IsZero() {
		p.IssuedDate = formatDate(v.IssuedAt, v.Lang)
	}
	p.TypeLabel = typeLabel(v.AchievementType, v.Lang)
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
		if c, ok := v.Verification.Check(CheckValidity); ok && !c.Passed && !c.Skipped && status == graph.StatusValid &&
			v.ValidUntil != nil && !v.ValidUntil.After(time.Now()) {
			status = graph.StatusExpired
		}
	}
	if v.ValidUntil != nil {
		p.UntilDate = formatDate(*v.ValidUntil, v.Lang)
		p.UntilLabel = p.T("valid.until")
		if status == graph.StatusExpired {
			p.UntilLabel = p.T("expired.on")
		}
	}
	switch status {
	case graph.StatusValid:
		p.StatusClass = "ok"
	case graph.StatusRevoked:
		p.StatusClass = "bad"
	case graph.StatusSuspended, graph.StatusExpired:
		p.StatusClass = "warn"
	default:
		p.StatusClass = "warn"
	}
	p.StatusLabel = p.T("status.unknown")
	if status != "" {
		p.StatusLabel = p.T("status." + string(status))
	}
	switch {
	case status == graph.StatusRevoked:
		p.Mark, p.MarkClass = p.T("mark.revoked"), "no"
	case status == graph.StatusSuspended:
		p.Mark, p.MarkClass = p.T("mark.suspended"), "warn"
	case status == graph.StatusExpired && genuine(v.Verification):
		p.Mark, p.MarkClass = p.T("mark.expired"), "warn"
		if p.UntilDate != "" {
			p.MarkNote = p.T("mark.expired.note", p.UntilDate)
		}
	case p.Verified:
		p.Mark, p.MarkClass = p.T("mark.verified"), "yes"
	default:
		p.Mark, p.MarkClass = p.T("mark.failed"), "no"
	}
	for _, l := range i18n.Supported {
		p.Languages = append(p.Languages, langLink{Lang: l, Name: languageNames[l], Current: l == v.Lang})
	}
	p.Locale = locales[v.Lang]
	p.Summary = v.Description
	if p.Summary == "" || utf8.RuneCountInString(p.Summary) > 200 {
		p.Summary = p.TypeLabel
		if v.IssuerName != "" {
			p.Summary += " · " + v.IssuerName
		}
	}
	if v.PageURL != "" {
		if p.Verified && status == graph.StatusValid {
			p.LinkedInAdd = linkedInAddURL(v)
		}
		if p.MarkClass != "no" {
			p.LinkedInPost = "https://www.linkedin.com/sharing/share-offsite/?" + url.Values{"url": {v.PageURL}}.Encode()
			p.MailTo = "mailto:?" + strings.ReplaceAll(url.Values{"subject": {v.Title}, "body": {v.PageURL}}.Encode(), "+", "%20")
		}
	}
	return p
}

// languageNames name each language in itself, for the switcher; locales are Open Graph's.
var (
	languageNames = map[i18n.Lang]string{i18n.English: "English", i18n.French: "Français"}
	locales       = map[i18n.Lang]string{i18n.English: "en_GB", i18n.French: "fr_FR"}
)

// AddToProfileURL is LinkedIn's "Add to profile" address for the badge whose decoded
// credential is cred, shown at pageURL.
func AddToProfileURL(cred map[string]any, pageURL, achievementID string) string {
	v := ViewFromVerification(&Verification{Credential: cred})
	v.PageURL, v.AchievementID = pageURL, achievementID
	return linkedInAddURL(v)
}

// linkedInAddURL is LinkedIn's "Add to profile" address for a certification, filled from the
// badge: its title, issuer, dates, page and id.
func linkedInAddURL(v ViewData) string {
	q := url.Values{
		"startTask":        {"CERTIFICATION_NAME"},
		"name":             {v.Title},
		"organizationName": {v.IssuerName},
		"certUrl":          {v.PageURL},
	}
	if v.AchievementID != "" {
		q.Set("certId", v.AchievementID)
	}
	if !v.IssuedAt.IsZero() {
		q.Set("issueYear", strconv.Itoa(v.IssuedAt.UTC().Year()))
		q.Set("issueMonth", strconv.Itoa(int(v.IssuedAt.UTC().Month())))
	}
	if v.ValidUntil != nil {
		q.Set("expirationYear", strconv.Itoa(v.ValidUntil.UTC().Year()))
		q.Set("expirationMonth", strconv.Itoa(int(v.ValidUntil.UTC().Month())))
	}
	return "https://www.linkedin.com/profile/add?" + q.Encode()
}

// pageStyle is the inline stylesheet of the public pages, with a print style that drops the
// share links.
const pageStyle = `<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2433;line-height:1.5}
main{max-width:46rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}
h2{font-size:1.1rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #dde1e8;padding-bottom:.2rem}
.kind{text-transform:uppercase;letter-spacing:.06em;font-size:.8rem;color:#4a5568;margin:0}
.head{display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
.head img{width:128px;height:128px}
.mark{display:inline-block;padding:.3rem .8rem;border-radius:999px;font-weight:600;border:2px solid}
.mark.yes{color:#0b6b2f;border-color:#0b6b2f;background:#e8f6ed}
.mark.warn{color:#8a4b00;border-color:#8a4b00;background:#fff4e5}
.mark.no{color:#9b1c1c;border-color:#9b1c1c;background:#fdecec}
.ok{color:#0b6b2f}.bad{color:#9b1c1c}.warn{color:#8a4b00}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dt{font-weight:600;color:#4a5568}dd{margin:0}
ul{padding-left:1.2rem;margin:.3rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e6e9ef;vertical-align:top}
a{color:#1f4fb8}
.small{font-size:.85rem;color:#4a5568}
nav.lang{text-align:right;font-size:.85rem}
nav.lang a[aria-current]{font-weight:700;color:#1d2433;text-decoration:none}
.share{display:flex;flex-wrap:wrap;gap:.5rem 1rem;padding:0;list-style:none}
@media print{body{background:#fff}main{box-shadow:none;margin:0}.share,nav.lang{display:none}}
</style>`

// langNav is the language switcher of the public pages: links to the same page in each
// language, the current one marked.
const langNav = `{{define "lang"}}<nav class="lang" aria-label="{{.T "language"}}">{{range $i, $l := .Languages}}{{if $i}} · {{end}}<a href="?lang={{$l.Lang}}" hreflang="{{$l.Lang}}" lang="{{$l.Lang}}"{{if $l.Current}} aria-current="true"{{end}}>{{$l.Name}}</a>{{end}}</nav>{{end}}`

var pageTemplate = template.Must(template.New("badge").Parse(langNav + `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}{{if .LearnerName}} — {{.LearnerName}}{{end}}</title>
<meta name="description" content="{{.Summary}}">
<meta property="og:type" content="website">
<meta property="og:title" content="{{.Title}}">
<meta property="og:description" content="{{.Summary}}">
<meta property="og:locale" content="{{.Locale}}">
{{if .PageURL}}<meta property="og:url" content="{{.PageURL}}">
<link rel="canonical" href="{{.PageURL}}">
{{range .Languages}}<link rel="alternate" hreflang="{{.Lang}}" href="{{$.PageURL}}?lang={{.Lang}}">
{{end}}{{end}}{{if .ImageURL}}<meta property="og:image" content="{{.ImageURL}}">
<meta property="og:image:type" content="image/svg+xml">
<meta property="og:image:alt" content="{{.T "badge.image.alt" .Title}}">
<meta name="twitter:image" content="{{.ImageURL}}">
{{end}}<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{.Title}}">
<meta name="twitter:description" content="{{.Summary}}">
` + pageStyle + `
</head>
<body>
<main>
{{template "lang" .}}
<div class="head">
{{if .ImageSrc}}<img src="{{.ImageSrc}}" alt="{{.T "badge.image.alt" .Title}}" width="128" height="128">{{end}}
<div>
<p class="kind">{{.TypeLabel}}</p>
<h1>{{.Title}}</h1>
<p><span class="mark {{.MarkClass}}" role="status">{{if eq .MarkClass "yes"}}&#10003;{{else if eq .MarkClass "no"}}&#10007;{{else}}&#9888;{{end}} {{.Mark}}</span></p>
{{if .MarkNote}}<p class="small">{{.MarkNote}}</p>{{end}}
</div>
</div>
<dl>
{{if .LearnerName}}<dt>{{.T "awarded.to"}}</dt><dd>{{.LearnerName}}</dd>{{end}}
{{if .IssuerName}}<dt>{{.T "issued.by"}}</dt><dd>{{if .IssuerURL}}<a href="{{.IssuerURL}}">{{.IssuerName}}</a>{{else}}{{.IssuerName}}{{end}}</dd>{{end}}
{{if .IssuedDate}}<dt>{{.T "issued.on"}}</dt><dd><time datetime="{{.IssuedAt.UTC.Format "2006-01-02"}}">{{.IssuedDate}}</time></dd>{{end}}
{{if .UntilDate}}<dt>{{.UntilLabel}}</dt><dd>{{.UntilDate}}</dd>{{end}}
{{if .Result}}<dt>{{.T "result"}}</dt><dd class="result">{{.Result}}</dd>{{end}}
<dt>{{.T "status"}}</dt><dd class="{{.StatusClass}}">{{.StatusLabel}}{{if .StatusReason}} ({{.StatusReason}}){{end}}</dd>
</dl>
{{if .Description}}<h2>{{.T "about"}}</h2>
<p>{{.Description}}</p>{{end}}
{{if .Constituents}}<h2>{{.T "constituents"}}</h2>
<ul class="constituents">{{range .Constituents}}<li>{{if .URL}}<a href="{{.URL}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}</li>{{end}}</ul>{{end}}
{{if .Outcomes}}<h2>{{.T "outcomes"}}</h2>
<ul>{{range .Outcomes}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Competencies}}<h2>{{.T "competencies"}}</h2>
<ul>{{range .Competencies}}<li>{{if .URL}}<a href="{{.URL}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}{{if .Framework}} <span class="small">({{.Framework}})</span>{{end}}{{if .Description}} <span class="small">— {{.Description}}</span>{{end}}</li>{{end}}</ul>{{end}}
{{if .Details}}<h2>{{.T "details"}}</h2>
<dl>{{range .Details}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>{{end}}</dl>{{end}}
{{if or .PageURL .CredentialURL}}<h2>{{.T "share"}}</h2>
<ul class="share">
{{if .PageURL}}<li><a href="{{.PageURL}}" rel="bookmark">{{.T "share.link"}}</a></li>{{end}}
{{if .LinkedInAdd}}<li><a href="{{.LinkedInAdd}}" class="linkedin-add" rel="noopener">{{.T "share.linkedin.add"}}</a></li>{{end}}
{{if .LinkedInPost}}<li><a href="{{.LinkedInPost}}" class="linkedin-share" rel="noopener">{{.T "share.linkedin.post"}}</a></li>{{end}}
{{if .MailTo}}<li><a href="{{.MailTo}}">{{.T "share.email"}}</a></li>{{end}}
{{if .CredentialURL}}<li><a href="{{.CredentialURL}}" download="badge.jwt" type="application/vc+jwt">{{.T "download.jwt"}}</a></li>
<li><a href="{{.CredentialURL}}?format=json" download="badge.json" type="application/json">{{.T "download.json"}}</a></li>{{end}}
{{if .ImageURL}}<li><a href="{{.ImageURL}}" download="badge.svg" type="image/svg+xml">{{.T "download.image"}}</a></li>{{end}}
</ul>{{end}}
{{if .Checks}}<h2>{{.T "verification"}}</h2>
<table>
<caption class="small">{{.T "checks.caption"}}</caption>
<thead><tr><th scope="col">{{.T "check"}}</th><th scope="col">{{.T "check.result"}}</th><th scope="col">{{.T "check.detail"}}</th></tr></thead>
<tbody>{{range .Checks}}<tr><td>{{.Name}}</td><td>{{if .Passed}}<span class="ok">{{$.T "check.passed"}}</span>{{else if .Skipped}}<span class="warn">{{$.T "check.skipped"}}</span>{{else}}<span class="bad">{{$.T "check.failed"}}</span>{{end}}</td><td>{{.Detail}}</td></tr>{{end}}</tbody>
</table>{{end}}
{{range .Attributions}}<p class="small">{{.}}</p>{{end}}
{{if .JWKSURL}}<p class="small"><a href="{{.JWKSURL}}">{{.T "issuer.keys"}}</a></p>{{end}}
</main>
</body>
</html>
`))
