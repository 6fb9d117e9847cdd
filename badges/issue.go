package badges

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// MaxStatusIndex bounds a status list index: lists are never longer than this many bits.
const MaxStatusIndex = 1 << 24

// Issuer signs badges and status lists with the active key of a KeyStore. Ids in badges are
// public URLs under the issuer's base URL. An Issuer is safe for concurrent use.
type Issuer struct {
	keys    *KeyStore
	baseURL string
	now     func() time.Time
}

// IssuerOption configures an Issuer.
type IssuerOption func(*Issuer)

// WithClock makes the issuer read the time from now (for iat and status list dates).
func WithClock(now func() time.Time) IssuerOption {
	return func(i *Issuer) { i.now = now }
}

// NewIssuer returns an issuer signing with keys, whose public URLs start with baseURL (e.g.
// "https://skills.example.org"). It returns an EINVALID error (field "baseURL") when baseURL
// is not an absolute http(s) URL without query or fragment, or (field "keys") when keys is nil.
func NewIssuer(keys *KeyStore, baseURL string, opts ...IssuerOption) (*Issuer, error) {
	if keys == nil {
		return nil, fmt.Errorf("new issuer: %w", graph.Invalid("keys", "no key store"))
	}
	base, err := normalizeBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("new issuer: %w", err)
	}
	iss := &Issuer{keys: keys, baseURL: base, now: time.Now}
	for _, opt := range opts {
		opt(iss)
	}
	return iss, nil
}

// normalizeBaseURL checks a base URL and drops its trailing slash.
func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", graph.Invalid("baseURL", "%q is not an absolute http(s) URL", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// BaseURL returns the base URL of the issuer's public URLs, without a trailing slash.
func (iss *Issuer) BaseURL() string { return iss.baseURL }

// Keys returns the issuer's key store.
func (iss *Issuer) Keys() *KeyStore { return iss.keys }

// CertifiedCompetency is a competency a badge certifies, with its framework when known.
type CertifiedCompetency struct {
	Competency *graph.Competency
	Framework  *graph.Framework // nil when unknown
	Level      int              // 1-5; 0 when not stated
}

// IssueInput is everything a badge says. Exactly one of Credential and Block is set, the one
// the achievement is of.
type IssueInput struct {
	Achievement  *graph.Achievement  // required: id, learner, issuedAt; validUntil, result, evidence when known
	Learner      *graph.Learner      // optional: the name (in clear) and e-mail (hashed) identify the learner
	Credential   *graph.Credential   // the micro-credential achieved
	Block        *graph.Block        // the block or certification achieved
	Organization *graph.Organization // required: the awarding body, the badge's issuer
	Competencies []CertifiedCompetency
	// Outcomes are a block's learning outcomes (a credential carries its own).
	Outcomes []string
	// Components are the titles of a block's components, for its criteria.
	Components []string
	// Prerequisites are the titles of the credential's prerequisites.
	Prerequisites []string
	// StacksInto are the titles of the blocks the credential stacks into.
	StacksInto []string
	// StatusListID and StatusIndex are the revocation list and bit allocated to the badge.
	StatusListID string
	StatusIndex  int
}

// Issued is a signed badge.
type Issued struct {
	JWT        string               // the VC-JWT (compact JWS)
	Credential *OpenBadgeCredential // what it says
	KeyID      string               // the key that signed it
	Algorithm  Algorithm
	IssuedAt   time.Time // the JWT's iat
}

// statusListIDPattern keeps list ids to characters that need no escaping in a URL path.
var statusListIDPattern = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,100}$`)

// languagePattern is OB 3.0's inLanguage pattern.
var languagePattern = regexp.MustCompile(`^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)

// Issue builds the Open Badges 3.0 credential for in.Achievement and signs it as a VC-JWT with
// the active key. It returns an EINVALID error naming the field at fault when the input is
// incomplete or inconsistent (e.g. "achievement.issuedAt", "statusIndex"), and an internal
// error when signing fails.
func (iss *Issuer) Issue(ctx context.Context, in IssueInput) (*Issued, error) {
	// Sign with the key every process holds active: another may have rotated.
	if err := iss.keys.Refresh(ctx); err != nil {
		return nil, fmt.Errorf("issue badge: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("issue badge: %w", err)
	}
	cred, err := iss.Build(in)
	if err != nil {
		return nil, fmt.Errorf("issue badge: %w", err)
	}
	now := iss.now().UTC()
	claims := jwtClaims{
		Issuer:    cred.Issuer.ID,
		Subject:   cred.CredentialSubject.ID,
		ID:        cred.ID,
		NotBefore: in.Achievement.IssuedAt.Unix(),
		IssuedAt:  now.Unix(),
	}
	if in.Achievement.ValidUntil != nil {
		exp := in.Achievement.ValidUntil.Unix()
		claims.Expires = &exp
	}
	token, kid, alg, err := iss.sign(cred, claims)
	if err != nil {
		return nil, fmt.Errorf("issue badge %s: %w", in.Achievement.ID, err)
	}
	return &Issued{JWT: token, Credential: cred, KeyID: kid, Algorithm: alg, IssuedAt: time.Unix(now.Unix(), 0).UTC()}, nil
}

// jwtClaims are the registered JWT claims a VC-JWT adds to the credential.
type jwtClaims struct {
	Issuer    string `json:"iss"`
	Subject   string `json:"sub,omitempty"`
	ID        string `json:"jti"`
	NotBefore int64  `json:"nbf"`
	Expires   *int64 `json:"exp,omitempty"`
	IssuedAt  int64  `json:"iat"`
}

// sign merges the claims into the credential's JSON and signs the result with the active key.
func (iss *Issuer) sign(credential any, claims jwtClaims) (token, kid string, alg Algorithm, err error) {
	body, err := json.Marshal(credential)
	if err != nil {
		return "", "", "", graph.Internal(fmt.Errorf("encode credential: %w", err))
	}
	var payload map[string]json.RawMessage
	if err := json.Unmarshal(body, &payload); err != nil {
		return "", "", "", graph.Internal(fmt.Errorf("encode credential: %w", err))
	}
	extra, err := json.Marshal(claims)
	if err != nil {
		return "", "", "", graph.Internal(fmt.Errorf("encode claims: %w", err))
	}
	if err := json.Unmarshal(extra, &payload); err != nil {
		return "", "", "", graph.Internal(fmt.Errorf("encode claims: %w", err))
	}
	body, err = json.Marshal(payload)
	if err != nil {
		return "", "", "", graph.Internal(fmt.Errorf("encode payload: %w", err))
	}
	token, kid, err = iss.keys.signCompact(body)
	if err != nil {
		return "", "", "", err
	}
	key, _ := iss.keys.PublicKey(kid)
	return token, kid, Algorithm(key.Algorithm), nil
}

// Build returns the unsigned Open Badges 3.0 credential for in, as Issue signs it. It returns
// an EINVALID error naming the field at fault.
func (iss *Issuer) Build(in IssueInput) (*OpenBadgeCredential, error) {
	if err := checkIssueInput(in); err != nil {
		return nil, err
	}
	a := in.Achievement
	issued := formatTime(a.IssuedAt)
	cred := &OpenBadgeCredential{
		Context:     []string{ContextVC2, ContextOB30},
		ID:          iss.CredentialURL(a.ID),
		Type:        []string{"VerifiableCredential", "OpenBadgeCredential"},
		Issuer:      iss.profile(in.Organization),
		ValidFrom:   issued,
		AwardedDate: issued,
	}
	if a.ValidUntil != nil {
		cred.ValidUntil = formatTime(*a.ValidUntil)
	}
	achievement := iss.achievement(in)
	cred.Name = achievement.Name
	cred.Description = achievement.Description
	// The image is generated from what the badge says and served beside it; it goes in
	// before signing, so that the signature covers it.
	cred.Image = &Image{ID: iss.ImageURL(a.ID), Type: "Image", Caption: achievement.Name}
	achievement.Image = cred.Image

	subject := AchievementSubject{
		ID:          iss.publicURL("learners", a.LearnerID),
		Type:        []string{"AchievementSubject"},
		Achievement: achievement,
	}
	if in.Learner != nil {
		ids, err := learnerIdentifiers(in.Learner)
		if err != nil {
			return nil, err
		}
		subject.Identifier = ids
	}
	if in.Credential != nil && in.Credential.ECTS > 0 && !a.Partial {
		subject.CreditsEarned = in.Credential.ECTS
	}
	if a.Result != "" {
		result := Result{Type: []string{"Result"}, ResultDescription: achievement.ID + "#result", Value: a.Result}
		if !a.Partial {
			result.Status = "Completed"
		}
		subject.Result = []Result{result}
		subject.Achievement.ResultDescription = []ResultDescription{{
			ID: achievement.ID + "#result", Type: []string{"ResultDescription"},
			Name: "Assessment result", ResultType: "Result",
		}}
	}
	cred.CredentialSubject = subject
	for _, ev := range a.Evidence {
		cred.Evidence = append(cred.Evidence, evidence(ev))
	}
	listURL := iss.StatusListURL(in.StatusListID, PurposeRevocation)
	cred.CredentialStatus = &StatusEntry{
		ID:                   listURL + "#" + strconv.Itoa(in.StatusIndex),
		Type:                 statusEntryType,
		StatusPurpose:        string(PurposeRevocation),
		StatusListIndex:      strconv.Itoa(in.StatusIndex),
		StatusListCredential: listURL,
	}
	return cred, nil
}

// checkIssueInput returns an EINVALID error naming the first field at fault.
func checkIssueInput(in IssueInput) error {
	a := in.Achievement
	switch {
	case a == nil:
		return graph.Invalid("achievement", "required")
	case a.ID == "":
		return graph.Invalid("achievement.id", "required")
	case a.LearnerID == "":
		return graph.Invalid("achievement.learnerId", "required")
	case a.IssuedAt.IsZero():
		return graph.Invalid("achievement.issuedAt", "required")
	case a.ValidUntil != nil && !a.ValidUntil.After(a.IssuedAt):
		return graph.Invalid("achievement.validUntil", "must be after issuedAt")
	case (in.Credential == nil) == (in.Block == nil):
		return graph.Invalid("credential", "exactly one of credential and block is required")
	case in.Credential != nil && a.CredentialID != "" && a.CredentialID != in.Credential.ID:
		return graph.Invalid("credential", "is %q but the achievement is of %q", in.Credential.ID, a.CredentialID)
	case in.Block != nil && a.BlockID != "" && a.BlockID != in.Block.ID:
		return graph.Invalid("block", "is %q but the achievement is of %q", in.Block.ID, a.BlockID)
	case in.Credential != nil && (in.Credential.ID == "" || in.Credential.Title == ""):
		return graph.Invalid("credential", "id and title are required")
	case in.Block != nil && (in.Block.ID == "" || in.Block.Title == ""):
		return graph.Invalid("block", "id and title are required")
	case in.Organization == nil || in.Organization.ID == "" || in.Organization.Name == "":
		return graph.Invalid("organization", "the awarding body's id and name are required")
	case in.Learner != nil && in.Learner.ID != a.LearnerID:
		return graph.Invalid("learner", "is %q but the achievement is of %q", in.Learner.ID, a.LearnerID)
	case !statusListIDPattern.MatchString(in.StatusListID):
		return graph.Invalid("statusListId", "must be 1-100 letters, digits, '.', '_', '~' or '-'")
	case strings.HasSuffix(in.StatusListID, suspensionSuffix):
		return graph.Invalid("statusListId", "must not end with %q", suspensionSuffix)
	case in.StatusIndex < 0 || in.StatusIndex >= MaxStatusIndex:
		return graph.Invalid("statusIndex", "must be in [0, %d)", MaxStatusIndex)
	}
	for i, c := range in.Competencies {
		if c.Competency == nil || c.Competency.ID == "" || c.Competency.Name == "" {
			return graph.Invalid(fmt.Sprintf("competencies[%d]", i), "id and name are required")
		}
	}
	return nil
}

// formatTime formats t as validFrom/validUntil are: RFC 3339 in UTC, to the second, so that
// the JWT's NumericDate claims equal them exactly.
func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// publicURL is the public URL of a node: {baseURL}/{collection}/{id}.
func (iss *Issuer) publicURL(collection, id string) string {
	return iss.baseURL + "/" + collection + "/" + url.PathEscape(id)
}

// CredentialURL is the public URL, and the id, of the badge of an achievement.
func (iss *Issuer) CredentialURL(achievementID string) string {
	return iss.publicURL("credentials", achievementID)
}

// ImageURL is the public URL of the badge image of an achievement.
func (iss *Issuer) ImageURL(achievementID string) string {
	return iss.CredentialURL(achievementID) + "/image.svg"
}

// PageURL is the public URL of the human-readable page of an achievement's badge.
func (iss *Issuer) PageURL(achievementID string) string {
	return iss.CredentialURL(achievementID) + "/view"
}

// OrganizationURL is the public URL of an organisation's page, its issuer profile id.
func (iss *Issuer) OrganizationURL(orgID string) string {
	return iss.publicURL("organizations", orgID)
}

// StatusListURL is the public URL of a status list: {baseURL}/status/{listID} for
// revocation, with "-suspension" appended to the id for the suspension list at the same
// indexes.
func (iss *Issuer) StatusListURL(listID string, purpose StatusPurpose) string {
	if purpose == PurposeSuspension {
		listID += suspensionSuffix
	}
	return iss.publicURL("status", listID)
}

// profile is the issuer profile of the awarding body.
func (iss *Issuer) profile(org *graph.Organization) Profile {
	p := Profile{
		ID:          iss.OrganizationURL(org.ID),
		Type:        []string{"Profile"},
		Name:        org.Name,
		URL:         org.URL,
		Email:       org.Email,
		Description: org.Description,
	}
	if org.Country != "" {
		p.Address = &Address{Type: []string{"Address"}, AddressCountryCode: org.Country}
	}
	return p
}

// achievement describes the credential or block achieved, with its alignments and the EU
// micro-credential elements.
func (iss *Issuer) achievement(in IssueInput) Achievement {
	a := in.Achievement
	var out Achievement
	elements := &MicroCredentialElements{
		Type:              microCredentialElementsType,
		AwardingBody:      in.Organization.Name,
		Country:           in.Organization.Country,
		DateOfIssue:       formatTime(a.IssuedAt),
		Prerequisites:     in.Prerequisites,
		PartialValidation: a.Partial,
	}
	if in.Learner != nil {
		elements.Learner = in.Learner.Name
	}
	var outcomes []string
	if c := in.Credential; c != nil {
		out = Achievement{
			ID:               iss.publicURL("achievements", c.ID),
			AchievementType:  AchievementTypeMicroCredential,
			Name:             c.Title,
			Description:      c.Description,
			CreditsAvailable: c.ECTS,
			Tag:              []string{"micro-credential"},
			OtherIdentifier:  []IdentifierEntry{{Type: "IdentifierEntry", Identifier: c.ID, IdentifierType: "systemId"}},
		}
		if languagePattern.MatchString(c.Language) {
			out.InLanguage = c.Language
		}
		outcomes = c.Outcomes
		elements.WorkloadHours = c.Hours
		elements.ECTS = c.ECTS
		elements.EQFLevel = c.EQFLevel
		for _, t := range c.AssessmentTypes {
			elements.AssessmentTypes = append(elements.AssessmentTypes, string(t))
		}
		elements.FormOfParticipation = string(c.Modality)
		elements.QualityAssurance = c.QualityAssurance
		elements.Language = c.Language
		elements.Stackability = in.StacksInto
		if elements.Country == "" {
			elements.Country = c.Country
		}
		out.Criteria = Criteria{ID: c.URL, Narrative: credentialCriteria(c)}
	} else {
		b := in.Block
		kind := AchievementTypeCertificate
		tag := "block"
		if b.Certification {
			kind, tag = AchievementTypeCertification, "certification"
		}
		out = Achievement{
			ID:              iss.publicURL("achievements", b.ID),
			AchievementType: kind,
			Name:            b.Title,
			Description:     b.Description,
			HumanCode:       b.Code,
			Tag:             []string{tag},
			OtherIdentifier: []IdentifierEntry{{Type: "IdentifierEntry", Identifier: b.ID, IdentifierType: "systemId"}},
		}
		if b.Code != "" {
			out.OtherIdentifier = append(out.OtherIdentifier, IdentifierEntry{Type: "IdentifierEntry", Identifier: b.Code, IdentifierType: "identifier"})
		}
		outcomes = in.Outcomes
		elements.Stackability = in.Components
		out.Criteria = Criteria{Narrative: blockCriteria(b, in.Components, in.Outcomes)}
	}
	out.Type = []string{"Achievement"}
	if out.Description == "" {
		// The schema requires a description; the title is the best we have.
		out.Description = out.Name
	}
	elements.Title = out.Name
	elements.LearningOutcomes = outcomes
	out.MicroCredential = elements
	for _, c := range in.Competencies {
		out.Alignment = append(out.Alignment, iss.alignment(c))
	}
	if elements.EQFLevel > 0 {
		level := strconv.Itoa(elements.EQFLevel)
		out.Alignment = append(out.Alignment, Alignment{
			Type:            []string{"Alignment"},
			TargetName:      "EQF level " + level,
			TargetURL:       eqfLevelURIPrefix + level,
			TargetFramework: EQFFramework,
			TargetCode:      level,
			TargetType:      "ext:EQFLevel",
		})
	}
	return out
}

// alignment links the achievement to a certified competency: its framework URI (e.g. ESCO)
// when it has one, else its public URL here.
func (iss *Issuer) alignment(c CertifiedCompetency) Alignment {
	comp := c.Competency
	al := Alignment{
		Type:       []string{"Alignment"},
		TargetName: comp.Name,
		TargetURL:  comp.AlignmentURI,
		TargetCode: comp.Code,
		TargetType: "ceasn:Competency",
	}
	if al.TargetURL == "" {
		al.TargetURL = iss.publicURL("competencies", comp.ID)
	}
	if al.TargetCode == "" {
		al.TargetCode = comp.ID
	}
	if c.Framework != nil {
		al.TargetFramework = c.Framework.Name
	}
	if c.Level > 0 {
		al.TargetDescription = fmt.Sprintf("Certified at level %d of %d", c.Level, graph.MaxLevel)
	}
	return al
}

// credentialCriteria is the Markdown narrative of what earning a credential takes.
func credentialCriteria(c *graph.Credential) string {
	var b strings.Builder
	if len(c.Outcomes) > 0 {
		b.WriteString("Learning outcomes:\n")
		for _, o := range c.Outcomes {
			b.WriteString("- " + o + "\n")
		}
	}
	if len(c.AssessmentTypes) > 0 {
		kinds := make([]string, len(c.AssessmentTypes))
		for i, t := range c.AssessmentTypes {
			kinds[i] = strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
		}
		fmt.Fprintf(&b, "\nAssessed by: %s.\n", strings.Join(kinds, ", "))
	}
	if b.Len() == 0 {
		return "Complete and pass the assessment of " + c.Title + "."
	}
	return strings.TrimSpace(b.String())
}

// blockCriteria is the Markdown narrative of a block's stacking rule.
func blockCriteria(blk *graph.Block, components, outcomes []string) string {
	var b strings.Builder
	switch blk.Rule.Kind {
	case graph.RuleAtLeast:
		fmt.Fprintf(&b, "Complete at least %d of the following:\n", blk.Rule.Count)
	case graph.RuleMinECTS:
		fmt.Fprintf(&b, "Earn at least %s ECTS from the following:\n", strconv.FormatFloat(blk.Rule.Min, 'f', -1, 64))
	case graph.RuleMinHours:
		fmt.Fprintf(&b, "Complete at least %s hours from the following:\n", strconv.FormatFloat(blk.Rule.Min, 'f', -1, 64))
	default:
		b.WriteString("Complete all of the following:\n")
	}
	for _, c := range components {
		b.WriteString("- " + c + "\n")
	}
	if len(outcomes) > 0 {
		b.WriteString("\nLearning outcomes:\n")
		for _, o := range outcomes {
			b.WriteString("- " + o + "\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// learnerIdentifiers identifies the learner: the name in clear (the EU elements require it)
// and the e-mail salted and hashed, as OB 3.0 recommends for personal addresses.
func learnerIdentifiers(l *graph.Learner) ([]IdentityObject, error) {
	var ids []IdentityObject
	if l.Name != "" {
		ids = append(ids, IdentityObject{Type: "IdentityObject", Hashed: false, IdentityHash: l.Name, IdentityType: "name"})
	}
	if l.Email != "" {
		salt := make([]byte, 16)
		if _, err := rand.Read(salt); err != nil {
			return nil, graph.Internal(fmt.Errorf("salt: %w", err))
		}
		saltHex := hex.EncodeToString(salt)
		sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(l.Email)) + saltHex))
		ids = append(ids, IdentityObject{
			Type: "IdentityObject", Hashed: true, IdentityHash: "sha256$" + hex.EncodeToString(sum[:]),
			IdentityType: "emailAddress", Salt: saltHex,
		})
	}
	return ids, nil
}

// evidence turns an achievement's evidence item into OB evidence: a URL becomes its id, any
// other text its narrative.
func evidence(item string) Evidence {
	ev := Evidence{Type: []string{"Evidence"}}
	if u, err := url.Parse(item); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		ev.ID = item
	} else {
		ev.Narrative = item
	}
	return ev
}
