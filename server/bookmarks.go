package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/skillgraph/skillgraph/graph"
)

// BookmarkHeader carries causal consistency between a client and a set of processes over one
// database cluster: a response to a request that wrote carries the bookmarks of its writes,
// and a request that sends them back has its reads wait until those writes are visible,
// whichever process and database member answers it. The value is opaque to clients.
const BookmarkHeader = "X-Skillgraph-Bookmark"

// maxBookmarkHeader bounds the header a client may send back.
const maxBookmarkHeader = 4096

// EncodeBookmarks is the header value for bookmarks: base64url of a JSON array of strings.
func EncodeBookmarks(vals []string) string {
	data, _ := json.Marshal(vals) // strings always encode
	return base64.RawURLEncoding.EncodeToString(data)
}

// DecodeBookmarks reads a header value sent back by a client. EINVALID ("bookmark") when it is
// too long, not one this service writes, or holds bookmarks out of bounds.
func DecodeBookmarks(value string) ([]string, error) {
	if len(value) > maxBookmarkHeader {
		return nil, graph.Invalid("bookmark", "the %s header is %d bytes, at most %d allowed", BookmarkHeader, len(value), maxBookmarkHeader)
	}
	data, err := base64.RawURLEncoding.DecodeString(value)
	var vals []string
	if err != nil || json.Unmarshal(data, &vals) != nil {
		return nil, graph.Invalid("bookmark", "the %s header is not a value this service sent", BookmarkHeader)
	}
	if err := graph.CheckBookmarks(vals); err != nil {
		return nil, err
	}
	return vals, nil
}

// bookmarks gives every request the bookmarks its client sent back (none: an empty set), and
// answers a request that wrote with the bookmarks of its writes.
func bookmarks(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var vals []string
		if h := r.Header.Get(BookmarkHeader); h != "" {
			var err error
			if vals, err = DecodeBookmarks(h); err != nil {
				writeError(w, http.StatusBadRequest, graph.ErrorMessage(err), "BAD_USER_INPUT")
				return
			}
		}
		bm := graph.NewBookmarks(vals)
		next.ServeHTTP(&bookmarkWriter{ResponseWriter: w, bm: bm}, r.WithContext(graph.WithBookmarks(r.Context(), bm)))
	})
}

// bookmarkWriter adds the header as the response starts: every write of the request has
// committed by then (GraphQL answers once its operation has run).
type bookmarkWriter struct {
	http.ResponseWriter
	bm      *graph.Bookmarks
	started bool
}

func (b *bookmarkWriter) start() {
	if b.started {
		return
	}
	b.started = true
	if vals, wrote := b.bm.Written(); wrote && len(vals) > 0 {
		b.Header().Set(BookmarkHeader, EncodeBookmarks(vals))
	}
}

func (b *bookmarkWriter) WriteHeader(code int) {
	b.start()
	b.ResponseWriter.WriteHeader(code)
}

func (b *bookmarkWriter) Write(p []byte) (int, error) {
	b.start()
	return b.ResponseWriter.Write(p)
}

func (b *bookmarkWriter) Unwrap() http.ResponseWriter { return b.ResponseWriter }
