package issuance_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
	"github.com/skillgraph/skillgraph/server"
)

// pagesServer serves the demo's badges over real HTTP, behind the server's security headers,
// as serve does.
func pagesServer(t *testing.T, opts ...issuance.RouteOption) (*httptest.Server, graph.Store) {
	t.Helper()
	store, err := embedded.Open(filepath.Join(t.TempDir(), "pages.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ctx := context.Background()
	if _, err := demo.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	keys, err := badges.OpenKeyStore("", badges.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := issuance.New(store, keys, "http://"+ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SignMissing(ctx); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.DiscardHandler)
	srv := server.New(server.Config{}, store, http.NotFoundHandler(), logger)
	for pattern, h := range svc.Routes(logger, opts...) {
		srv.Handle(pattern, h)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, store
}

type reply struct {
	status int
	header http.Header
	body   string
}

func fetch(t *testing.T, ts *httptest.Server, path string, header ...string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{res.StatusCode, res.Header, string(b)}
}

const browser = "text/html,application/xhtml+xml,*/*;q=0.8"

// attr finds the value of attribute name in the first tag matching pattern.
func attr(page, pattern, name string) string {
	tag := regexp.MustCompile(pattern).FindString(page)
	m := regexp.MustCompile(`\b` + name + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[1]
}

// The demo's badges over HTTP: the result, the image, the tags, the verdicts, the stacked
// badges of a block, the issuer's page, both languages.
func TestPublicBadgePages(t *testing.T) {
	ts, store := pagesServer(t)
	ctx := context.Background()

	r := fetch(t, ts, "/credentials/ach-hugo-fouille/view", "Accept", browser)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("page: %d %v", r.status, r.header)
	}
	page := r.body
	if !strings.Contains(page, `<dd class="result">Projet 16/20</dd>`) {
		t.Error("page lacks the result")
	}
	imageURL := ts.URL + "/credentials/ach-hugo-fouille/image.svg"
	if got := attr(page, `<meta property="og:image"[^>]*>`, "content"); got != imageURL {
		t.Errorf("og:image %q, want %q", got, imageURL)
	}
	if got := attr(page, `<meta property="og:url"[^>]*>`, "content"); got != ts.URL+"/credentials/ach-hugo-fouille/view" {
		t.Errorf("og:url %q", got)
	}
	if !strings.Contains(page, `href="https://www.linkedin.com/profile/add?`) || !strings.Contains(page, `<html lang="en">`) {
		t.Error("page lacks Add to profile or its language")
	}
	if issuer := attr(page, `<a href="[^"]*/organizations/[^"]*">`, "href"); issuer != ts.URL+"/organizations/org-univ-montclair" {
		t.Errorf("issuer link %q", issuer)
	}

	// The image is served as SVG under a policy that lets it run and load nothing.
	img := fetch(t, ts, "/credentials/ach-hugo-fouille/image.svg")
	if img.status != 200 || img.header.Get("Content-Type") != "image/svg+xml" || img.header.Get("Content-Security-Policy") != badges.ImageCSP ||
		img.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("image: %d %v", img.status, img.header)
	}
	d := xml.NewDecoder(strings.NewReader(img.body))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("image is not well-formed: %v", err)
		}
	}
	if !strings.Contains(img.body, "Fouille de données") && !strings.Contains(img.body, "Fouille") {
		t.Errorf("image lacks the title: %s", img.body)
	}

	// Downloads: the JWT, and the JSON a link can ask for.
	jwt := fetch(t, ts, "/credentials/ach-hugo-fouille")
	js := fetch(t, ts, "/credentials/ach-hugo-fouille?format=json")
	var cred map[string]any
	if jwt.header.Get("Content-Type") != "application/vc+jwt" || js.header.Get("Content-Type") != "application/json" || json.Unmarshal([]byte(js.body), &cred) != nil {
		t.Fatalf("downloads: %v / %v", jwt.header, js.header)
	}

	// Expired, revoked: told apart from each other and from failing verification.
	if p := fetch(t, ts, "/credentials/ach-julien-cyber/view").body; !strings.Contains(p, "Genuine, but expired") || strings.Contains(p, "fails verification") || strings.Contains(p, "linkedin.com/profile/add") {
		t.Error("expired badge not shown as genuine but expired")
	}
	if p := fetch(t, ts, "/credentials/ach-amandine-pentest/view").body; !strings.Contains(p, "Revoked by its issuer") || strings.Contains(p, "Genuine") {
		t.Error("revoked badge not shown as revoked")
	}

	// A block badge lists the badges stacked into it, linked; a private one is left out.
	p := fetch(t, ts, "/credentials/ach-thomas-socle/view").body
	for _, id := range []string{"ach-thomas-cyber", "ach-thomas-reseau"} {
		if !strings.Contains(p, `href="`+ts.URL+"/credentials/"+id+`/view"`) {
			t.Errorf("block badge page lacks %s", id)
		}
	}
	n, err := store.Get(ctx, graph.KindAchievement, "ach-thomas-reseau")
	if err != nil {
		t.Fatal(err)
	}
	private := *n.(*graph.Achievement)
	private.Visibility = graph.VisibilityPrivate
	if _, err := store.Update(ctx, &private); err != nil {
		t.Fatal(err)
	}
	if p := fetch(t, ts, "/credentials/ach-thomas-socle/view").body; strings.Contains(p, "ach-thomas-reseau") || !strings.Contains(p, "ach-thomas-cyber") {
		t.Error("a private badge is listed on its block's page")
	}

	// A private badge answers at every address exactly as a missing one.
	for _, suffix := range []string{"", "/view", "/image.svg", "?format=json"} {
		for _, accept := range []string{"", browser} {
			got := fetch(t, ts, "/credentials/ach-thomas-reseau"+suffix, "Accept", accept)
			want := fetch(t, ts, "/credentials/ach-nobody-has-this"+suffix, "Accept", accept)
			if got.status != 404 || got.status != want.status || got.body != want.body || got.header.Get("Content-Type") != want.header.Get("Content-Type") {
				t.Errorf("private %s (%s): %d %q, missing: %d %q", suffix, accept, got.status, got.body, want.status, want.body)
			}
		}
	}

	// French: from Accept-Language, or chosen; the choice wins.
	fr := fetch(t, ts, "/credentials/ach-hugo-fouille/view", "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5")
	if !strings.Contains(fr.body, `<html lang="fr">`) || !strings.Contains(fr.body, "Délivré par") || !strings.Contains(fr.header.Get("Vary"), "Accept-Language") {
		t.Errorf("French page: lang or labels missing; Vary %q", fr.header.Get("Vary"))
	}
	if en := fetch(t, ts, "/credentials/ach-hugo-fouille/view?lang=en", "Accept-Language", "fr"); !strings.Contains(en.body, `<html lang="en">`) {
		t.Error("?lang=en did not win over Accept-Language")
	}
	if p := fetch(t, ts, "/credentials/ach-hugo-fouille/view?lang=fr").body; !strings.Contains(p, `href="?lang=en"`) || !strings.Contains(p, "Décerné à") {
		t.Error("French page lacks the switcher or its labels")
	}
}

// Once ESCO's French labels are imported, a French page names the ESCO skills in French; the
// English page and the signed badge keep the names it was issued with.
func TestBadgePageFrenchSkillNames(t *testing.T) {
	ts, store := pagesServer(t)
	if p := fetch(t, ts, "/credentials/ach-hugo-fouille/view?lang=fr").body; !strings.Contains(p, "Data mining methods") || !strings.Contains(p, "Certifiée au niveau 3 sur 5") {
		t.Fatal("before the labels, the French page should show the English skill names and a French level")
	}
	if _, err := esco.ImportLabels(context.Background(), store, seedtest.DataDir(t, "esco-fr"), 0); err != nil {
		t.Fatal(err)
	}
	fr := fetch(t, ts, "/credentials/ach-hugo-fouille/view?lang=fr").body
	if !strings.Contains(fr, ">exploration de données</a>") || strings.Contains(fr, "Data mining methods") {
		t.Error("the French page does not name the ESCO skill in French")
	}
	if en := fetch(t, ts, "/credentials/ach-hugo-fouille/view").body; !strings.Contains(en, ">Data mining methods</a>") || !strings.Contains(en, "Certified at level 3 of 5") {
		t.Error("the English page lost the English name")
	}
}

// Hostile names from the catalogue stay text on every public page and in the image.
func TestPublicPagesEscapeHostileText(t *testing.T) {
	ts, store := pagesServer(t)
	ctx := context.Background()
	const hostile = `"><script>alert(1)</script><img src=x onerror=alert(2)> & 'co'`
	org := &graph.Organization{Meta: graph.Meta{ID: "org-hostile"}, Name: "Org " + hostile, Description: hostile, URL: "https://example.org/?q=%22%3E%3Cscript%3E"}
	cred := &graph.Credential{Meta: graph.Meta{ID: "cred-hostile"}, Title: "Cred " + hostile, Description: hostile, Hours: 1,
		Modality: graph.ModalityRemote, Language: "fr", OrganizationID: "org-hostile", Outcomes: []string{hostile}}
	ach := &graph.Achievement{Meta: graph.Meta{ID: "ach-hostile"}, LearnerID: "learner-lea-dubois", CredentialID: "cred-hostile",
		IssuedAt: graph.Now(), Status: graph.StatusValid, Result: hostile}
	for _, n := range []graph.Node{org, cred, ach} {
		if _, err := store.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"/credentials/ach-hostile/view", "/credentials/ach-hostile/view?lang=fr", "/organizations/org-hostile"} {
		r := fetch(t, ts, path, "Accept", browser)
		if r.status != 200 {
			t.Fatalf("%s: %d", path, r.status)
		}
		for _, bad := range []string{"<script>", "<img src=x", "javascript:alert", "onerror=alert(2)>"} {
			if strings.Contains(r.body, bad) {
				t.Errorf("%s carries %q", path, bad)
			}
		}
		if !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s lost the hostile text instead of escaping it", path)
		}
	}
	img := fetch(t, ts, "/credentials/ach-hostile/image.svg")
	d := xml.NewDecoder(strings.NewReader(img.body))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("image is not well-formed: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok && (el.Name.Local == "script" || el.Name.Local == "img") {
			t.Fatalf("image has a <%s> element", el.Name.Local)
		}
	}
	if !strings.Contains(img.body, "&lt;script&gt;") {
		t.Error("the image lost the hostile text instead of escaping it")
	}
}

// The issuer's URL in every badge is a page: its profile and what it awards.
func TestOrganizationPage(t *testing.T) {
	ts, _ := pagesServer(t)
	r := fetch(t, ts, "/organizations/org-univ-montclair", "Accept", browser)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Fatalf("organisation page: %d %v", r.status, r.header)
	}
	for _, want := range []string{"<h1>Université de Montclair</h1>", `href="https://formation-continue.univ-montclair.example"`, "Fouille de données", `<ul class="credentials">`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("organisation page lacks %q", want)
		}
	}
	if fr := fetch(t, ts, "/organizations/org-univ-montclair?lang=fr").body; !strings.Contains(fr, "Micro-certifications délivrées") {
		t.Error("French organisation page lacks its labels")
	}
	if r := fetch(t, ts, "/organizations/org-nobody", "Accept", browser); r.status != 404 {
		t.Errorf("missing organisation: %d", r.status)
	}
	// With a private catalogue the page keeps the profile its badges carry, and no list.
	private, _ := pagesServer(t, issuance.PrivateCatalogue(true))
	if p := fetch(t, private, "/organizations/org-univ-montclair").body; !strings.Contains(p, "Université de Montclair") || strings.Contains(p, "Fouille de données") {
		t.Error("a private catalogue shows on an organisation page")
	}
}
