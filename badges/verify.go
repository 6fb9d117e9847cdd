package badges

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/skillgraph/skillgraph/graph"
)

// The checks a verification runs, in this order.
const (
	CheckFormat    = "format"    // a compact JWS with header exactly {alg, kid, typ: "JWT"}, alg allowed, payload a JSON object
	CheckSignature = "signature" // signed by a key of the key set
	CheckSchema    = "schema"    // the payload has the shape of an OB 3.0 OpenBadgeCredential
	CheckClaims    = "claims"    // iss, sub, jti, nbf, exp equal the credential's fields
	CheckValidity  = "validity"  // now is within validFrom..validUntil
	CheckStatus    = "status"    // neither revoked nor suspended
)

// CheckNames lists the checks in the order Verify runs them.
var CheckNames = []string{CheckFormat, CheckSignature, CheckSchema, CheckClaims, CheckValidity, CheckStatus}

// MaxTokenLen bounds the size of a token Verify accepts.
const MaxTokenLen = 1 << 20

// registeredClaims are the JWT claims a VC-JWT adds to the credential.
var registeredClaims = []string{"iss", "sub", "jti", "nbf", "exp", "iat"}

// Check is the outcome of one verification step.
type Check struct {
	Name    string `json:"name"`
	Passed  bool   `json:"passed"`
	Skipped bool   `json:"skipped,omitempty"` // not run because an earlier check failed
	Detail  string `json:"detail"`
}

// Verification is the outcome of verifying a badge.
type Verification struct {
	Valid  bool    `json:"valid"`
	Checks []Check `json:"checks"` // one per name of CheckNames, in that order
	// Credential is the decoded credential without the JWT claims; nil when the token is not a
	// JWS with a JSON payload. It is trustworthy only when the signature check passed.
	Credential map[string]any `json:"credential,omitempty"`
	KeyID      string         `json:"kid,omitempty"`
	Algorithm  Algorithm      `json:"alg,omitempty"`
}

// FailedCheck names the first check that failed, or "" when the badge is valid.
func (v *Verification) FailedCheck() string {
	for _, c := range v.Checks {
		if !c.Passed && !c.Skipped {
			return c.Name
		}
	}
	return ""
}

// Check returns the outcome of the check called name.
func (v *Verification) Check(name string) (Check, bool) {
	for _, c := range v.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// Verifier checks badges issued under a base URL against a key set and a status source. A
// Verifier is safe for concurrent use when its key source and status lookup are.
type Verifier struct {
	keys    PublicKeySource
	baseURL string
	status  StatusLookup
	now     func() time.Time
	leeway  time.Duration
}

// VerifierOption configures a Verifier.
type VerifierOption func(*Verifier)

// VerifyAt makes the verifier read the time from now for the validity check.
func VerifyAt(now func() time.Time) VerifierOption {
	return func(v *Verifier) { v.now = now }
}

// WithLeeway tolerates clock skew of d around validFrom and validUntil (default 0).
func WithLeeway(d time.Duration) VerifierOption {
	return func(v *Verifier) { v.leeway = d }
}

// NewVerifier returns a verifier of badges whose status lists live under baseURL, signed by
// keys, whose revocation and suspension bits status reads. It returns an EINVALID error
// (field "keys", "baseURL" or "status") when one is missing or malformed.
func NewVerifier(keys PublicKeySource, baseURL string, status StatusLookup, opts ...VerifierOption) (*Verifier, error) {
	if keys == nil {
		return nil, fmt.Errorf("new verifier: %w", graph.Invalid("keys", "no key source"))
	}
	if status == nil {
		return nil, fmt.Errorf("new verifier: %w", graph.Invalid("status", "no status lookup"))
	}
	base, err := normalizeBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("new verifier: %w", err)
	}
	v := &Verifier{keys: keys, baseURL: base, status: status, now: time.Now}
	for _, opt := range opts {
		opt(v)
	}
	return v, nil
}

// verification accumulates checks; once one fails, the later ones are skipped.
type verification struct {
	res    *Verification
	failed string
}

func (vr *verification) record(name string, err error, passDetail string) bool {
	switch {
	case vr.failed != "":
		vr.res.Checks = append(vr.res.Checks, Check{Name: name, Skipped: true, Detail: "not run: the " + vr.failed + " check failed"})
		return false
	case err != nil:
		vr.res.Checks = append(vr.res.Checks, Check{Name: name, Detail: err.Error()})
		return false
	default:
		vr.res.Checks = append(vr.res.Checks, Check{Name: name, Passed: true, Detail: passDetail})
		return true
	}
}

// Verify checks a badge's VC-JWT and reports every check in the order of CheckNames. The
// format, signature and schema checks gate the others: when one fails, the later ones are
// skipped. Claims, validity and status all run once the schema holds, so a badge both expired
// and revoked says both. Verify never panics, whatever token holds.
func (v *Verifier) Verify(ctx context.Context, token string) *Verification {
	res := &Verification{}
	vr := &verification{res: res}
	gate := func(name string, err error, detail string) {
		if !vr.record(name, err, detail) && vr.failed == "" {
			vr.failed = name
		}
	}

	header, payloadBytes, payload, err := parseToken(token)
	if payload != nil {
		res.Credential = credentialOnly(payload)
	}
	if header != nil {
		res.KeyID, res.Algorithm = header.kid, header.alg
	}
	gate(CheckFormat, err, "compact JWS with header {alg, kid, typ}")

	var sigErr error
	if ks, ok := v.keys.(*KeyStore); ok && header != nil {
		ks.refreshFor(ctx, header.kid) // a key another process made since this one last looked
	}
	if vr.failed == "" {
		sigErr = v.checkSignature(token, header, payloadBytes)
	}
	gate(CheckSignature, sigErr, "signed by key "+res.KeyID+" ("+string(res.Algorithm)+")")

	var schemaErr error
	if vr.failed == "" {
		schemaErr = checkSchema(payload)
	}
	gate(CheckSchema, schemaErr, "OpenBadgeCredential with the required fields")

	var claimsErr, validityErr, statusErr error
	if vr.failed == "" {
		claimsErr = checkClaims(payload)
		validityErr = v.checkValidity(payload)
		statusErr = v.checkStatus(ctx, payload)
	}
	vr.record(CheckClaims, claimsErr, "iss, sub, jti, nbf and exp match the credential")
	vr.record(CheckValidity, validityErr, "within its validity period")
	vr.record(CheckStatus, statusErr, "neither revoked nor suspended")

	res.Valid = true
	for _, c := range res.Checks {
		res.Valid = res.Valid && c.Passed
	}
	return res
}

// tokenHeader is a checked JOSE header.
type tokenHeader struct {
	alg Algorithm
	kid string
}

// parseToken runs the format check: three base64url parts, a header of exactly alg, kid and
// typ "JWT" with an allowed alg, and a JSON object payload. It returns what it could decode
// even when it fails, so a bad badge can still be shown.
func parseToken(token string) (*tokenHeader, []byte, map[string]any, error) {
	if len(token) > MaxTokenLen {
		return nil, nil, nil, fmt.Errorf("token longer than %d bytes", MaxTokenLen)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, nil, nil, fmt.Errorf("not a compact JWS: %d parts, want 3", len(parts))
	}
	enc := base64.RawURLEncoding.Strict()
	headerBytes, err := enc.DecodeString(parts[0])
	if err != nil {
		return nil, nil, nil, errors.New("header is not base64url")
	}
	payloadBytes, err := enc.DecodeString(parts[1])
	if err != nil {
		return nil, nil, nil, errors.New("payload is not base64url")
	}
	if parts[2] == "" {
		return nil, payloadBytes, decodeObject(payloadBytes), errors.New("no signature")
	}
	if _, err := enc.DecodeString(parts[2]); err != nil {
		return nil, payloadBytes, decodeObject(payloadBytes), errors.New("signature is not base64url")
	}
	payload := decodeObject(payloadBytes)
	header, err := parseHeader(headerBytes)
	if err != nil {
		return nil, payloadBytes, payload, err
	}
	if payload == nil {
		return header, payloadBytes, nil, errors.New("payload is not a JSON object")
	}
	return header, payloadBytes, payload, nil
}

// parseHeader accepts exactly {alg, kid, typ: "JWT"}, each once, with alg allowed.
func parseHeader(data []byte) (*tokenHeader, error) {
	keys, err := objectKeys(data)
	if err != nil {
		return nil, errors.New("header is not a JSON object")
	}
	if len(keys) != 3 {
		return nil, fmt.Errorf("header has %d members (%s), want exactly alg, kid, typ", len(keys), strings.Join(keys, ", "))
	}
	var h struct {
		Alg *string `json:"alg"`
		Kid *string `json:"kid"`
		Typ *string `json:"typ"`
	}
	if err := json.Unmarshal(data, &h); err != nil || h.Alg == nil || h.Kid == nil || h.Typ == nil {
		return nil, fmt.Errorf("header has members %s, want exactly alg, kid, typ as strings", strings.Join(keys, ", "))
	}
	if !Algorithm(*h.Alg).Valid() {
		return nil, fmt.Errorf("algorithm %q is not allowed (EdDSA, RS256, ES256)", *h.Alg)
	}
	if *h.Kid == "" {
		return nil, errors.New("empty kid")
	}
	if *h.Typ != "JWT" {
		return nil, fmt.Errorf("typ is %q, want \"JWT\"", *h.Typ)
	}
	return &tokenHeader{alg: Algorithm(*h.Alg), kid: *h.Kid}, nil
}

// objectKeys lists a flat JSON object's member names, failing on duplicates (which
// encoding/json would silently resolve to the last one).
func objectKeys(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var keys []string
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, ok := t.(string)
		if !ok || seen[k] {
			return nil, errors.New("bad or duplicate member")
		}
		seen[k] = true
		keys = append(keys, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data")
	}
	return keys, nil
}

// decodeObject decodes a JSON object, keeping numbers exact; nil when data is not one.
func decodeObject(data []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil
	}
	if _, err := dec.Token(); err == nil {
		return nil // trailing data
	}
	return m
}

// credentialOnly is the payload without the JWT's registered claims.
func credentialOnly(payload map[string]any) map[string]any {
	out := make(map[string]any, len(payload))
	for k, v := range payload {
		out[k] = v
	}
	for _, c := range registeredClaims {
		delete(out, c)
	}
	return out
}

// checkSignature verifies the JWS with the key its kid names.
func (v *Verifier) checkSignature(token string, h *tokenHeader, payload []byte) error {
	key, ok := v.keys.PublicKey(h.kid)
	if !ok {
		return fmt.Errorf("unknown key %q: not in the issuer's key set", h.kid)
	}
	if key.Algorithm != "" && Algorithm(key.Algorithm) != h.alg {
		return fmt.Errorf("key %q is for %s, the token says %s", h.kid, key.Algorithm, h.alg)
	}
	if err := checkKeyMatchesAlg(key.Key, h.alg); err != nil {
		return fmt.Errorf("key %q cannot verify %s", h.kid, h.alg)
	}
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(h.alg)})
	if err != nil {
		return fmt.Errorf("not a valid JWS: %v", err)
	}
	verified, err := jws.Verify(key.Key)
	if err != nil {
		return errors.New("signature does not match: the badge was altered or not signed by this key")
	}
	if !bytes.Equal(verified, payload) {
		return errors.New("signed payload differs from the token's payload")
	}
	return nil
}

// obContextPattern is the schema's pattern for the OB 3.0 context.
var obContextPattern = regexp.MustCompile(`^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$`)

// checkSchema checks the fields the OB 3.0 AchievementCredential schema requires, and the
// status entry this service's badges carry.
func checkSchema(m map[string]any) error {
	ctxs, ok := m["@context"].([]any)
	if !ok || len(ctxs) < 2 || ctxs[0] != ContextVC2 {
		return fmt.Errorf("@context must start with %q", ContextVC2)
	}
	if s, ok := ctxs[1].(string); !ok || !obContextPattern.MatchString(s) {
		return errors.New("@context must name the Open Badges 3.0 context second")
	}
	if s, _ := m["id"].(string); s == "" {
		return errors.New("id is required")
	}
	types := stringSet(m["type"])
	if !types["VerifiableCredential"] || !(types["OpenBadgeCredential"] || types["AchievementCredential"]) {
		return errors.New("type must hold VerifiableCredential and OpenBadgeCredential")
	}
	if issuerID(m) == "" {
		return errors.New("issuer must be a URI or a Profile with an id")
	}
	if issuer, ok := m["issuer"].(map[string]any); ok && !stringSet(issuer["type"])["Profile"] {
		return errors.New("issuer.type must hold Profile")
	}
	if _, err := timeField(m, "validFrom", true); err != nil {
		return err
	}
	if _, err := timeField(m, "validUntil", false); err != nil {
		return err
	}
	subject, ok := m["credentialSubject"].(map[string]any)
	if !ok {
		return errors.New("credentialSubject must be an object")
	}
	if !stringSet(subject["type"])["AchievementSubject"] {
		return errors.New("credentialSubject.type must hold AchievementSubject")
	}
	achievement, ok := subject["achievement"].(map[string]any)
	if !ok {
		return errors.New("credentialSubject.achievement must be an object")
	}
	for _, f := range []string{"id", "name"} {
		if s, _ := achievement[f].(string); s == "" {
			return fmt.Errorf("credentialSubject.achievement.%s is required", f)
		}
	}
	if _, ok := achievement["description"].(string); !ok {
		return errors.New("credentialSubject.achievement.description is required")
	}
	if !stringSet(achievement["type"])["Achievement"] {
		return errors.New("credentialSubject.achievement.type must hold Achievement")
	}
	if _, ok := achievement["criteria"].(map[string]any); !ok {
		return errors.New("credentialSubject.achievement.criteria must be an object")
	}
	if _, err := statusEntry(m); err != nil {
		return err
	}
	return nil
}

// stringSet is the set of strings in a JSON array (or a lone string).
func stringSet(v any) map[string]bool {
	out := map[string]bool{}
	switch t := v.(type) {
	case string:
		out[t] = true
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				out[s] = true
			}
		}
	}
	return out
}

// issuerID is the credential's issuer id, whether the issuer is a URI or a profile.
func issuerID(m map[string]any) string {
	switch t := m["issuer"].(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["id"].(string)
		return s
	}
	return ""
}

// timeField parses an RFC 3339 date-time field; absent is an error only when required.
func timeField(m map[string]any, name string, required bool) (*time.Time, error) {
	raw, present := m[name]
	if !present {
		if required {
			return nil, fmt.Errorf("%s is required", name)
		}
		return nil, nil
	}
	s, ok := raw.(string)
	if !ok {
		return nil, fmt.Errorf("%s must be a date-time string", name)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil, fmt.Errorf("%s %q is not an RFC 3339 date-time", name, s)
	}
	return &t, nil
}

// parsedStatus is a credential's status entry.
type parsedStatus struct {
	purpose StatusPurpose
	index   int
	listURL string
}

// statusEntry reads the credential's BitstringStatusListEntry.
func statusEntry(m map[string]any) (*parsedStatus, error) {
	e, ok := m["credentialStatus"].(map[string]any)
	if !ok {
		return nil, errors.New("credentialStatus must be an object")
	}
	if e["type"] != statusEntryType {
		return nil, fmt.Errorf("credentialStatus.type must be %s", statusEntryType)
	}
	purpose, _ := e["statusPurpose"].(string)
	if !StatusPurpose(purpose).Valid() {
		return nil, fmt.Errorf("credentialStatus.statusPurpose %q is not revocation or suspension", purpose)
	}
	rawIndex, _ := e["statusListIndex"].(string)
	index, err := strconv.Atoi(rawIndex)
	if err != nil || index < 0 || index >= MaxStatusIndex || strconv.Itoa(index) != rawIndex {
		return nil, fmt.Errorf("credentialStatus.statusListIndex %q is not an index", rawIndex)
	}
	listURL, _ := e["statusListCredential"].(string)
	if listURL == "" {
		return nil, errors.New("credentialStatus.statusListCredential is required")
	}
	if id, _ := e["id"].(string); id != listURL+"#"+rawIndex {
		return nil, fmt.Errorf("credentialStatus.id %q is not %s#%s", id, listURL, rawIndex)
	}
	return &parsedStatus{purpose: StatusPurpose(purpose), index: index, listURL: listURL}, nil
}

// checkClaims checks that the JWT claims repeat the credential's fields.
func checkClaims(m map[string]any) error {
	if got, want := m["iss"], issuerID(m); got != want {
		return fmt.Errorf("iss %v is not the issuer %q", got, want)
	}
	subject, _ := m["credentialSubject"].(map[string]any)
	if subjectID, _ := subject["id"].(string); subjectID != "" || m["sub"] != nil {
		if m["sub"] != subjectID {
			return fmt.Errorf("sub %v is not the subject %q", m["sub"], subjectID)
		}
	}
	if m["jti"] != m["id"] {
		return fmt.Errorf("jti %v is not the credential id %v", m["jti"], m["id"])
	}
	validFrom, _ := timeField(m, "validFrom", true)
	if err := numericDateEquals(m, "nbf", validFrom, "validFrom"); err != nil {
		return err
	}
	validUntil, _ := timeField(m, "validUntil", false)
	if err := numericDateEquals(m, "exp", validUntil, "validUntil"); err != nil {
		return err
	}
	if raw, ok := m["iat"]; ok {
		if _, err := numericDate(raw); err != nil {
			return fmt.Errorf("iat: %v", err)
		}
	}
	return nil
}

// numericDateEquals checks that claim is present exactly when field is, with the same second.
func numericDateEquals(m map[string]any, claim string, field *time.Time, fieldName string) error {
	raw, present := m[claim]
	if field == nil {
		if present {
			return fmt.Errorf("%s is set but %s is not", claim, fieldName)
		}
		return nil
	}
	if !present {
		return fmt.Errorf("%s is missing (%s is set)", claim, fieldName)
	}
	secs, err := numericDate(raw)
	if err != nil {
		return fmt.Errorf("%s: %v", claim, err)
	}
	if secs != field.Unix() {
		return fmt.Errorf("%s %d is not %s %s", claim, secs, fieldName, field.UTC().Format(time.RFC3339))
	}
	return nil
}

// numericDate reads a JWT NumericDate; this service writes whole seconds.
func numericDate(raw any) (int64, error) {
	n, ok := raw.(json.Number)
	if !ok {
		return 0, errors.New("not a number")
	}
	if i, err := n.Int64(); err == nil {
		return i, nil
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, errors.New("not a whole number of seconds")
	}
	return int64(f), nil
}

// checkValidity checks that now is within validFrom..validUntil, give or take the leeway.
func (v *Verifier) checkValidity(m map[string]any) error {
	now := v.now()
	validFrom, err := timeField(m, "validFrom", true)
	if err != nil {
		return err
	}
	if now.Add(v.leeway).Before(*validFrom) {
		return fmt.Errorf("not yet valid: valid from %s", validFrom.UTC().Format(time.RFC3339))
	}
	validUntil, err := timeField(m, "validUntil", false)
	if err != nil {
		return err
	}
	if validUntil != nil && !now.Add(-v.leeway).Before(*validUntil) {
		return fmt.Errorf("expired on %s", validUntil.UTC().Format(time.RFC3339))
	}
	return nil
}

// checkStatus reads the badge's revocation and suspension bits.
func (v *Verifier) checkStatus(ctx context.Context, m map[string]any) error {
	st, err := statusEntry(m)
	if err != nil {
		return err
	}
	prefix := v.baseURL + "/status/"
	pathID, ok := strings.CutPrefix(st.listURL, prefix)
	if !ok || pathID == "" || strings.ContainsAny(pathID, "/?#") {
		return fmt.Errorf("status list %q is not one of this issuer's", st.listURL)
	}
	listID, _ := SplitStatusListID(pathID)
	revoked, suspended, err := v.status(ctx, listID, st.index)
	if err != nil {
		return fmt.Errorf("status could not be read: %s", graph.ErrorMessage(err))
	}
	switch {
	case revoked:
		return errors.New("revoked")
	case suspended:
		return errors.New("suspended")
	}
	return nil
}

// DecodeCredential returns the credential a VC-JWT carries, without the JWT claims and
// without checking the signature: for showing a badge this service issued. It returns an
// EINVALID error (field "jwt") when the token is not a compact JWS with a JSON object payload.
func DecodeCredential(token string) (map[string]any, error) {
	_, _, payload, err := parseToken(token)
	if payload == nil {
		if err == nil {
			err = errors.New("no payload")
		}
		return nil, fmt.Errorf("decode credential: %w", graph.Invalid("jwt", "%v", err))
	}
	return credentialOnly(payload), nil
}

// VerifyStatusList checks a signed BitstringStatusListCredential served under this verifier's
// base URL (format, signature by the key set, shape, validity) and returns its id, purpose and
// list. It returns an EINVALID error (field "statusList") naming what failed.
func (v *Verifier) VerifyStatusList(token string) (listURL string, purpose StatusPurpose, list *StatusList, err error) {
	fail := func(format string, args ...any) (string, StatusPurpose, *StatusList, error) {
		return "", "", nil, fmt.Errorf("verify status list: %w", graph.Invalid("statusList", format, args...))
	}
	header, payloadBytes, m, err := parseToken(token)
	if err != nil {
		return fail("%s check: %v", CheckFormat, err)
	}
	if err := v.checkSignature(token, header, payloadBytes); err != nil {
		return fail("%s check: %v", CheckSignature, err)
	}
	ctxs, _ := m["@context"].([]any)
	if len(ctxs) == 0 || ctxs[0] != ContextVC2 {
		return fail("@context must start with %q", ContextVC2)
	}
	if types := stringSet(m["type"]); !types["VerifiableCredential"] || !types["BitstringStatusListCredential"] {
		return fail("type must hold VerifiableCredential and BitstringStatusListCredential")
	}
	listURL, _ = m["id"].(string)
	pathID, ok := strings.CutPrefix(listURL, v.baseURL+"/status/")
	if !ok || pathID == "" || strings.ContainsAny(pathID, "/?#") {
		return fail("id %q is not a status list of this issuer", listURL)
	}
	subject, _ := m["credentialSubject"].(map[string]any)
	if subject["type"] != "BitstringStatusList" || subject["id"] != listURL+"#list" {
		return fail("credentialSubject must be the BitstringStatusList %s#list", listURL)
	}
	purpose = StatusPurpose(fmt.Sprint(subject["statusPurpose"]))
	if _, want := SplitStatusListID(pathID); !purpose.Valid() || purpose != want {
		return fail("statusPurpose %q does not fit list %q", purpose, pathID)
	}
	encoded, _ := subject["encodedList"].(string)
	list, err = DecodeStatusList(encoded)
	if err != nil {
		return fail("%v", err)
	}
	if err := checkClaims(m); err != nil {
		return fail("%s check: %v", CheckClaims, err)
	}
	if err := v.checkValidity(m); err != nil {
		return fail("%s check: %v", CheckValidity, err)
	}
	return listURL, purpose, list, nil
}
