package server

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/web"
)

// The app's screens all get index.html, its assets are cached for good, other unknown paths
// stay 404, and /config.json offers demo identities only when the server was given some.
func TestWebApp(t *testing.T) {
	ts := start(t, Config{}, &flakyStore{})
	index, err := fs.ReadFile(web.Dist(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/advisor", "/advisor/learners/learner-lea-dubois", "/learner", "/employer/x", "/issuer"} {
		code, body := get(t, ts.URL+p)
		if code != 200 || body != string(index) {
			t.Errorf("%s: %d, want index.html", p, code)
		}
	}
	for _, p := range []string{"/advisorx", "/nothing", "/assets/", "/assets/nope.js"} {
		if code, _ := get(t, ts.URL+p); code != 404 {
			t.Errorf("%s: %d, want 404", p, code)
		}
	}
	asset := regexp.MustCompile(`/assets/app-[A-Za-z0-9_-]+\.js`).FindString(string(index))
	if asset == "" {
		t.Fatalf("index.html names no app script:\n%s", index)
	}
	res, err := http.Get(ts.URL + asset)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
		t.Errorf("%s: %d, Cache-Control %q, Content-Type %q", asset, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Type"))
	}
	demo := func(ts string) []DemoIdentity {
		res, err := http.Get(ts + "/config.json")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		var cfg struct{ Demo []DemoIdentity }
		if err := json.Unmarshal(b, &cfg); err != nil || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("config.json: %v %q %q", err, b, res.Header.Get("Cache-Control"))
		}
		return cfg.Demo
	}
	if got := demo(ts.URL); len(got) != 0 {
		t.Errorf("without demo identities, config.json offers %v", got)
	}
	withDemo := start(t, Config{DemoIdentities: []DemoIdentity{{Name: "learner (Léa Dubois)", Role: "learner", Token: "t"}}}, &flakyStore{})
	if got := demo(withDemo.URL); len(got) != 1 || got[0].Role != "learner" || got[0].Token != "t" {
		t.Errorf("config.json offers %v", got)
	}
}
