package graph

import (
	"fmt"
	"maps"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

func fieldIndex(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// ValidateID checks an id: non-empty, at most MaxIDLen bytes, no whitespace or control
// characters.
func ValidateID(field, id string) error {
	if id == "" {
		return Invalid(field, "must not be empty")
	}
	if len(id) > MaxIDLen {
		return Invalid(field, "must be at most %d bytes", MaxIDLen)
	}
	if !utf8.ValidString(id) {
		return Invalid(field, "must be valid UTF-8")
	}
	for _, r := range id {
		if r <= ' ' || r == 0x7f {
			return Invalid(field, "must not contain spaces or control characters")
		}
	}
	return nil
}

// validateName checks a name or title: one line of text, not blank.
func validateName(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return Invalid(field, "must not be empty")
	}
	return validateLine(field, s, MaxNameLen)
}

// validateLine checks one line of text.
func validateLine(field, s string, max int) error {
	if err := validateText(field, s, max); err != nil {
		return err
	}
	if strings.IndexFunc(s, lineControlChar) >= 0 {
		return Invalid(field, "must be one line without control characters")
	}
	return nil
}

// validateURL checks a link others will follow (in badges, on pages): empty, or an absolute
// http or https URL with a host.
func validateURL(field, s string) error {
	if s == "" {
		return nil
	}
	if err := validateText(field, s, MaxNameLen); err != nil {
		return err
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\n\r") {
		return Invalid(field, "must be an http or https URL")
	}
	return nil
}

// controlChar reports whether r is a C0 control character other than tab, newline and
// carriage return (NUL, BEL, ESC...) or DEL: never in any text.
func controlChar(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f
}

// lineControlChar reports whether r may not appear in one line of text (a name, a title): any
// control character, C1 included (published data has stray ones in descriptions, where they
// are kept), and the code points that reorder displayed text.
func lineControlChar(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

func validateText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "must be valid UTF-8")
	}
	if strings.IndexFunc(s, controlChar) >= 0 {
		return Invalid(field, "must not contain control characters")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Invalid(field, "must be at most %d characters (got %d)", max, n)
	}
	return nil
}

func validateTexts(field string, list []string, maxItems, maxLen int) error {
	if len(list) > maxItems {
		return Invalid(field, "must have at most %d items", maxItems)
	}
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			return Invalid(fieldIndex(field, i), "must not be empty")
		}
		if err := validateText(fieldIndex(field, i), s, maxLen); err != nil {
			return err
		}
	}
	return nil
}

func validateURLs(field string, list []string) error {
	for i, s := range list {
		if err := validateURL(fieldIndex(field, i), s); err != nil {
			return err
		}
	}
	return nil
}

func validateRange(field string, v, min, max float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Invalid(field, "must be a number")
	}
	if v < min || v > max {
		return Invalid(field, "must be between %g and %g (got %g)", min, max, v)
	}
	return nil
}

// ValidateLevel checks a competency level (1-5).
func ValidateLevel(field string, level int) error {
	if level < MinLevel || level > MaxLevel {
		return Invalid(field, "must be between %d and %d (got %d)", MinLevel, MaxLevel, level)
	}
	return nil
}

func oneOf[T ~string](field string, v T, allowEmpty bool, allowed ...T) error {
	if v == "" && allowEmpty {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return Invalid(field, "must be one of %s (got %q)", strings.Join(names, ", "), string(v))
}

func validateMeta(m *Meta) error {
	if m.ID == "" {
		return nil // stores assign one
	}
	return ValidateID("id", m.ID)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

var (
	competencyTypes = []CompetencyType{CompetencyTypeSkill, CompetencyTypeKnowledge, CompetencyTypeGroup}
	reuseLevels     = []ReuseLevel{ReuseTransversal, ReuseCrossSector, ReuseSectorSpecific, ReuseOccupationSpecific}
	orgKinds        = []OrganizationKind{OrgUniversity, OrgVocationalSchool, OrgOnlineAcademy, OrgEmployer, OrgProfessionalBody, OrgOther}
	modalities      = []Modality{ModalityOnSite, ModalityRemote, ModalityBlended}
	assessmentTypes = []AssessmentType{AssessmentSimulation, AssessmentCaseStudy, AssessmentProject, AssessmentExam, AssessmentPortfolio}
	ruleKinds       = []RuleKind{RuleAll, RuleAtLeast, RuleMinECTS, RuleMinHours}
	statuses        = []AchievementStatus{StatusValid, StatusRevoked, StatusSuspended, StatusExpired}
)

func (n *Competency) Validate() error {
	return firstErr(validateMeta(&n.Meta),
		validateName("name", n.Name),
		validateText("description", n.Description, MaxDescriptionLen),
		validateTexts("altLabels", n.AltLabels, MaxLabels, MaxNameLen),
		validateTranslations("names", n.Names),
		oneOf("type", n.Type, true, competencyTypes...),
		oneOf("reuseLevel", n.ReuseLevel, true, reuseLevels...),
		validateURL("alignmentUri", n.AlignmentURI),
		validateText("code", n.Code, MaxNameLen))
}

func (n *Framework) Validate() error {
	return firstErr(validateMeta(&n.Meta),
		validateName("name", n.Name),
		validateText("description", n.Description, MaxDescriptionLen),
		validateText("uri", n.URI, MaxNameLen),
		validateText("version", n.Version, MaxNameLen),
		validateText("publisher", n.Publisher, MaxNameLen),
		validateText("attribution", n.Attribution, MaxDescriptionLen))
}

func (n *Organization) Validate() error {
	return firstErr(validateMeta(&n.Meta),
		validateName("name", n.Name),
		oneOf("kind", n.Kind, true, orgKinds...),
		validateText("description", n.Description, MaxDescriptionLen),
		validateText("country", n.Country, 2),
		validateURL("url", n.URL),
		validateText("email", n.Email, MaxNameLen))
}

func (n *Credential) Validate() error {
	if err := firstErr(validateMeta(&n.Meta),
		validateName("title", n.Title),
		validateText("description", n.Description, MaxDescriptionLen),
		validateTexts("outcomes", n.Outcomes, MaxListItems, MaxDescriptionLen),
		validateRange("hours", n.Hours, 0, MaxHours),
		validateRange("ects", n.ECTS, 0, MaxECTS),
		validateRange("eqfLevel", float64(n.EQFLevel), 0, MaxEQF),
		oneOf("modality", n.Modality, false, modalities...),
		validateRange("price", n.Price, 0, MaxPrice),
		validateText("currency", n.Currency, 3),
		validateText("qualityAssurance", n.QualityAssurance, MaxDescriptionLen),
		validateRange("retakesAllowed", float64(n.RetakesAllowed), -1, 100),
		validateText("retakePolicy", n.RetakePolicy, MaxDescriptionLen),
		validateRange("validityMonths", float64(n.ValidityMonths), 0, 1200),
		validateText("country", n.Country, 2),
		validateURL("url", n.URL)); err != nil {
		return err
	}
	if len(n.AssessmentTypes) > len(assessmentTypes) {
		return Invalid("assessmentTypes", "must have at most %d items", len(assessmentTypes))
	}
	for i, a := range n.AssessmentTypes {
		if err := oneOf(fieldIndex("assessmentTypes", i), a, false, assessmentTypes...); err != nil {
			return err
		}
	}
	if err := validateLanguage("language", n.Language); err != nil {
		return err
	}
	if n.OrganizationID == "" {
		return Invalid("organizationId", "must name the awarding organisation")
	}
	return nil
}

func validateLanguage(field, lang string) error {
	if len(lang) < 2 || len(lang) > 3 || strings.ToLower(lang) != lang || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return Invalid(field, "must be an ISO 639 language code such as \"fr\" (got %q)", lang)
	}
	return nil
}

// Validate checks the block's own fields and the parts of its rule that do not depend on its
// components' attributes (see CheckRule for those).
func (n *Block) Validate() error {
	if err := firstErr(validateMeta(&n.Meta),
		validateName("title", n.Title),
		validateText("description", n.Description, MaxDescriptionLen),
		validateText("code", n.Code, MaxNameLen),
		oneOf("rule.kind", n.Rule.Kind, false, ruleKinds...)); err != nil {
		return err
	}
	if len(n.Components) == 0 {
		return Invalid("components", "a block needs at least one component")
	}
	if len(n.Components) > 1000 {
		return Invalid("components", "must have at most 1000 items")
	}
	seen := make(map[string]bool, len(n.Components))
	for i, id := range n.Components {
		f := fieldIndex("components", i)
		if err := ValidateID(f, id); err != nil {
			return err
		}
		if id == n.ID {
			return Invalid(f, "a block cannot contain itself")
		}
		if seen[id] {
			return Invalid(f, "duplicate component %q", id)
		}
		seen[id] = true
	}
	switch n.Rule.Kind {
	case RuleAll:
		if n.Rule.Count != 0 || n.Rule.Min != 0 {
			return Invalid("rule", "ALL takes no count or min")
		}
	case RuleAtLeast:
		if n.Rule.Count < 1 {
			return Invalid("rule.count", "AT_LEAST needs a count of at least 1 (got %d)", n.Rule.Count)
		}
		if n.Rule.Count > len(n.Components) {
			return Invalid("rule.count", "AT_LEAST %d of %d components can never be satisfied", n.Rule.Count, len(n.Components))
		}
		if n.Rule.Min != 0 {
			return Invalid("rule.min", "AT_LEAST takes a count, not a min")
		}
	case RuleMinECTS, RuleMinHours:
		if err := validateRange("rule.min", n.Rule.Min, 0, MaxHours); err != nil {
			return err
		}
		if n.Rule.Min <= 0 {
			return Invalid("rule.min", "%s needs a positive min (got %g)", n.Rule.Kind, n.Rule.Min)
		}
		if n.Rule.Count != 0 {
			return Invalid("rule.count", "%s takes a min, not a count", n.Rule.Kind)
		}
	}
	return nil
}

// ComponentInfo is what a rule check needs to know of a block component: its kind and, for
// MIN rules, the ECTS and hours it is worth (for a block, the total of the credentials under
// it).
type ComponentInfo struct {
	Kind  Kind
	ECTS  float64
	Hours float64
}

// CheckRule checks that every component of b exists and is a credential or block, and that
// b's rule can be satisfied by its components: MIN_ECTS and MIN_HOURS blocks must be worth at
// least their min. info maps component ids to what is known of them; a missing id is an
// EINVALID error on the component.
func CheckRule(b *Block, info map[string]ComponentInfo) error {
	var ects, hours float64
	for i, id := range b.Components {
		c, ok := info[id]
		if !ok {
			return Invalid(fieldIndex("components", i), "no credential or block %q", id)
		}
		if c.Kind != KindCredential && c.Kind != KindBlock {
			return Invalid(fieldIndex("components", i), "%q is a %s, not a credential or block", id, c.Kind)
		}
		ects += c.ECTS
		hours += c.Hours
	}
	switch b.Rule.Kind {
	case RuleMinECTS:
		if ects < b.Rule.Min {
			return Invalid("rule.min", "MIN_ECTS %g can never be satisfied: the components are worth %g ECTS", b.Rule.Min, ects)
		}
	case RuleMinHours:
		if hours < b.Rule.Min {
			return Invalid("rule.min", "MIN_HOURS %g can never be satisfied: the components are worth %g hours", b.Rule.Min, hours)
		}
	}
	return nil
}

func (n *JobRole) Validate() error {
	return firstErr(validateMeta(&n.Meta),
		validateName("title", n.Title),
		validateText("description", n.Description, MaxDescriptionLen),
		validateTexts("altLabels", n.AltLabels, MaxLabels, MaxNameLen),
		validateTranslations("titles", n.Titles),
		validateText("iscoGroup", n.ISCOGroup, MaxNameLen),
		validateURL("alignmentUri", n.AlignmentURI),
		validateText("code", n.Code, MaxNameLen))
}

func (n *Learner) Validate() error {
	c := n.Constraints
	if err := firstErr(validateMeta(&n.Meta),
		validateName("name", n.Name),
		validateText("email", n.Email, MaxNameLen),
		validateText("country", n.Country, 2),
		validateLine("headline", n.Headline, MaxNameLen),
		validateText("advisorId", n.AdvisorID, MaxIDLen),
		validateRange("constraints.hoursPerWeek", c.HoursPerWeek, 0, 168)); err != nil {
		return err
	}
	if c.MaxBudget != nil {
		if err := validateRange("constraints.maxBudget", *c.MaxBudget, 0, MaxPrice); err != nil {
			return err
		}
	}
	if c.MaxTotalHours != nil {
		if err := validateRange("constraints.maxTotalHours", *c.MaxTotalHours, 0, MaxHours); err != nil {
			return err
		}
	}
	if len(c.Modalities) > len(modalities) {
		return Invalid("constraints.modalities", "must have at most %d items", len(modalities))
	}
	for i, m := range c.Modalities {
		if err := oneOf(fieldIndex("constraints.modalities", i), m, false, modalities...); err != nil {
			return err
		}
	}
	if len(c.Languages) > MaxListItems {
		return Invalid("constraints.languages", "must have at most %d items", MaxListItems)
	}
	for i, l := range c.Languages {
		if err := validateLanguage(fieldIndex("constraints.languages", i), l); err != nil {
			return err
		}
	}
	if len(n.InProgress) > MaxListItems {
		return Invalid("inProgress", "must have at most %d items", MaxListItems)
	}
	for i, id := range n.InProgress {
		if err := ValidateID(fieldIndex("inProgress", i), id); err != nil {
			return err
		}
	}
	return nil
}

func (n *Achievement) Validate() error {
	if err := firstErr(validateMeta(&n.Meta),
		ValidateID("learnerId", n.LearnerID),
		oneOf("status", n.Status, false, statuses...),
		validateText("statusReason", n.StatusReason, MaxDescriptionLen),
		validateText("result", n.Result, MaxDescriptionLen),
		validateTexts("evidence", n.Evidence, MaxListItems, MaxDescriptionLen),
		validateURLs("evidence", n.Evidence),
		validateText("idempotencyKey", n.IdempotencyKey, MaxIDLen),
		oneOf("visibility", n.Visibility, true, VisibilityPublic, VisibilityUnlisted, VisibilityPrivate)); err != nil {
		return err
	}
	if (n.CredentialID == "") == (n.BlockID == "") {
		return Invalid("credentialId", "exactly one of credentialId and blockId must be set")
	}
	if n.IssuedAt.IsZero() {
		return Invalid("issuedAt", "must be set")
	}
	if n.ValidUntil != nil && !n.ValidUntil.After(n.IssuedAt) {
		return Invalid("validUntil", "must be after issuedAt")
	}
	return nil
}

// languageCode is an ISO 639-1 code in lower case.
var languageCode = regexp.MustCompile(`^[a-z]{2}$`)

// validateTranslations checks a name's translations: at most MaxTranslations, keyed by ISO
// 639-1 codes, each a valid name.
func validateTranslations(field string, m map[string]string) error {
	if len(m) > MaxTranslations {
		return Invalid(field, "at most %d languages (got %d)", MaxTranslations, len(m))
	}
	for _, lang := range slices.Sorted(maps.Keys(m)) {
		if !languageCode.MatchString(lang) {
			return Invalid(field, "%q is not an ISO 639-1 language code in lower case", lang)
		}
		if err := validateName(field+"."+lang, m[lang]); err != nil {
			return err
		}
	}
	return nil
}
