package badges

// JSON-LD contexts of an Open Badges 3.0 credential, in the order the schema requires.
const (
	ContextVC2  = "https://www.w3.org/ns/credentials/v2"
	ContextOB30 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// Achievement types used for the two kinds of things a badge can be of.
const (
	AchievementTypeMicroCredential = "MicroCredential"
	AchievementTypeCertificate     = "Certificate"   // a block (bloc de compétences)
	AchievementTypeCertification   = "Certification" // a block of blocks
)

// EQFFramework names the European Qualifications Framework in alignments, and
// eqfLevelURIPrefix is the EU vocabulary's URI of an EQF level, followed by the level.
const (
	EQFFramework      = "European Qualifications Framework"
	eqfLevelURIPrefix = "http://data.europa.eu/snb/eqf/"
)

// OpenBadgeCredential is an Open Badges 3.0 OpenBadgeCredential (a W3C Verifiable Credential
// 2.0). Field names follow the OB 3.0 JSON-LD vocabulary.
type OpenBadgeCredential struct {
	Context           []string           `json:"@context"`
	ID                string             `json:"id"`
	Type              []string           `json:"type"`
	Name              string             `json:"name"`
	Description       string             `json:"description,omitempty"`
	Image             *Image             `json:"image,omitempty"`
	Issuer            Profile            `json:"issuer"`
	ValidFrom         string             `json:"validFrom"`
	ValidUntil        string             `json:"validUntil,omitempty"`
	AwardedDate       string             `json:"awardedDate,omitempty"`
	CredentialSubject AchievementSubject `json:"credentialSubject"`
	CredentialStatus  *StatusEntry       `json:"credentialStatus,omitempty"`
	Evidence          []Evidence         `json:"evidence,omitempty"`
}

// Profile is an issuer's OB 3.0 profile.
type Profile struct {
	ID          string   `json:"id"`
	Type        []string `json:"type"`
	Name        string   `json:"name,omitempty"`
	URL         string   `json:"url,omitempty"`
	Email       string   `json:"email,omitempty"`
	Description string   `json:"description,omitempty"`
	Address     *Address `json:"address,omitempty"`
}

// Address is a profile's postal address; badges only carry the country.
type Address struct {
	Type               []string `json:"type"`
	AddressCountryCode string   `json:"addressCountryCode,omitempty"`
}

// AchievementSubject is the learner and what they achieved.
type AchievementSubject struct {
	ID            string           `json:"id,omitempty"`
	Type          []string         `json:"type"`
	Identifier    []IdentityObject `json:"identifier,omitempty"`
	Achievement   Achievement      `json:"achievement"`
	CreditsEarned float64          `json:"creditsEarned,omitempty"`
	Result        []Result         `json:"result,omitempty"`
}

// IdentityObject identifies the learner: the name in clear, the e-mail salted and hashed.
type IdentityObject struct {
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Salt         string `json:"salt,omitempty"`
}

// Achievement is what was achieved: the micro-credential or block.
type Achievement struct {
	ID                string              `json:"id"`
	Type              []string            `json:"type"`
	AchievementType   string              `json:"achievementType,omitempty"`
	Name              string              `json:"name"`
	Description       string              `json:"description"`
	Image             *Image              `json:"image,omitempty"`
	Criteria          Criteria            `json:"criteria"`
	Alignment         []Alignment         `json:"alignment,omitempty"`
	CreditsAvailable  float64             `json:"creditsAvailable,omitempty"`
	InLanguage        string              `json:"inLanguage,omitempty"`
	HumanCode         string              `json:"humanCode,omitempty"`
	Tag               []string            `json:"tag,omitempty"`
	OtherIdentifier   []IdentifierEntry   `json:"otherIdentifier,omitempty"`
	ResultDescription []ResultDescription `json:"resultDescription,omitempty"`
	// MicroCredential carries the EU micro-credential elements OB 3.0 has no field for.
	MicroCredential *MicroCredentialElements `json:"microCredential,omitempty"`
}

// Image is an OB 3.0 image: the badge's picture, by URL, with a caption.
type Image struct {
	ID      string `json:"id"`
	Type    string `json:"type"` // always "Image"
	Caption string `json:"caption,omitempty"`
}

// Criteria says what earning the achievement takes.
type Criteria struct {
	ID        string `json:"id,omitempty"`
	Narrative string `json:"narrative,omitempty"`
}

// Alignment links the achievement to a competency of a framework (e.g. an ESCO skill).
type Alignment struct {
	Type            []string `json:"type"`
	TargetName      string   `json:"targetName"`
	TargetURL       string   `json:"targetUrl"`
	TargetFramework string   `json:"targetFramework,omitempty"`
	TargetCode      string   `json:"targetCode,omitempty"`
	// TargetDescription carries the level the competency is certified at.
	TargetDescription string `json:"targetDescription,omitempty"`
	TargetType        string `json:"targetType,omitempty"`
}

// IdentifierEntry is another identifier of the achievement.
type IdentifierEntry struct {
	Type           string `json:"type"`
	Identifier     string `json:"identifier"`
	IdentifierType string `json:"identifierType"`
}

// ResultDescription describes a result the achievement records.
type ResultDescription struct {
	ID         string   `json:"id"`
	Type       []string `json:"type"`
	Name       string   `json:"name"`
	ResultType string   `json:"resultType"`
}

// Result is the learner's result.
type Result struct {
	Type              []string `json:"type"`
	ResultDescription string   `json:"resultDescription,omitempty"`
	Value             string   `json:"value,omitempty"`
	Status            string   `json:"status,omitempty"`
}

// Evidence backs the achievement: a URL, or a narrative.
type Evidence struct {
	ID        string   `json:"id,omitempty"`
	Type      []string `json:"type"`
	Narrative string   `json:"narrative,omitempty"`
}

// MicroCredentialElements are the EU micro-credential standard elements (Council
// Recommendation of 16 June 2022) that OB 3.0 has no property for, and a copy of those it has,
// so that a reader finds them all in one place. Under the VC 2.0 context these terms expand in
// the issuer-dependent vocabulary.
type MicroCredentialElements struct {
	Type             string   `json:"type"`
	Learner          string   `json:"learner,omitempty"`
	Title            string   `json:"title"`
	Country          string   `json:"country,omitempty"`
	AwardingBody     string   `json:"awardingBody"`
	DateOfIssue      string   `json:"dateOfIssue"`
	LearningOutcomes []string `json:"learningOutcomes,omitempty"`
	WorkloadHours    float64  `json:"workloadHours,omitempty"`
	ECTS             float64  `json:"ects,omitempty"`
	EQFLevel         int      `json:"eqfLevel,omitempty"`
	AssessmentTypes  []string `json:"assessmentTypes,omitempty"`
	// FormOfParticipation is ONSITE, REMOTE or BLENDED.
	FormOfParticipation string   `json:"formOfParticipation,omitempty"`
	QualityAssurance    string   `json:"qualityAssurance,omitempty"`
	Language            string   `json:"language,omitempty"`
	PartialValidation   bool     `json:"partialValidation,omitempty"`
	Prerequisites       []string `json:"prerequisites,omitempty"`
	// Stackability says what the achievement stacks into, or what stacks into it.
	Stackability []string `json:"stackability,omitempty"`
}

// microCredentialElementsType is the type of the extension object.
const microCredentialElementsType = "EUMicroCredentialElements"

// StatusEntry is a W3C Bitstring Status List entry.
type StatusEntry struct {
	ID                   string `json:"id"`
	Type                 string `json:"type"`
	StatusPurpose        string `json:"statusPurpose"`
	StatusListIndex      string `json:"statusListIndex"`
	StatusListCredential string `json:"statusListCredential"`
}

// statusEntryType is the type of a credential's status entry.
const statusEntryType = "BitstringStatusListEntry"
