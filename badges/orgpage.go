package badges

import (
	"fmt"
	"html/template"
	"io"
	"strconv"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// OrgView is what an organisation's public page shows: the profile its badges name as issuer
// and, unless the catalogue is private, the credentials and blocks it awards.
type OrgView struct {
	Lang        i18n.Lang
	Name        string
	Description string
	Website     string
	Country     string
	PageURL     string
	Credentials []OrgItem
	Blocks      []OrgItem
	// More counts the items left off a long list.
	More int
	// Catalogue is false when the catalogue is private: the page shows the profile only.
	Catalogue bool
}

// OrgItem is one credential or block an organisation awards.
type OrgItem struct {
	Title    string
	Type     string // an achievement type: MicroCredential, Certificate, Certification
	Hours    float64
	ECTS     float64
	EQFLevel int
	Modality string // ONSITE, REMOTE, BLENDED
	Code     string
}

// RenderOrganization writes an organisation's public page, labels in view.Lang, every value
// escaped. It returns an internal error when the page cannot be written.
func RenderOrganization(w io.Writer, view OrgView) error {
	if view.Lang == "" {
		view.Lang = i18n.English
	}
	p := orgPage{OrgView: view}
	for _, l := range i18n.Supported {
		p.Languages = append(p.Languages, langLink{Lang: l, Name: languageNames[l], Current: l == view.Lang})
	}
	p.Locale = locales[view.Lang]
	if err := orgTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("render organisation page: %w", graph.Internal(err))
	}
	return nil
}

// orgPage is OrgView with what its template derives.
type orgPage struct {
	OrgView
	Languages []langLink
	Locale    string
}

// T renders a label in the page's language.
func (p orgPage) T(key string, args ...any) string { return messages.T(p.Lang, key, args...) }

// Facts are an item's workload, credits, level and modality as short words of the page.
func (p orgPage) Facts(it OrgItem) string {
	var out string
	add := func(s string) {
		if out != "" {
			out += " · "
		}
		out += s
	}
	if it.Code != "" {
		add(it.Code)
	}
	if it.Type != AchievementTypeMicroCredential {
		add(typeLabel(it.Type, p.Lang))
	}
	if it.Hours > 0 {
		add(p.T("org.hours", strconv.FormatFloat(it.Hours, 'f', -1, 64)))
	}
	if it.ECTS > 0 {
		add(p.T("org.ects", strconv.FormatFloat(it.ECTS, 'f', -1, 64)))
	}
	if it.EQFLevel > 0 {
		add(p.T("detail.eqf") + " " + strconv.Itoa(it.EQFLevel))
	}
	if it.Modality != "" {
		add(ViewDetail{Codes: []string{it.Modality}, CodePrefix: "modality."}.localize(p.Lang).Value)
	}
	return out
}

var orgTemplate = template.Must(template.New("org").Parse(langNav + `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Name}}</title>
{{if .Description}}<meta name="description" content="{{.Description}}">{{end}}
<meta property="og:type" content="profile">
<meta property="og:title" content="{{.Name}}">
{{if .Description}}<meta property="og:description" content="{{.Description}}">{{end}}
<meta property="og:locale" content="{{.Locale}}">
{{if .PageURL}}<meta property="og:url" content="{{.PageURL}}">
<link rel="canonical" href="{{.PageURL}}">{{end}}
` + pageStyle + `
</head>
<body>
<main>
{{template "lang" .}}
<p class="kind">{{.T "org.kind"}}</p>
<h1>{{.Name}}</h1>
{{if .Description}}<p>{{.Description}}</p>{{end}}
<dl>
{{if .Website}}<dt>{{.T "org.website"}}</dt><dd><a href="{{.Website}}" rel="noopener">{{.Website}}</a></dd>{{end}}
{{if .Country}}<dt>{{.T "detail.country"}}</dt><dd>{{.Country}}</dd>{{end}}
</dl>
{{if .Catalogue}}
<h2>{{.T "org.credentials"}}</h2>
{{if .Credentials}}<ul class="credentials">{{range .Credentials}}<li>{{.Title}} <span class="small">{{$.Facts .}}</span></li>{{end}}</ul>{{else}}<p class="small">{{.T "org.none"}}</p>{{end}}
{{if .Blocks}}<h2>{{.T "org.blocks"}}</h2>
<ul class="blocks">{{range .Blocks}}<li>{{.Title}} <span class="small">{{$.Facts .}}</span></li>{{end}}</ul>{{end}}
{{if .More}}<p class="small">{{.T "org.more" .More}}</p>{{end}}
{{end}}
</main>
</body>
</html>
`))
