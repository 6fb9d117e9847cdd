package graph

import (
	"time"
)

// Limits on sizes, checked by Validate.
const (
	MaxNameLen        = 300
	MaxDescriptionLen = 10000
	MaxLabels         = 200
	MaxTranslations   = 30  // languages of a name
	MaxListItems      = 100 // outcomes, assessment types, evidence, modalities...
	MaxIDLen          = 200
	MinLevel          = 1 // competency levels: 1 = aware ... 5 = expert
	MaxLevel          = 5
	MaxEQF            = 8
	MaxHours          = 100000
	MaxECTS           = 480
	MaxPrice          = 10000000
)

// CompetencyType says what a competency is.
type CompetencyType string

const (
	CompetencyTypeSkill     CompetencyType = "SKILL"
	CompetencyTypeKnowledge CompetencyType = "KNOWLEDGE"
	CompetencyTypeGroup     CompetencyType = "GROUP" // a node of a hierarchy that groups others
	CompetencyTypeUnknown   CompetencyType = ""      // the framework does not say
)

// ReuseLevel says how widely a competency applies (ESCO's reuse levels).
type ReuseLevel string

const (
	ReuseTransversal        ReuseLevel = "TRANSVERSAL"
	ReuseCrossSector        ReuseLevel = "CROSS_SECTOR"
	ReuseSectorSpecific     ReuseLevel = "SECTOR_SPECIFIC"
	ReuseOccupationSpecific ReuseLevel = "OCCUPATION_SPECIFIC"
	ReuseUnknown            ReuseLevel = ""
)

// Competency is a skill, knowledge item or transversal skill, usually from a framework.
// Broader/narrower and related competencies are relationships (RelBroader, RelRelated).
type Competency struct {
	Meta
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	AltLabels   []string `json:"altLabels,omitempty"`
	// Names are the name in other languages, by ISO 639-1 code (e.g. "fr"), where the
	// framework has them (ESCO's French labels); Name is the English one.
	Names        map[string]string `json:"names,omitempty"`
	Type         CompetencyType    `json:"type,omitempty"`
	ReuseLevel   ReuseLevel        `json:"reuseLevel,omitempty"`
	FrameworkID  string            `json:"frameworkId,omitempty"`
	AlignmentURI string            `json:"alignmentUri,omitempty"` // e.g. the ESCO concept URI
	Code         string            `json:"code,omitempty"`         // the framework's own code, if any
}

// Framework is a recognised set of competencies and roles: ESCO, a sector référentiel, an
// employer's own.
type Framework struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	Attribution string `json:"attribution,omitempty"` // the sentence any display must show
}

// OrganizationKind says what an organisation is.
type OrganizationKind string

const (
	OrgUniversity       OrganizationKind = "UNIVERSITY"
	OrgVocationalSchool OrganizationKind = "VOCATIONAL_SCHOOL"
	OrgOnlineAcademy    OrganizationKind = "ONLINE_ACADEMY"
	OrgEmployer         OrganizationKind = "EMPLOYER"
	OrgProfessionalBody OrganizationKind = "PROFESSIONAL_BODY"
	OrgOther            OrganizationKind = "OTHER"
)

// Organization awards credentials or offers job roles.
type Organization struct {
	Meta
	Name        string           `json:"name"`
	Kind        OrganizationKind `json:"kind,omitempty"`
	Description string           `json:"description,omitempty"`
	Country     string           `json:"country,omitempty"` // ISO 3166-1 alpha-2
	URL         string           `json:"url,omitempty"`
	Email       string           `json:"email,omitempty"`
}

// Modality is a credential's form of participation.
type Modality string

const (
	ModalityOnSite  Modality = "ONSITE"  // présentiel
	ModalityRemote  Modality = "REMOTE"  // distanciel
	ModalityBlended Modality = "BLENDED" // hybride
)

// AssessmentType is how a credential's outcomes are assessed.
type AssessmentType string

const (
	AssessmentSimulation AssessmentType = "SIMULATION" // mise en situation
	AssessmentCaseStudy  AssessmentType = "CASE_STUDY"
	AssessmentProject    AssessmentType = "PROJECT"
	AssessmentExam       AssessmentType = "EXAM"
	AssessmentPortfolio  AssessmentType = "PORTFOLIO"
)

// Credential is a micro-credential: a short learning unit that certifies competencies
// (RelCertifies, with a level) after an assessment. Prerequisites are RelPrerequisite and
// RelRequiresCompetency relationships.
type Credential struct {
	Meta
	Title             string           `json:"title"`
	Description       string           `json:"description,omitempty"`
	Outcomes          []string         `json:"outcomes,omitempty"` // learning outcomes
	Hours             float64          `json:"hours"`              // workload
	ECTS              float64          `json:"ects,omitempty"`
	EQFLevel          int              `json:"eqfLevel,omitempty"` // 1-8; 0 when not stated
	Modality          Modality         `json:"modality"`
	AssessmentTypes   []AssessmentType `json:"assessmentTypes,omitempty"`
	Language          string           `json:"language"` // ISO 639-1, e.g. "fr"
	Price             float64          `json:"price"`    // in Currency
	Currency          string           `json:"currency,omitempty"`
	OrganizationID    string           `json:"organizationId"` // the awarding body
	QualityAssurance  string           `json:"qualityAssurance,omitempty"`
	PartialValidation bool             `json:"partialValidation,omitempty"` // parts can be validated separately
	RetakesAllowed    int              `json:"retakesAllowed,omitempty"`    // -1 = unlimited
	RetakePolicy      string           `json:"retakePolicy,omitempty"`
	ValidityMonths    int              `json:"validityMonths,omitempty"` // 0 = does not expire
	Country           string           `json:"country,omitempty"`
	URL               string           `json:"url,omitempty"`
}

// RuleKind is a block's stacking rule.
type RuleKind string

const (
	RuleAll      RuleKind = "ALL"       // every component
	RuleAtLeast  RuleKind = "AT_LEAST"  // at least Count components
	RuleMinECTS  RuleKind = "MIN_ECTS"  // components worth at least Min ECTS
	RuleMinHours RuleKind = "MIN_HOURS" // components worth at least Min hours
)

// Rule says when a block's components complete it. For MIN_ECTS and MIN_HOURS a nested block
// counts for the total of the credentials under it.
type Rule struct {
	Kind  RuleKind `json:"kind"`
	Count int      `json:"count,omitempty"` // AT_LEAST
	Min   float64  `json:"min,omitempty"`   // MIN_ECTS, MIN_HOURS
}

// Block is a bloc de compétences: credentials and nested blocks stacked under a rule. A
// certification is a block whose components are blocks. Components are kept in order.
type Block struct {
	Meta
	Title          string   `json:"title"`
	Description    string   `json:"description,omitempty"`
	Rule           Rule     `json:"rule"`
	Components     []string `json:"components"` // ids of credentials or blocks (RelComprises)
	Certification  bool     `json:"certification,omitempty"`
	OrganizationID string   `json:"organizationId,omitempty"`
	Code           string   `json:"code,omitempty"` // e.g. an RNCP block code
}

// JobRole is an occupation or an employer's own role. Its requirements are RelRoleRequires
// relationships to competencies.
type JobRole struct {
	Meta
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	AltLabels   []string `json:"altLabels,omitempty"`
	// Titles are the title in other languages, by ISO 639-1 code, as Competency.Names.
	Titles         map[string]string `json:"titles,omitempty"`
	ISCOGroup      string            `json:"iscoGroup,omitempty"`
	AlignmentURI   string            `json:"alignmentUri,omitempty"`
	Code           string            `json:"code,omitempty"`
	FrameworkID    string            `json:"frameworkId,omitempty"`
	OrganizationID string            `json:"organizationId,omitempty"` // the employer offering it
}

// Constraints are what a learner can give to a pathway.
type Constraints struct {
	HoursPerWeek  float64    `json:"hoursPerWeek,omitempty"`
	MaxBudget     *float64   `json:"maxBudget,omitempty"`
	MaxTotalHours *float64   `json:"maxTotalHours,omitempty"`
	Modalities    []Modality `json:"modalities,omitempty"` // empty: any
	Languages     []string   `json:"languages,omitempty"`  // empty: any
	Deadline      *time.Time `json:"deadline,omitempty"`
}

// Learner is a person with competencies (RelHas), achievements, targets (RelTargets) and
// constraints.
type Learner struct {
	Meta
	Name                string      `json:"name"`
	Email               string      `json:"email,omitempty"`
	Country             string      `json:"country,omitempty"`
	Headline            string      `json:"headline,omitempty"`
	OpenToOpportunities bool        `json:"openToOpportunities,omitempty"` // employers may find them
	AdvisorID           string      `json:"advisorId,omitempty"`           // the advisor's subject id
	Constraints         Constraints `json:"constraints"`
	InProgress          []string    `json:"inProgress,omitempty"` // credential ids being taken
}

// AchievementStatus is an achievement's state.
type AchievementStatus string

const (
	StatusValid     AchievementStatus = "VALID"
	StatusRevoked   AchievementStatus = "REVOKED"
	StatusSuspended AchievementStatus = "SUSPENDED"
	StatusExpired   AchievementStatus = "EXPIRED"
)

// BadgeVisibility is who may fetch an achievement's badge at its public URL, as its learner
// chose. Empty means UNLISTED.
type BadgeVisibility string

const (
	// VisibilityPublic: anyone, and search engines may index its page.
	VisibilityPublic BadgeVisibility = "PUBLIC"
	// VisibilityUnlisted: anyone with the link (ids are random); pages ask not to be indexed.
	VisibilityUnlisted BadgeVisibility = "UNLISTED"
	// VisibilityPrivate: nobody; the public routes answer as for a badge that does not exist.
	// The learner still holds the badge and can hand its JWT to whoever they choose.
	VisibilityPrivate BadgeVisibility = "PRIVATE"
)

// Achievement is one learner's earned credential or block. Exactly one of CredentialID and
// BlockID is set.
type Achievement struct {
	Meta
	LearnerID      string            `json:"learnerId"`
	CredentialID   string            `json:"credentialId,omitempty"`
	BlockID        string            `json:"blockId,omitempty"`
	IssuedAt       time.Time         `json:"issuedAt"`
	ValidUntil     *time.Time        `json:"validUntil,omitempty"`
	Status         AchievementStatus `json:"status"`
	StatusReason   string            `json:"statusReason,omitempty"`
	Partial        bool              `json:"partial,omitempty"` // a partial validation
	Result         string            `json:"result,omitempty"`
	Evidence       []string          `json:"evidence,omitempty"`
	IdempotencyKey string            `json:"idempotencyKey,omitempty"`
	BadgeJWT       string            `json:"badgeJwt,omitempty"`
	// StatusList and StatusIndex place the badge in a published status list (revocation and
	// suspension); set when the badge is signed. Indexes start at 1.
	StatusList  string `json:"statusList,omitempty"`
	StatusIndex int    `json:"statusIndex,omitempty"`
	// Visibility of the badge at its public URL, chosen by the learner.
	Visibility BadgeVisibility `json:"visibility,omitempty"`
}

// EffectiveVisibility returns the achievement's visibility, UNLISTED when unset.
func (n *Achievement) EffectiveVisibility() BadgeVisibility {
	if n.Visibility == "" {
		return VisibilityUnlisted
	}
	return n.Visibility
}

func (*Competency) NodeKind() Kind   { return KindCompetency }
func (*Framework) NodeKind() Kind    { return KindFramework }
func (*Organization) NodeKind() Kind { return KindOrganization }
func (*Credential) NodeKind() Kind   { return KindCredential }
func (*Block) NodeKind() Kind        { return KindBlock }
func (*JobRole) NodeKind() Kind      { return KindJobRole }
func (*Learner) NodeKind() Kind      { return KindLearner }
func (*Achievement) NodeKind() Kind  { return KindAchievement }

func (n *Competency) DisplayName() string   { return n.Name }
func (n *Framework) DisplayName() string    { return n.Name }
func (n *Organization) DisplayName() string { return n.Name }
func (n *Credential) DisplayName() string   { return n.Title }
func (n *Block) DisplayName() string        { return n.Title }
func (n *JobRole) DisplayName() string      { return n.Title }
func (n *Learner) DisplayName() string      { return n.Name }
func (n *Achievement) DisplayName() string  { return n.ID }

// SubjectID is the credential or block the achievement is of.
func (n *Achievement) SubjectID() string {
	if n.CredentialID != "" {
		return n.CredentialID
	}
	return n.BlockID
}

func refs(rs ...Ref) []Ref {
	out := rs[:0]
	for _, r := range rs {
		if r.ID != "" {
			out = append(out, r)
		}
	}
	return out
}

func (n *Competency) Refs() []Ref {
	return refs(Ref{"frameworkId", KindFramework, n.FrameworkID})
}
func (n *Framework) Refs() []Ref    { return nil }
func (n *Organization) Refs() []Ref { return nil }
func (n *Credential) Refs() []Ref {
	return refs(Ref{"organizationId", KindOrganization, n.OrganizationID})
}
func (n *Block) Refs() []Ref {
	return refs(Ref{"organizationId", KindOrganization, n.OrganizationID})
}
func (n *JobRole) Refs() []Ref {
	return refs(Ref{"frameworkId", KindFramework, n.FrameworkID},
		Ref{"organizationId", KindOrganization, n.OrganizationID})
}
func (n *Learner) Refs() []Ref {
	rs := make([]Ref, 0, len(n.InProgress))
	for i, id := range n.InProgress {
		rs = append(rs, Ref{Field: fieldIndex("inProgress", i), Kind: KindCredential, ID: id})
	}
	return rs
}
func (n *Achievement) Refs() []Ref {
	return refs(Ref{"learnerId", KindLearner, n.LearnerID},
		Ref{"credentialId", KindCredential, n.CredentialID},
		Ref{"blockId", KindBlock, n.BlockID})
}

// Localized returns a name in lang from its translations, or the default (English) name when
// there is none.
func Localized(name string, translations map[string]string, lang string) string {
	if t := translations[lang]; t != "" {
		return t
	}
	return name
}
