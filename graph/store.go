package graph

import (
	"context"
	"fmt"
	"time"
)

// Store is the skills graph's storage. Every implementation passes the conformance suite in
// graph/storetest; the comments below are the contract it checks.
//
// Errors are domain errors (see ErrorCode): EINVALID naming the field at fault, ENOTFOUND,
// ECONFLICT, EUNAVAILABLE when a store on a server cannot reach it (answered at once while it
// stays unreachable), or EINTERNAL for other failures of the store itself. A call that fails
// changes nothing.
type Store interface {
	// Get returns the node of kind k with id. ENOTFOUND when there is none of that kind.
	Get(ctx context.Context, k Kind, id string) (Node, error)

	// GetMany returns the nodes of kind k with the given ids, keyed by id; ids that do not
	// exist are absent from the map (no error). Duplicate ids are fine. For dataloaders.
	GetMany(ctx context.Context, k Kind, ids []string) (map[string]Node, error)

	// List returns one page of the nodes of kind k that match opts.Filter, in opts.OrderBy
	// order. EINVALID for a malformed cursor ("after"/"before"), a filter that does not apply
	// to k ("filter.<field>"), a bad order field ("orderBy") or page size ("first"/"last").
	List(ctx context.Context, k Kind, opts ListOptions) (*Page, error)

	// Search returns nodes of the searchable kinds whose name, alternative labels or
	// description contain every term of q.Text (SearchTerms: case and accents folded) as a
	// word prefix, best first by SearchRanker's score, which each hit carries: the name or a
	// label equal to the query, then starting with it, then holding every term, then the
	// rest. Ties are broken by name, then id. EINVALID ("query")
	// when q.Text holds no term, ("kinds") for a kind that is not searchable, ("limit") for
	// a limit outside 0..MaxSearchLimit (0 means DefaultSearchLimit).
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)

	// Create stores a new node and returns it as stored: with an id (NewID when empty) and
	// timestamps. EINVALID when it does not validate or a to-one reference or block
	// component does not exist (naming the field), or a block's rule cannot be satisfied or
	// its components would form a cycle; ECONFLICT when a node of any kind has that id, or
	// ("idempotencyKey") when the achievement's learner already has one with its
	// idempotency key (checked atomically, so concurrent issues create one achievement).
	Create(ctx context.Context, n Node) (Node, error)

	// CreateWithEdges stores a new node, as Create, with edges from it, as Link, in one
	// transaction: all of it is written or none. Each edge's From is the node's id, or empty
	// for the id Create gives it; of several edges of one type to one node, the last is kept.
	// EINVALID and ECONFLICT as Create; EINVALID ("edges[i]") for an edge that does not
	// validate, is of type COMPRISES (a block names its components) or does not start at the
	// node's kind, ("edges[i].from") for another From, ("edges[i].to") when its end does not
	// exist or has the wrong kind.
	CreateWithEdges(ctx context.Context, n Node, edges []Edge) (Node, error)

	// Update replaces the stored node with n (matched by kind and id), keeps CreatedAt,
	// sets UpdatedAt and returns it as stored. ENOTFOUND when it does not exist; EINVALID as
	// for Create; ECONFLICT (see CheckAchievementUpdate) when it would change an issued
	// badge or reinstate a revoked achievement, checked atomically with the write.
	Update(ctx context.Context, n Node) (Node, error)

	// Delete removes the node and every edge at it. ENOTFOUND when it does not exist;
	// ECONFLICT when another node refers to it through a field (a credential's awarding body,
	// a competency's or role's framework, a role's or block's organisation, an achievement's
	// learner or subject, a learner's in-progress credential, a block's component), or when
	// it is an issued achievement (CheckAchievementDelete).
	Delete(ctx context.Context, k Kind, id string) error

	// Link creates the edge, or replaces the properties of the existing edge of that type
	// between the same two nodes, after Normalize. For RelComprises it appends the component
	// to the block (no-op when present). EINVALID when the edge does not validate, an end
	// does not exist or has the wrong kind ("from"/"to"), or an acyclic type would close a
	// cycle ("to").
	Link(ctx context.Context, e Edge) error

	// Unlink removes the edge of type t from one node to another. ENOTFOUND when there is no
	// such edge. For RelComprises it removes the component from the block; EINVALID
	// ("components") when the block's rule could no longer be satisfied.
	Unlink(ctx context.Context, t RelType, from, to string) error

	// Edges returns the edges of type t at each of ids, seen from dir, that f keeps, keyed by
	// the given id (ids without such edges are absent). Edges are ordered by the other end's
	// id, except outgoing RelComprises edges, which follow the block's component order.
	// EINVALID ("filter.importance", "filter.minLevel") for a filter the type does not carry
	// (see EdgeFilter.Check). For dataloaders.
	Edges(ctx context.Context, t RelType, dir Direction, ids []string, f EdgeFilter) (map[string][]Edge, error)

	// BulkUpsert writes a batch in one transaction: nodes are created, or replaced when they
	// exist (a node whose content is unchanged keeps its UpdatedAt), then edges are linked as
	// by Link. References may point at nodes of the same batch. Everything is validated
	// first; on any error nothing of the batch is written, and the error names the item
	// ("nodes[3].name", "edges[7].to"). An achievement replacing an issued one keeps its
	// badge (see KeepBadge): ECONFLICT when it would change it otherwise. For imports, and,
	// with Batch.CreateOnly, for creating nodes with their relationships at once: then
	// ECONFLICT ("nodes[2].id") when a node of any kind has the id of a node of the batch, or
	// the batch names it twice, checked atomically with the write.
	BulkUpsert(ctx context.Context, b Batch) (BulkResult, error)

	// PathwayContext returns in one read everything the pathway engine needs for a learner
	// and a target role. ENOTFOUND when either does not exist.
	PathwayContext(ctx context.Context, learnerID, roleID string) (*PathwayContext, error)

	// Stats counts nodes per kind and edges per type (every kind and type present, zeros
	// included).
	Stats(ctx context.Context) (*Stats, error)

	// NextSequence returns the next value of the named sequence: one more than the last
	// value it returned, or floor+1 when floor is higher (to seed a sequence from data that
	// predates it). Every caller of one database, in any process, gets distinct values, so
	// that two servers never hand out one status list position twice. EINVALID ("name") for
	// an empty name.
	NextSequence(ctx context.Context, name string, floor int64) (int64, error)

	// KeySet returns the badge signing key set last saved by SaveKeySet, in any process
	// sharing the store. ENOTFOUND when none was saved.
	KeySet(ctx context.Context) (KeySet, error)

	// SaveKeySet replaces the key set's data when the stored set's version is prev ("" when
	// none is stored), and returns the set as stored, with a new version: a compare-and-set,
	// so that two processes rotating keys at once cannot lose one. ECONFLICT ("version") when
	// the stored version is not prev; EINVALID ("data") for empty data or data over
	// MaxKeySetSize.
	SaveKeySet(ctx context.Context, data []byte, prev string) (KeySet, error)

	// Versions returns tokens that change whenever a write, through this store or any other
	// sharing its database, changes the catalogue or personal data (see Versions).
	Versions(ctx context.Context) (Versions, error)

	// Ping checks that the store can serve requests.
	Ping(ctx context.Context) error

	// Close releases the store's resources.
	Close() error
}

// Page sizes.
const (
	DefaultPageSize    = 20
	MaxPageSize        = 1000
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
)

// ListOptions select, order and page a List.
//
// Paging is by opaque keyset cursors: First with optional After pages forward, Last with
// optional Before pages backward (the page's items are still in OrderBy order). Setting both
// First and Last is EINVALID; with neither, First is DefaultPageSize. Sizes above
// MaxPageSize or below zero are EINVALID. A cursor from a List with another OrderBy is
// EINVALID. A cursor stays valid after its node is deleted.
type ListOptions struct {
	Filter  Filter
	OrderBy OrderBy
	First   int
	After   string
	Last    int
	Before  string
	// SkipTotal says that the caller has no use for Page.TotalCount, which is then -1:
	// counting every match is most of the cost of a filtered page.
	SkipTotal bool
}

// OrderField is what a List sorts by; ties are always broken by id.
type OrderField string

const (
	OrderByName      OrderField = "NAME" // name or title, byte-wise; the default
	OrderByID        OrderField = "ID"
	OrderByCreatedAt OrderField = "CREATED_AT"
	OrderByUpdatedAt OrderField = "UPDATED_AT"
	OrderByHours     OrderField = "HOURS"     // credentials
	OrderByPrice     OrderField = "PRICE"     // credentials
	OrderByECTS      OrderField = "ECTS"      // credentials
	OrderByEQFLevel  OrderField = "EQF_LEVEL" // credentials
	OrderByIssuedAt  OrderField = "ISSUED_AT" // achievements
)

// OrderBy is a sort order. The zero value is NAME ascending.
type OrderBy struct {
	Field OrderField
	Desc  bool
}

// Filter narrows a List. Every set field must hold (AND); list fields match any of their
// values (OR). A field that does not apply to the listed kind is EINVALID
// ("filter.<json name>"). Zero values mean "no filter".
type Filter struct {
	IDs []string `json:"ids,omitempty"` // any kind
	// Text: every whitespace-separated term, lower-cased, is a substring of the lower-cased
	// name/title or of one of the alternative labels. Any kind but Achievement.
	Text string `json:"text,omitempty"`

	FrameworkIDs    []string         `json:"frameworkIds,omitempty"`    // Competency, JobRole
	CompetencyTypes []CompetencyType `json:"competencyTypes,omitempty"` // Competency
	ReuseLevels     []ReuseLevel     `json:"reuseLevels,omitempty"`     // Competency

	OrganizationIDs []string         `json:"organizationIds,omitempty"` // Credential, Block, JobRole
	EQFMin          int              `json:"eqfMin,omitempty"`          // Credential
	EQFMax          int              `json:"eqfMax,omitempty"`          // Credential
	Modalities      []Modality       `json:"modalities,omitempty"`      // Credential
	AssessmentTypes []AssessmentType `json:"assessmentTypes,omitempty"` // Credential: shares one
	Languages       []string         `json:"languages,omitempty"`       // Credential
	PriceMin        *float64         `json:"priceMin,omitempty"`        // Credential, inclusive
	PriceMax        *float64         `json:"priceMax,omitempty"`        // Credential, inclusive
	HoursMin        *float64         `json:"hoursMin,omitempty"`        // Credential, inclusive
	HoursMax        *float64         `json:"hoursMax,omitempty"`        // Credential, inclusive
	// Certifies: the credential certifies the competency at a level ≥ MinLevel (0 = any).
	Certifies *LevelFilter `json:"certifies,omitempty"` // Credential

	Certification *bool `json:"certification,omitempty"` // Block

	// Requires: the role requires the competency, with the importance when set.
	Requires *RequirementFilter `json:"requires,omitempty"` // JobRole

	OpenToOpportunities *bool  `json:"openToOpportunities,omitempty"` // Learner
	AdvisorID           string `json:"advisorId,omitempty"`           // Learner

	LearnerIDs     []string            `json:"learnerIds,omitempty"`     // Achievement
	SubjectIDs     []string            `json:"subjectIds,omitempty"`     // Achievement: credential or block
	Statuses       []AchievementStatus `json:"statuses,omitempty"`       // Achievement
	IdempotencyKey string              `json:"idempotencyKey,omitempty"` // Achievement
}

// LevelFilter selects credentials certifying a competency at a minimum level.
type LevelFilter struct {
	CompetencyID string `json:"competencyId"`
	MinLevel     int    `json:"minLevel,omitempty"`
}

// RequirementFilter selects roles requiring a competency.
type RequirementFilter struct {
	CompetencyID string     `json:"competencyId"`
	Importance   Importance `json:"importance,omitempty"`
}

// Page is one page of a List.
type Page struct {
	Items   []Node
	Cursors []string // one per item
	// HasNextPage: more items follow the page. When paging backward it is Before != "".
	HasNextPage bool
	// HasPreviousPage: more items precede the page. When paging forward it is After != "".
	HasPreviousPage bool
	TotalCount      int // every node matching the filter, whatever the cursor; -1 with SkipTotal
}

// SearchQuery is a text search.
type SearchQuery struct {
	Text  string
	Kinds []Kind // empty: every searchable kind
	Limit int    // 0: DefaultSearchLimit
}

// SearchHit is one search result. Scores are comparable within one result list only.
type SearchHit struct {
	Node  Node
	Score float64
}

// Batch is one transaction of a bulk upsert.
type Batch struct {
	Nodes []Node
	Edges []Edge
	// CreateOnly: every node is new, as for Create; nothing stored is replaced.
	CreateOnly bool
}

// CheckNew is the CreateOnly check for the i-th node of a batch, whose id is taken when
// stored reports a node of any kind (kind) under it or the batch named it before (seen).
func CheckNew(i int, id string, kind Kind, stored, seen bool) error {
	switch {
	case stored:
		return &Error{Code: ECONFLICT, Field: fmt.Sprintf("nodes[%d].id", i), Message: fmt.Sprintf("%s %q already exists", kind, id)}
	case seen:
		return &Error{Code: ECONFLICT, Field: fmt.Sprintf("nodes[%d].id", i), Message: fmt.Sprintf("%q is created twice in the batch", id)}
	}
	return nil
}

// BulkResult counts what a BulkUpsert changed.
type BulkResult struct {
	NodesCreated, NodesUpdated, NodesUnchanged int
	EdgesCreated, EdgesUpdated, EdgesUnchanged int
}

// Add sums two results.
func (r *BulkResult) Add(o BulkResult) {
	r.NodesCreated += o.NodesCreated
	r.NodesUpdated += o.NodesUpdated
	r.NodesUnchanged += o.NodesUnchanged
	r.EdgesCreated += o.EdgesCreated
	r.EdgesUpdated += o.EdgesUpdated
	r.EdgesUnchanged += o.EdgesUnchanged
}

// PathwayContext is everything the pathway engine needs for one learner and one target role.
// Its catalogue nodes and edges may be shared with the store's memory (a store that holds the
// catalogue in memory assembles contexts without copying it): readers must not modify them.
type PathwayContext struct {
	Learner      *Learner
	Role         *JobRole
	Requirements []Edge                 // the role's RelRoleRequires edges
	Competencies map[string]*Competency // every competency the requirements name
	Holdings     []Edge                 // the learner's RelHas edges
	Achievements []*Achievement         // the learner's achievements, any status
	// Credentials: those certifying a required competency, those the learner has achieved
	// or has in progress, and every credential they require, transitively.
	Credentials map[string]*Credential
	// CredentialIDs are the keys of Credentials in ascending order, as the stores give them
	// (nil in a context built otherwise): the engine numbers credentials in this order, which
	// a store has at hand, instead of sorting tens of thousands of ids again.
	CredentialIDs        []string
	Certifies            []Edge            // RelCertifies edges from those credentials
	Prerequisites        []Edge            // RelPrerequisite edges from those credentials
	RequiredCompetencies []Edge            // RelRequiresCompetency edges from those credentials
	Blocks               map[string]*Block // blocks containing any of those credentials, and the blocks containing those, transitively
	// Nested blocks' components may name credentials outside Credentials; such
	// credentials are included too, so every block component resolves.

	// Numbered, when set, is the store's numbered catalogue, Members the context's
	// credentials and BlockMembers its blocks by number in it, ascending; Credentials,
	// CredentialIDs, Certifies, Prerequisites and RequiredCompetencies are then nil (Full
	// fills them, Credential reads either form).
	Numbered     *NumberedCatalogue `json:"-"` // the whole catalogue: never in an encoding of one context
	Members      []int32
	BlockMembers []int32
}

// Stats counts the graph.
type Stats struct {
	Nodes map[Kind]int
	Edges map[RelType]int
}

// Timestamped is implemented by nodes: CreatedAt and UpdatedAt as stored.
func Timestamps(n Node) (created, updated time.Time) {
	m := n.meta()
	return m.CreatedAt, m.UpdatedAt
}

// SetID sets a node's id.
func SetID(n Node, id string) { n.meta().ID = id }
