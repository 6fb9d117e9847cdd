package badges

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// element is an HTML or SVG element with its attributes and the text directly inside it.
type element struct {
	Name  string
	Attrs map[string]string
	Text  string
}

// parseMarkup reads a page's elements with encoding/xml in its lenient HTML mode; strict
// parses SVG as the XML it must be, and fails the test when it is not well-formed.
func parseMarkup(t *testing.T, doc string, strict bool) []element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	if !strict {
		d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	}
	var out []element
	var open []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, doc)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			e := element{Name: x.Name.Local, Attrs: map[string]string{}}
			for _, a := range x.Attr {
				key := a.Name.Local
				if a.Name.Space != "" && a.Name.Space != "http://www.w3.org/2000/svg" {
					key = a.Name.Space + ":" + key
				}
				e.Attrs[key] = a.Value
			}
			out = append(out, e)
			open = append(open, len(out)-1)
		case xml.EndElement:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].Text += string(x)
			}
		}
	}
}

// find returns the elements called name whose attribute key is value ("" matches any).
func find(els []element, name, key, value string) []element {
	var out []element
	for _, e := range els {
		if e.Name == name && (key == "" || e.Attrs[key] == value) {
			out = append(out, e)
		}
	}
	return out
}

// meta returns the content of the meta tag with property or name key.
func meta(els []element, key string) string {
	for _, e := range find(els, "meta", "", "") {
		if e.Attrs["property"] == key || e.Attrs["name"] == key {
			return e.Attrs["content"]
		}
	}
	return ""
}

const hostile = `Data "quoted" <script>alert(1)</script> & co'`

// A shared page carries Open Graph and Twitter tags, the image, the result, the share links
// and the downloads; hostile text stays text in the page, its tags and its links.
func TestBadgePageSharing(t *testing.T) {
	f := newFixture(t, EdDSA)
	in := credentialInput(t, "ach-share", 3, f.now.Add(-time.Hour), new(f.now.AddDate(2, 0, 0)))
	in.Credential.Title = hostile
	in.Achievement.Result = "Projet 16/20"
	issued := f.issue(t, in)
	if issued.Credential.Image == nil || issued.Credential.Image.ID != testBaseURL+"/credentials/ach-share/image.svg" ||
		issued.Credential.CredentialSubject.Achievement.Image == nil {
		t.Fatalf("credential image: %+v", issued.Credential.Image)
	}
	v := f.verifier.Verify(context.Background(), issued.JWT)
	if !v.Valid {
		t.Fatalf("a badge with an image does not verify: %+v", v.Checks)
	}
	view := ViewFromVerification(v)
	if view.ImageURL != issued.Credential.Image.ID || view.Result != "Projet 16/20" {
		t.Fatalf("image %q, result %q", view.ImageURL, view.Result)
	}
	view.PageURL = testBaseURL + "/credentials/ach-share/view"
	view.CredentialURL = testBaseURL + "/credentials/ach-share"
	view.AchievementID = "ach-share"
	view.ImageSrc = "image.svg"
	var buf bytes.Buffer
	if err := RenderHTML(&buf, view); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	els := parseMarkup(t, page, false)
	for key, want := range map[string]string{
		"og:title": hostile, "twitter:title": hostile, "og:url": view.PageURL, "og:image": view.ImageURL,
		"twitter:image": view.ImageURL, "twitter:card": "summary", "og:type": "website", "og:locale": "en_GB",
	} {
		if got := meta(els, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if meta(els, "og:description") == "" {
		t.Error("no og:description")
	}
	if strings.Contains(page, "<script>") {
		t.Error("the title's markup reached the page")
	}
	if h1 := find(els, "h1", "", ""); len(h1) != 1 || h1[0].Text != hostile {
		t.Errorf("h1 %+v", h1)
	}
	if img := find(els, "img", "src", "image.svg"); len(img) != 1 || img[0].Attrs["alt"] == "" {
		t.Errorf("badge image: %+v", img)
	}
	if dd := find(els, "dd", "class", "result"); len(dd) != 1 || dd[0].Text != "Projet 16/20" {
		t.Errorf("result: %+v", dd)
	}
	add := find(els, "a", "class", "linkedin-add")
	if len(add) != 1 {
		t.Fatalf("no Add to profile link")
	}
	u, err := url.Parse(add[0].Attrs["href"])
	if err != nil || u.Host != "www.linkedin.com" || u.Path != "/profile/add" {
		t.Fatalf("Add to profile: %q", add[0].Attrs["href"])
	}
	q := u.Query()
	for key, want := range map[string]string{
		"startTask": "CERTIFICATION_NAME", "name": hostile, "organizationName": "Data Academy <Paris>",
		"issueYear": "2025", "issueMonth": "3", "expirationYear": "2027", "expirationMonth": "3",
		"certUrl": view.PageURL, "certId": "ach-share",
	} {
		if q.Get(key) != want {
			t.Errorf("Add to profile %s = %q, want %q", key, q.Get(key), want)
		}
	}
	if s := find(els, "a", "class", "linkedin-share"); len(s) != 1 || !strings.Contains(s[0].Attrs["href"], url.QueryEscape(view.PageURL)) {
		t.Errorf("share link: %+v", s)
	}
	downloads := map[string]string{}
	for _, a := range find(els, "a", "", "") {
		if a.Attrs["download"] != "" {
			downloads[a.Attrs["download"]] = a.Attrs["href"]
		}
	}
	if downloads["badge.jwt"] != view.CredentialURL || downloads["badge.json"] != view.CredentialURL+"?format=json" || downloads["badge.svg"] != view.ImageURL {
		t.Errorf("downloads: %v", downloads)
	}
}

// Expired, revoked and forged badges read differently: a genuine badge past its date is
// "genuine, but expired", unlike one that fails verification.
func TestBadgePageVerdicts(t *testing.T) {
	f := newFixture(t, EdDSA)
	until := f.now.Add(-24 * time.Hour)
	expired := f.issue(t, credentialInput(t, "ach-old", 4, f.now.AddDate(-3, 0, 0), &until))
	fresh := f.issue(t, credentialInput(t, "ach-new", 5, f.now.Add(-time.Hour), nil))
	parts := strings.Split(fresh.JWT, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte("Ada"), []byte("Eve"), 1)) + "." + parts[2]
	render := func(jwt string, status graph.AchievementStatus) (string, []element) {
		view := ViewFromVerification(f.verifier.Verify(context.Background(), jwt))
		view.Status = status
		view.PageURL = testBaseURL + "/credentials/x/view"
		var buf bytes.Buffer
		if err := RenderHTML(&buf, view); err != nil {
			t.Fatal(err)
		}
		return buf.String(), parseMarkup(t, buf.String(), false)
	}
	for _, c := range []struct {
		name, jwt string
		status    graph.AchievementStatus
		mark      string
		class     string
	}{
		{"expired", expired.JWT, "", "Genuine, but expired", "mark warn"},
		{"expired by the store", expired.JWT, graph.StatusExpired, "Genuine, but expired", "mark warn"},
		{"forged", forged, "", "Not verified: fails verification", "mark no"},
		{"forged and expired", forged, graph.StatusExpired, "Not verified: fails verification", "mark no"},
		{"revoked", fresh.JWT, graph.StatusRevoked, "Revoked by its issuer", "mark no"},
		{"valid", fresh.JWT, graph.StatusValid, "Verified", "mark yes"},
	} {
		page, els := render(c.jwt, c.status)
		marks := find(els, "span", "role", "status")
		if len(marks) != 1 || !strings.Contains(marks[0].Text, c.mark) || marks[0].Attrs["class"] != c.class {
			t.Errorf("%s: mark %+v, want %q (%s)", c.name, marks, c.mark, c.class)
		}
		if c.class != "mark yes" && strings.Contains(page, "linkedin-add") {
			t.Errorf("%s: offers to add a badge that does not verify to a profile", c.name)
		}
		if c.name == "expired" && !strings.Contains(page, "Expired on") {
			t.Errorf("expired: no expiry date")
		}
	}
}

// The page speaks the language asked for: lang attribute, labels, dates, the switcher.
func TestBadgePageInFrench(t *testing.T) {
	f := newFixture(t, EdDSA)
	issued := f.issue(t, credentialInput(t, "ach-fr", 6, f.now.Add(-time.Hour), nil))
	view := ViewFromVerification(f.verifier.Verify(context.Background(), issued.JWT))
	view.Lang = i18n.French
	view.PageURL = testBaseURL + "/credentials/ach-fr/view"
	var buf bytes.Buffer
	if err := RenderHTML(&buf, view); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	els := parseMarkup(t, page, false)
	if h := find(els, "html", "", ""); len(h) != 1 || h[0].Attrs["lang"] != "fr" {
		t.Fatalf("html lang: %+v", h)
	}
	for _, want := range []string{"Vérifié", "Décerné à", "Délivré par", "10 mars 2025", "Acquis d'apprentissage",
		"mise en situation, projet", "hybride", "Charge de travail (heures)"} {
		if !strings.Contains(page, want) && !strings.Contains(page, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("French page lacks %q", want)
		}
	}
	for _, english := range []string{"Awarded to", "Issued by", "Learning outcomes", "Verified<"} {
		if strings.Contains(page, english) {
			t.Errorf("French page says %q", english)
		}
	}
	switcher := map[string]element{}
	for _, a := range find(els, "a", "", "") {
		if a.Attrs["hreflang"] != "" {
			switcher[a.Attrs["hreflang"]] = a
		}
	}
	if switcher["en"].Attrs["href"] != "?lang=en" || switcher["fr"].Attrs["aria-current"] != "true" || switcher["en"].Attrs["aria-current"] != "" {
		t.Errorf("switcher: %+v", switcher)
	}
	if meta(els, "og:locale") != "fr_FR" {
		t.Errorf("og:locale %q", meta(els, "og:locale"))
	}
}

// The badge image is well-formed SVG whatever the title, with every text escaped and nothing
// that runs or loads.
func TestBadgeImage(t *testing.T) {
	long := strings.Repeat("Supercalifragilistic ", 12)
	for _, d := range []ImageData{
		{Title: hostile, IssuerName: "Académie <b>&</b>", AchievementType: AchievementTypeMicroCredential},
		{Title: long, IssuerName: long, AchievementType: AchievementTypeCertification},
		{Title: "", IssuerName: "", AchievementType: "Other"},
		{Title: "bad\x00bytes\x1b here \xff", AchievementType: AchievementTypeCertificate},
	} {
		for _, lang := range i18n.Supported {
			var buf bytes.Buffer
			if err := RenderSVG(&buf, d, lang); err != nil {
				t.Fatal(err)
			}
			els := parseMarkup(t, buf.String(), true)
			if len(els) == 0 || els[0].Name != "svg" {
				t.Fatalf("not an SVG: %s", buf.String())
			}
			var texts []string
			for _, e := range els {
				switch e.Name {
				case "script", "foreignObject", "image", "a", "use", "style":
					t.Errorf("image has a <%s>", e.Name)
				case "text":
					texts = append(texts, e.Text)
				}
				for k := range e.Attrs {
					if strings.HasPrefix(strings.ToLower(k), "on") || strings.Contains(k, "href") {
						t.Errorf("image has attribute %s", k)
					}
				}
			}
			all := strings.Join(texts, " ")
			if d.Title == hostile && (!strings.Contains(all, "<script>") || !strings.Contains(els[1].Text, hostile)) {
				t.Errorf("title not kept as text: %q", all)
			}
			if d.Title == long && (len(texts) > 7 || !strings.Contains(all, "…")) {
				t.Errorf("long title not cut: %d lines", len(texts))
			}
			if d.AchievementType == AchievementTypeCertification && lang == i18n.French && !strings.Contains(all, "CERTIFICATION") {
				t.Errorf("kind missing: %q", all)
			}
		}
	}
	colour := func(d ImageData) string {
		var buf bytes.Buffer
		RenderSVG(&buf, d, i18n.English)
		return find(parseMarkup(t, buf.String(), true), "circle", "r", "176")[0].Attrs["fill"]
	}
	if colour(ImageData{AchievementType: AchievementTypeMicroCredential}) == colour(ImageData{AchievementType: AchievementTypeCertificate}) {
		t.Error("a micro-credential and a block share a colour")
	}
}
