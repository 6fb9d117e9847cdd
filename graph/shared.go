package graph

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// KeySet is the badge signing key set as a store keeps it: data the badges package encodes
// (public keys in clear, private keys sealed with the key-encryption key), and a version that
// every save replaces, so that a process holding a copy can tell when another process
// rotated a key.
type KeySet struct {
	Version   string
	Data      []byte
	UpdatedAt time.Time
}

// MaxKeySetSize bounds a key set's data: enough for hundreds of keys, RSA ones included.
const MaxKeySetSize = 4 << 20

// CheckKeySetData refuses what no key set can be: EINVALID ("data") when empty or over
// MaxKeySetSize.
func CheckKeySetData(data []byte) error {
	if len(data) == 0 {
		return Invalid("data", "is empty")
	}
	if len(data) > MaxKeySetSize {
		return Invalid("data", "is %d bytes, at most %d allowed", len(data), MaxKeySetSize)
	}
	return nil
}

// KeySetConflict is SaveKeySet's ECONFLICT: another save came first.
func KeySetConflict(prev string) *Error {
	return &Error{Code: ECONFLICT, Field: "version", Message: fmt.Sprintf("the key set is no longer at version %q", prev)}
}

// Versions are tokens that change whenever a write changes what they cover, so that a
// process caching something derived from many nodes can tell, with one read, whether any
// process changed it. Equal tokens mean that no such write committed in between.
type Versions struct {
	Catalogue string // nodes whose kind is not Personal, edges whose type is not Personal
	Personal  string // learners, achievements and the edges that start at learners
}

// Bookmarks carry causal consistency across the stores of several processes: the store of a
// database cluster makes the reads of a request wait until the writes the bookmarks name are
// visible, and adds the bookmarks of the request's own writes. A request's bookmarks travel
// with its context (WithBookmarks); stores without replicas ignore them. Safe for concurrent
// use.
type Bookmarks struct {
	mu      sync.Mutex
	vals    []string
	written bool
}

// MaxBookmarks and MaxBookmarkSize bound what a client may send back.
const (
	MaxBookmarks    = 16
	MaxBookmarkSize = 256
)

// NewBookmarks returns bookmarks holding vals, which must have passed CheckBookmarks.
func NewBookmarks(vals []string) *Bookmarks {
	return &Bookmarks{vals: append([]string(nil), vals...)}
}

// CheckBookmarks validates bookmarks a client sent: at most MaxBookmarks, each non-empty, at
// most MaxBookmarkSize bytes of printable ASCII. EINVALID ("bookmark") otherwise.
func CheckBookmarks(vals []string) error {
	if len(vals) > MaxBookmarks {
		return Invalid("bookmark", "%d bookmarks, at most %d allowed", len(vals), MaxBookmarks)
	}
	for _, v := range vals {
		if v == "" || len(v) > MaxBookmarkSize {
			return Invalid("bookmark", "a bookmark is 1 to %d bytes", MaxBookmarkSize)
		}
		for i := 0; i < len(v); i++ {
			if v[i] < 0x21 || v[i] > 0x7e {
				return Invalid("bookmark", "a bookmark is printable ASCII")
			}
		}
	}
	return nil
}

// Get returns the bookmarks the request's reads must wait for.
func (b *Bookmarks) Get() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.vals...)
}

// Wrote replaces the bookmarks a transaction started from (used) with those it ended at
// (got): the latter imply the former. Later reads of the request see the write.
func (b *Bookmarks) Wrote(used, got []string) {
	if len(got) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	keep := b.vals[:0:0]
	for _, v := range b.vals {
		if !slices.Contains(used, v) && !slices.Contains(got, v) {
			keep = append(keep, v)
		}
	}
	b.vals = append(keep, got...)
	if len(b.vals) > MaxBookmarks { // concurrent writes of one request: the newest win
		b.vals = b.vals[len(b.vals)-MaxBookmarks:]
	}
	b.written = true
}

// Written reports whether a write of the request recorded bookmarks, and returns them.
func (b *Bookmarks) Written() ([]string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.vals...), b.written
}

type bookmarksKey struct{}

// WithBookmarks returns ctx carrying b.
func WithBookmarks(ctx context.Context, b *Bookmarks) context.Context {
	return context.WithValue(ctx, bookmarksKey{}, b)
}

// BookmarksFrom returns ctx's bookmarks, or nil.
func BookmarksFrom(ctx context.Context) *Bookmarks {
	b, _ := ctx.Value(bookmarksKey{}).(*Bookmarks)
	return b
}
