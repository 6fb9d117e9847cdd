package badges

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// StatusPurpose is what a status list's bits mean.
type StatusPurpose string

// The two purposes a badge's status can have.
const (
	PurposeRevocation StatusPurpose = "revocation" // a set bit: revoked for good
	PurposeSuspension StatusPurpose = "suspension" // a set bit: suspended until cleared
)

// Valid reports whether p is a known purpose.
func (p StatusPurpose) Valid() bool { return p == PurposeRevocation || p == PurposeSuspension }

// MinStatusListBits is the smallest list length, so that a list's size says nothing about how
// many badges it covers (W3C Bitstring Status List v1.0, section on herd privacy).
const MinStatusListBits = 131072

// maxStatusListBytes bounds a decoded list, so that a small compressed payload cannot expand
// into a huge allocation.
const maxStatusListBytes = MaxStatusIndex / 8

// suspensionSuffix is appended to a list id to name the suspension list at the same indexes.
const suspensionSuffix = "-suspension"

// StatusList is a W3C bitstring status list: bit i set means the badge at index i is revoked
// (or suspended, for a suspension list). Index 0 is the left-most (most significant) bit of
// the first byte. A StatusList is not safe for concurrent writes.
type StatusList struct {
	bits []byte
}

// NewStatusList returns an empty list of at least size bits (MinStatusListBits when smaller),
// rounded up to whole bytes. It returns an EINVALID error (field "size") when size is above
// MaxStatusIndex.
func NewStatusList(size int) (*StatusList, error) {
	if size > MaxStatusIndex {
		return nil, fmt.Errorf("new status list: %w", graph.Invalid("size", "must be at most %d bits", MaxStatusIndex))
	}
	if size < MinStatusListBits {
		size = MinStatusListBits
	}
	return &StatusList{bits: make([]byte, (size+7)/8)}, nil
}

// StatusListFromIndexes returns a list of at least size bits with the given indexes set. It
// returns an EINVALID error (field "indexes") for an index outside [0, MaxStatusIndex).
func StatusListFromIndexes(size int, indexes []int) (*StatusList, error) {
	for _, i := range indexes {
		if i < 0 || i >= MaxStatusIndex {
			return nil, fmt.Errorf("status list from indexes: %w", graph.Invalid("indexes", "index %d outside [0, %d)", i, MaxStatusIndex))
		}
		if i+1 > size {
			size = i + 1
		}
	}
	l, err := NewStatusList(size)
	if err != nil {
		return nil, fmt.Errorf("status list from indexes: %w", err)
	}
	for _, i := range indexes {
		l.bits[i/8] |= 0x80 >> (i % 8)
	}
	return l, nil
}

// Len is the list's length in bits.
func (l *StatusList) Len() int { return len(l.bits) * 8 }

// Set sets or clears bit index. It returns an EINVALID error (field "index") outside the list.
func (l *StatusList) Set(index int, on bool) error {
	if index < 0 || index >= l.Len() {
		return fmt.Errorf("set status bit: %w", graph.Invalid("index", "%d outside [0, %d)", index, l.Len()))
	}
	if on {
		l.bits[index/8] |= 0x80 >> (index % 8)
	} else {
		l.bits[index/8] &^= 0x80 >> (index % 8)
	}
	return nil
}

// Get reads bit index. It returns an EINVALID error (field "index") outside the list.
func (l *StatusList) Get(index int) (bool, error) {
	if index < 0 || index >= l.Len() {
		return false, fmt.Errorf("get status bit: %w", graph.Invalid("index", "%d outside [0, %d)", index, l.Len()))
	}
	return l.bits[index/8]&(0x80>>(index%8)) != 0, nil
}

// SetIndexes lists the indexes whose bit is set, in increasing order.
func (l *StatusList) SetIndexes() []int {
	var out []int
	for byteIndex, b := range l.bits {
		if b == 0 {
			continue
		}
		for bit := 0; bit < 8; bit++ {
			if b&(0x80>>bit) != 0 {
				out = append(out, byteIndex*8+bit)
			}
		}
	}
	sort.Ints(out)
	return out
}

// Encode returns the list as a Bitstring Status List encodedList: the bitstring GZIP-compressed,
// base64url-encoded without padding, with the multibase prefix "u". It returns an internal
// error when compression fails.
func (l *StatusList) Encode() (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", fmt.Errorf("encode status list: %w", graph.Internal(err))
	}
	if _, err := zw.Write(l.bits); err != nil {
		return "", fmt.Errorf("encode status list: %w", graph.Internal(err))
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("encode status list: %w", graph.Internal(err))
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// DecodeStatusList reads an encodedList (with the multibase prefix "u"; base64url without or
// with padding). It returns an EINVALID error (field "encodedList") when the text is not an
// encoded list, or decodes to fewer than MinStatusListBits or more than MaxStatusIndex bits.
func DecodeStatusList(encoded string) (*StatusList, error) {
	fail := func(format string, args ...any) (*StatusList, error) {
		return nil, fmt.Errorf("decode status list: %w", graph.Invalid("encodedList", format, args...))
	}
	if !strings.HasPrefix(encoded, "u") {
		return fail("missing multibase prefix \"u\" (base64url)")
	}
	compressed, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(encoded[1:], "="))
	if err != nil {
		return fail("not base64url: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return fail("not gzip: %v", err)
	}
	defer zr.Close()
	bits, err := io.ReadAll(io.LimitReader(zr, maxStatusListBytes+1))
	if err != nil {
		return fail("not gzip: %v", err)
	}
	if len(bits) > maxStatusListBytes {
		return fail("longer than %d bits", MaxStatusIndex)
	}
	if len(bits)*8 < MinStatusListBits {
		return fail("%d bits, fewer than %d", len(bits)*8, MinStatusListBits)
	}
	return &StatusList{bits: bits}, nil
}

// StatusListCredential is a W3C BitstringStatusListCredential (VC 2.0).
type StatusListCredential struct {
	Context           []string          `json:"@context"`
	ID                string            `json:"id"`
	Type              []string          `json:"type"`
	Issuer            string            `json:"issuer"`
	ValidFrom         string            `json:"validFrom"`
	ValidUntil        string            `json:"validUntil,omitempty"`
	CredentialSubject StatusListSubject `json:"credentialSubject"`
}

// StatusListSubject is the list itself.
type StatusListSubject struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	StatusPurpose string `json:"statusPurpose"`
	EncodedList   string `json:"encodedList"`
}

// IssueStatusList signs list as a BitstringStatusListCredential served at
// StatusListURL(listID, purpose), issued by the service itself (its base URL) with the same key
// set as the badges. It returns the VC-JWT and the credential, an EINVALID error (field
// "listId" or "purpose") for a bad id or purpose, or an internal error when signing fails.
func (iss *Issuer) IssueStatusList(ctx context.Context, listID string, purpose StatusPurpose, list *StatusList) (string, *StatusListCredential, error) {
	if err := ctx.Err(); err != nil {
		return "", nil, fmt.Errorf("issue status list: %w", err)
	}
	switch {
	case !statusListIDPattern.MatchString(listID) || strings.HasSuffix(listID, suspensionSuffix):
		return "", nil, fmt.Errorf("issue status list: %w", graph.Invalid("listId", "bad status list id %q", listID))
	case !purpose.Valid():
		return "", nil, fmt.Errorf("issue status list: %w", graph.Invalid("purpose", "unknown status purpose %q", purpose))
	case list == nil:
		return "", nil, fmt.Errorf("issue status list: %w", graph.Invalid("list", "required"))
	}
	encoded, err := list.Encode()
	if err != nil {
		return "", nil, fmt.Errorf("issue status list %s: %w", listID, err)
	}
	now := iss.now().UTC().Truncate(time.Second)
	listURL := iss.StatusListURL(listID, purpose)
	cred := &StatusListCredential{
		Context:   []string{ContextVC2},
		ID:        listURL,
		Type:      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		Issuer:    iss.baseURL,
		ValidFrom: formatTime(now),
		CredentialSubject: StatusListSubject{
			ID: listURL + "#list", Type: "BitstringStatusList",
			StatusPurpose: string(purpose), EncodedList: encoded,
		},
	}
	token, _, _, err := iss.sign(cred, jwtClaims{
		Issuer: cred.Issuer, Subject: cred.CredentialSubject.ID, ID: cred.ID,
		NotBefore: now.Unix(), IssuedAt: now.Unix(),
	})
	if err != nil {
		return "", nil, fmt.Errorf("issue status list %s: %w", listID, err)
	}
	return token, cred, nil
}

// SplitStatusListID splits the id in a status list URL's path into the list id the caller
// allocated and the list's purpose ("x-suspension" is the suspension list of "x").
func SplitStatusListID(pathID string) (listID string, purpose StatusPurpose) {
	if base, ok := strings.CutSuffix(pathID, suspensionSuffix); ok && base != "" {
		return base, PurposeSuspension
	}
	return pathID, PurposeRevocation
}

// StatusLookup tells whether the badge at index of status list listID is revoked or
// suspended. The service answers from its store; an independent verifier from fetched lists.
type StatusLookup func(ctx context.Context, listID string, index int) (revoked, suspended bool, err error)

// StatusListFetcher returns the VC-JWT served at a status list URL. It returns an ENOTFOUND
// error when nothing is served there.
type StatusListFetcher func(ctx context.Context, url string) (string, error)

// StatusFromLists returns a StatusLookup that reads the signed revocation and suspension lists
// under baseURL, as an independent verifier would: fetch gets each list, whose signature
// (by keys), shape and validity are checked before a bit is read. A suspension list that is not
// served counts as no suspension. It returns an EINVALID error (field "keys", "baseURL" or
// "fetch") for a missing argument; the lookup returns the fetch or verification error.
func StatusFromLists(keys PublicKeySource, baseURL string, fetch StatusListFetcher) (StatusLookup, error) {
	if fetch == nil {
		return nil, fmt.Errorf("status from lists: %w", graph.Invalid("fetch", "no fetcher"))
	}
	noStatus := func(context.Context, string, int) (bool, bool, error) { return false, false, nil }
	lists, err := NewVerifier(keys, baseURL, noStatus)
	if err != nil {
		return nil, fmt.Errorf("status from lists: %w", err)
	}
	read := func(ctx context.Context, listID string, purpose StatusPurpose, index int) (bool, error) {
		listURL := lists.baseURL + "/status/" + listID
		if purpose == PurposeSuspension {
			listURL += suspensionSuffix
		}
		token, err := fetch(ctx, listURL)
		if err != nil {
			return false, fmt.Errorf("fetch %s: %w", listURL, err)
		}
		gotURL, gotPurpose, list, err := lists.VerifyStatusList(token)
		if err != nil {
			return false, err
		}
		if gotURL != listURL || gotPurpose != purpose {
			return false, fmt.Errorf("read %s: %w", listURL, graph.Invalid("statusList", "served list is %s (%s)", gotURL, gotPurpose))
		}
		return list.Get(index)
	}
	return func(ctx context.Context, listID string, index int) (bool, bool, error) {
		revoked, err := read(ctx, listID, PurposeRevocation, index)
		if err != nil {
			return false, false, fmt.Errorf("status lookup: %w", err)
		}
		suspended, err := read(ctx, listID, PurposeSuspension, index)
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			suspended, err = false, nil
		}
		if err != nil {
			return false, false, fmt.Errorf("status lookup: %w", err)
		}
		return revoked, suspended, nil
	}, nil
}
