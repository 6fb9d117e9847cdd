package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// A request carries the bookmarks its client sent back; a response to a request that wrote
// carries the bookmarks of its writes; a bad header is refused before anything runs.
func TestBookmarkHeader(t *testing.T) {
	srv := New(Config{}, &flakyStore{}, http.NotFoundHandler(), quiet())
	var seen [][]string
	ran := 0
	srv.Handle("POST /write", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran++
		bm := graph.BookmarksFrom(r.Context())
		seen = append(seen, bm.Get())
		bm.Wrote(bm.Get(), []string{"FB:after-write"})
		w.Write([]byte("ok"))
	}))
	srv.Handle("GET /read", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran++
		seen = append(seen, graph.BookmarksFrom(r.Context()).Get())
		w.Write([]byte("ok"))
	}))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	do := func(method, path, header string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if header != "" {
			req.Header.Set(BookmarkHeader, header)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := do("POST", "/write", "")
	got := res.Header.Get(BookmarkHeader)
	if got == "" {
		t.Fatal("no bookmark after a write")
	}
	if vals, err := DecodeBookmarks(got); err != nil || !slices.Equal(vals, []string{"FB:after-write"}) {
		t.Fatalf("bookmark header decodes to %v, %v", vals, err)
	}
	res = do("GET", "/read", got)
	if res.Header.Get(BookmarkHeader) != "" {
		t.Error("a read answered with a bookmark")
	}
	if len(seen) != 2 || !slices.Equal(seen[1], []string{"FB:after-write"}) {
		t.Fatalf("the read saw bookmarks %v, want the write's", seen)
	}

	tooMany := make([]string, graph.MaxBookmarks+1)
	for i := range tooMany {
		tooMany[i] = "FB:x"
	}
	for name, header := range map[string]string{
		"not base64":      "%%%",
		"not a list":      "eyJhIjoxfQ", // {"a":1}
		"too long":        strings.Repeat("A", maxBookmarkHeader+1),
		"too many":        EncodeBookmarks(tooMany),
		"empty bookmark":  EncodeBookmarks([]string{""}),
		"space inside":    EncodeBookmarks([]string{"FB: x"}),
		"oversized entry": EncodeBookmarks([]string{strings.Repeat("x", graph.MaxBookmarkSize+1)}),
	} {
		before := ran
		req, _ := http.NewRequest("GET", ts.URL+"/read", nil)
		req.Header.Set(BookmarkHeader, header)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Errors []struct {
				Message    string
				Extensions map[string]string
			}
		}
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest || err != nil || len(body.Errors) != 1 ||
			body.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.HasPrefix(body.Errors[0].Message, "bookmark: ") {
			t.Errorf("%s: status %d, body %+v (%v)", name, res.StatusCode, body, err)
		}
		if ran != before {
			t.Errorf("%s: the handler ran", name)
		}
	}
}
