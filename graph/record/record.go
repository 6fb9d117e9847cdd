// Package record is how stores keep nodes: one record type per node kind, with field names of
// its own, so that the stored form and the content hash do not follow the domain types' JSON
// (which is the API's). A change to a record type is a new Version, and every store that keeps
// records adds a migration step that upgrades what older versions wrote.
//
// Version 1 is the layout of the first stores, which kept the domain's JSON: records of this
// version encode, byte for byte, as those stores wrote nodes, so that files and graphs written
// then decode unchanged and content hashes (which tell unchanged nodes on import, and which
// issued badges were compared against) keep their values.
package record

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// Version is the layout of the records this package encodes.
const Version = 1

// meta is what every record holds.
type meta struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// clearTimes leaves a record's content alone, for Hash.
func (m *meta) clearTimes() { m.CreatedAt, m.UpdatedAt = time.Time{}, time.Time{} }

func metaOf(m graph.Meta) meta { return meta{ID: m.ID, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt} }
func (m meta) node() graph.Meta {
	return graph.Meta{ID: m.ID, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

type competency struct {
	meta
	Name         string   `json:"name"`
	Description  string   `json:"description,omitempty"`
	AltLabels    []string `json:"altLabels,omitempty"`
	Type         string   `json:"type,omitempty"`
	ReuseLevel   string   `json:"reuseLevel,omitempty"`
	FrameworkID  string   `json:"frameworkId,omitempty"`
	AlignmentURI string   `json:"alignmentUri,omitempty"`
	Code         string   `json:"code,omitempty"`
	// Names are the name in other languages (Competency.Names); absent from the records of
	// nodes without them, so that their content hashes are those of version 1.
	Names map[string]string `json:"names,omitempty"`
}

type framework struct {
	meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	Attribution string `json:"attribution,omitempty"`
}

type organization struct {
	meta
	Name        string `json:"name"`
	Kind        string `json:"kind,omitempty"`
	Description string `json:"description,omitempty"`
	Country     string `json:"country,omitempty"`
	URL         string `json:"url,omitempty"`
	Email       string `json:"email,omitempty"`
}

type credential struct {
	meta
	Title             string   `json:"title"`
	Description       string   `json:"description,omitempty"`
	Outcomes          []string `json:"outcomes,omitempty"`
	Hours             float64  `json:"hours"`
	ECTS              float64  `json:"ects,omitempty"`
	EQFLevel          int      `json:"eqfLevel,omitempty"`
	Modality          string   `json:"modality"`
	AssessmentTypes   []string `json:"assessmentTypes,omitempty"`
	Language          string   `json:"language"`
	Price             float64  `json:"price"`
	Currency          string   `json:"currency,omitempty"`
	OrganizationID    string   `json:"organizationId"`
	QualityAssurance  string   `json:"qualityAssurance,omitempty"`
	PartialValidation bool     `json:"partialValidation,omitempty"`
	RetakesAllowed    int      `json:"retakesAllowed,omitempty"`
	RetakePolicy      string   `json:"retakePolicy,omitempty"`
	ValidityMonths    int      `json:"validityMonths,omitempty"`
	Country           string   `json:"country,omitempty"`
	URL               string   `json:"url,omitempty"`
}

type rule struct {
	Kind  string  `json:"kind"`
	Count int     `json:"count,omitempty"`
	Min   float64 `json:"min,omitempty"`
}

type block struct {
	meta
	Title          string   `json:"title"`
	Description    string   `json:"description,omitempty"`
	Rule           rule     `json:"rule"`
	Components     []string `json:"components"`
	Certification  bool     `json:"certification,omitempty"`
	OrganizationID string   `json:"organizationId,omitempty"`
	Code           string   `json:"code,omitempty"`
}

type jobRole struct {
	meta
	Title          string   `json:"title"`
	Description    string   `json:"description,omitempty"`
	AltLabels      []string `json:"altLabels,omitempty"`
	ISCOGroup      string   `json:"iscoGroup,omitempty"`
	AlignmentURI   string   `json:"alignmentUri,omitempty"`
	Code           string   `json:"code,omitempty"`
	FrameworkID    string   `json:"frameworkId,omitempty"`
	OrganizationID string   `json:"organizationId,omitempty"`
	// Titles are the title in other languages (JobRole.Titles), as competency.Names.
	Titles map[string]string `json:"titles,omitempty"`
}

type constraints struct {
	HoursPerWeek  float64    `json:"hoursPerWeek,omitempty"`
	MaxBudget     *float64   `json:"maxBudget,omitempty"`
	MaxTotalHours *float64   `json:"maxTotalHours,omitempty"`
	Modalities    []string   `json:"modalities,omitempty"`
	Languages     []string   `json:"languages,omitempty"`
	Deadline      *time.Time `json:"deadline,omitempty"`
}

type learner struct {
	meta
	Name                string      `json:"name"`
	Email               string      `json:"email,omitempty"`
	Country             string      `json:"country,omitempty"`
	Headline            string      `json:"headline,omitempty"`
	OpenToOpportunities bool        `json:"openToOpportunities,omitempty"`
	AdvisorID           string      `json:"advisorId,omitempty"`
	Constraints         constraints `json:"constraints"`
	InProgress          []string    `json:"inProgress,omitempty"`
}

type achievement struct {
	meta
	LearnerID      string     `json:"learnerId"`
	CredentialID   string     `json:"credentialId,omitempty"`
	BlockID        string     `json:"blockId,omitempty"`
	IssuedAt       time.Time  `json:"issuedAt"`
	ValidUntil     *time.Time `json:"validUntil,omitempty"`
	Status         string     `json:"status"`
	StatusReason   string     `json:"statusReason,omitempty"`
	Partial        bool       `json:"partial,omitempty"`
	Result         string     `json:"result,omitempty"`
	Evidence       []string   `json:"evidence,omitempty"`
	IdempotencyKey string     `json:"idempotencyKey,omitempty"`
	BadgeJWT       string     `json:"badgeJwt,omitempty"`
	StatusList     string     `json:"statusList,omitempty"`
	StatusIndex    int        `json:"statusIndex,omitempty"`
	Visibility     string     `json:"visibility,omitempty"`
}

// strs and typed convert between lists of a string type and of strings, keeping nil as nil.
func strs[T ~string](in []T) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

func typed[T ~string](in []string) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = T(v)
	}
	return out
}

// of returns the record of n; nil for a node of no known kind.
func of(n graph.Node) any {
	switch v := n.(type) {
	case *graph.Competency:
		return &competency{metaOf(v.Meta), v.Name, v.Description, v.AltLabels, string(v.Type), string(v.ReuseLevel),
			v.FrameworkID, v.AlignmentURI, v.Code, v.Names}
	case *graph.Framework:
		return &framework{metaOf(v.Meta), v.Name, v.Description, v.URI, v.Version, v.Publisher, v.Attribution}
	case *graph.Organization:
		return &organization{metaOf(v.Meta), v.Name, string(v.Kind), v.Description, v.Country, v.URL, v.Email}
	case *graph.Credential:
		return &credential{metaOf(v.Meta), v.Title, v.Description, v.Outcomes, v.Hours, v.ECTS, v.EQFLevel,
			string(v.Modality), strs(v.AssessmentTypes), v.Language, v.Price, v.Currency, v.OrganizationID,
			v.QualityAssurance, v.PartialValidation, v.RetakesAllowed, v.RetakePolicy, v.ValidityMonths, v.Country, v.URL}
	case *graph.Block:
		return &block{metaOf(v.Meta), v.Title, v.Description, rule{string(v.Rule.Kind), v.Rule.Count, v.Rule.Min},
			v.Components, v.Certification, v.OrganizationID, v.Code}
	case *graph.JobRole:
		return &jobRole{metaOf(v.Meta), v.Title, v.Description, v.AltLabels, v.ISCOGroup, v.AlignmentURI, v.Code,
			v.FrameworkID, v.OrganizationID, v.Titles}
	case *graph.Learner:
		c := v.Constraints
		return &learner{metaOf(v.Meta), v.Name, v.Email, v.Country, v.Headline, v.OpenToOpportunities, v.AdvisorID,
			constraints{c.HoursPerWeek, c.MaxBudget, c.MaxTotalHours, strs(c.Modalities), c.Languages, c.Deadline},
			v.InProgress}
	case *graph.Achievement:
		return &achievement{metaOf(v.Meta), v.LearnerID, v.CredentialID, v.BlockID, v.IssuedAt, v.ValidUntil,
			string(v.Status), v.StatusReason, v.Partial, v.Result, v.Evidence, v.IdempotencyKey, v.BadgeJWT,
			v.StatusList, v.StatusIndex, string(v.Visibility)}
	}
	return nil
}

// empty returns a new record of kind k to decode into; nil for an unknown kind.
func empty(k graph.Kind) any {
	switch k {
	case graph.KindCompetency:
		return &competency{}
	case graph.KindFramework:
		return &framework{}
	case graph.KindOrganization:
		return &organization{}
	case graph.KindCredential:
		return &credential{}
	case graph.KindBlock:
		return &block{}
	case graph.KindJobRole:
		return &jobRole{}
	case graph.KindLearner:
		return &learner{}
	case graph.KindAchievement:
		return &achievement{}
	}
	return nil
}

// node returns the domain node a decoded record holds.
func node(r any) graph.Node {
	switch v := r.(type) {
	case *competency:
		return &graph.Competency{Meta: v.node(), Name: v.Name, Description: v.Description, AltLabels: v.AltLabels,
			Type: graph.CompetencyType(v.Type), ReuseLevel: graph.ReuseLevel(v.ReuseLevel), FrameworkID: v.FrameworkID,
			AlignmentURI: v.AlignmentURI, Code: v.Code, Names: v.Names}
	case *framework:
		return &graph.Framework{Meta: v.node(), Name: v.Name, Description: v.Description, URI: v.URI, Version: v.Version,
			Publisher: v.Publisher, Attribution: v.Attribution}
	case *organization:
		return &graph.Organization{Meta: v.node(), Name: v.Name, Kind: graph.OrganizationKind(v.Kind),
			Description: v.Description, Country: v.Country, URL: v.URL, Email: v.Email}
	case *credential:
		return &graph.Credential{Meta: v.node(), Title: v.Title, Description: v.Description, Outcomes: v.Outcomes,
			Hours: v.Hours, ECTS: v.ECTS, EQFLevel: v.EQFLevel, Modality: graph.Modality(v.Modality),
			AssessmentTypes: typed[graph.AssessmentType](v.AssessmentTypes), Language: v.Language, Price: v.Price,
			Currency: v.Currency, OrganizationID: v.OrganizationID, QualityAssurance: v.QualityAssurance,
			PartialValidation: v.PartialValidation, RetakesAllowed: v.RetakesAllowed, RetakePolicy: v.RetakePolicy,
			ValidityMonths: v.ValidityMonths, Country: v.Country, URL: v.URL}
	case *block:
		return &graph.Block{Meta: v.node(), Title: v.Title, Description: v.Description,
			Rule:       graph.Rule{Kind: graph.RuleKind(v.Rule.Kind), Count: v.Rule.Count, Min: v.Rule.Min},
			Components: v.Components, Certification: v.Certification, OrganizationID: v.OrganizationID, Code: v.Code}
	case *jobRole:
		return &graph.JobRole{Meta: v.node(), Title: v.Title, Description: v.Description, AltLabels: v.AltLabels,
			ISCOGroup: v.ISCOGroup, AlignmentURI: v.AlignmentURI, Code: v.Code, FrameworkID: v.FrameworkID,
			OrganizationID: v.OrganizationID, Titles: v.Titles}
	case *learner:
		c := v.Constraints
		return &graph.Learner{Meta: v.node(), Name: v.Name, Email: v.Email, Country: v.Country, Headline: v.Headline,
			OpenToOpportunities: v.OpenToOpportunities, AdvisorID: v.AdvisorID,
			Constraints: graph.Constraints{HoursPerWeek: c.HoursPerWeek, MaxBudget: c.MaxBudget,
				MaxTotalHours: c.MaxTotalHours, Modalities: typed[graph.Modality](c.Modalities), Languages: c.Languages,
				Deadline: c.Deadline},
			InProgress: v.InProgress}
	case *achievement:
		return &graph.Achievement{Meta: v.node(), LearnerID: v.LearnerID, CredentialID: v.CredentialID,
			BlockID: v.BlockID, IssuedAt: v.IssuedAt, ValidUntil: v.ValidUntil, Status: graph.AchievementStatus(v.Status),
			StatusReason: v.StatusReason, Partial: v.Partial, Result: v.Result, Evidence: v.Evidence,
			IdempotencyKey: v.IdempotencyKey, BadgeJWT: v.BadgeJWT, StatusList: v.StatusList,
			StatusIndex: v.StatusIndex, Visibility: graph.BadgeVisibility(v.Visibility)}
	}
	return nil
}

// Encode returns the stored form of n: its record as JSON.
func Encode(n graph.Node) ([]byte, error) {
	r := of(n)
	if r == nil {
		return nil, fmt.Errorf("record.Encode: no record for %T", n)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("record.Encode %s %q: %w", n.NodeKind(), n.NodeID(), err)
	}
	return b, nil
}

// Decode returns the node of kind k that data, a record of this Version, holds. Fields a record
// does not know are ignored.
func Decode(k graph.Kind, data []byte) (graph.Node, error) {
	r := empty(k)
	if r == nil {
		return nil, fmt.Errorf("record.Decode: unknown kind %q", k)
	}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("record.Decode %s: %w", k, err)
	}
	return node(r), nil
}

// Hash is a digest of a node's content without its timestamps: equal hashes mean that an
// upsert would change nothing. It is taken over the node's record, so it changes only when
// the content does, not when the API's encoding does.
func Hash(n graph.Node) string {
	r := of(n)
	if r == nil {
		return ""
	}
	r.(interface{ clearTimes() }).clearTimes()
	b, _ := json.Marshal(r) // records hold nothing json cannot encode
	sum := sha256.Sum256(append([]byte(n.NodeKind()), b...))
	return hex.EncodeToString(sum[:16])
}
