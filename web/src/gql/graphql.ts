/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** An achievement's status, as verification sees it. */
export type AchievementStatus =
  /** Past its validUntil date. */
  | 'EXPIRED'
  /** Revoked for good: its badge fails verification. */
  | 'REVOKED'
  /** Suspended until reinstated: its badge fails verification meanwhile. */
  | 'SUSPENDED'
  /** Valid: its badge verifies. */
  | 'VALID';

/** How a credential's outcomes are assessed. */
export type AssessmentType =
  /** A case study (étude de cas). */
  | 'CASE_STUDY'
  /** A written or oral exam. */
  | 'EXAM'
  /** A portfolio of work. */
  | 'PORTFOLIO'
  /** A project (projet). */
  | 'PROJECT'
  /** A practical simulation (mise en situation). */
  | 'SIMULATION';

/** Who may fetch a badge at its public URL; the learner chooses. */
export type BadgeVisibility =
  /** Nobody: the public URL answers 404, as for a badge that does not exist. */
  | 'PRIVATE'
  /** Anyone; its page may be indexed by search engines. */
  | 'PUBLIC'
  /** Anyone with the link (badge ids are random, 128 bits); its page asks not to be indexed. The default. */
  | 'UNLISTED';

/** A competency at a level: what a new credential certifies or requires. */
export type CompetencyLevelInput = {
  /** The competency (global id or key). */
  competencyId: string | number;
  /** 1-5 (default 1). */
  level?: number | null | undefined;
};

/** A new block or certification. For issuers of the awarding organisation, and admins. */
export type CreateBlockInput = {
  /** A certification (default false). */
  certification?: boolean | null | undefined;
  /** E.g. an RNCP block code, at most 300 characters. */
  code?: string | null | undefined;
  /** Credential or block ids (global ids or keys), in order: 1-1000, no cycles. */
  components: Array<string | number>;
  /** Free-text description, at most 10,000 characters. */
  description?: string | null | undefined;
  /** The store key: no spaces, at most 200 bytes; generated when absent. CONFLICT when taken. */
  key?: string | null | undefined;
  /** The awarding body (global id or key). */
  organizationId?: string | number | null | undefined;
  /** When the block is complete. */
  rule: StackingRuleInput;
  /** Title: one line, not empty, at most 300 characters. */
  title: string;
};

/** A new credential. For issuers of the awarding organisation, and admins. */
export type CreateCredentialInput = {
  /** How it is assessed. */
  assessmentTypes?: Array<AssessmentType> | null | undefined;
  /** Competencies it certifies, at most 1000 (the CERTIFIES relationships), written with it in one transaction. */
  certifies?: Array<CompetencyLevelInput> | null | undefined;
  /** ISO 3166-1 alpha-2 country code where it is offered. */
  country?: string | null | undefined;
  /** Currency of price, ISO 4217 code, e.g. EUR. */
  currency?: string | null | undefined;
  /** Free-text description, at most 10,000 characters. */
  description?: string | null | undefined;
  /** ECTS credits, 0-480. */
  ects?: number | null | undefined;
  /** EQF level, 1-8. */
  eqfLevel?: number | null | undefined;
  /** Workload in hours, 0-100,000. */
  hours: number;
  /** The store key: no spaces, at most 200 bytes; generated when absent. CONFLICT when taken. */
  key?: string | null | undefined;
  /** Language of instruction: an ISO 639 code in lower case, e.g. fr. */
  language: string;
  /** Form of participation. */
  modality: Modality;
  /** The awarding body (global id or key); an issuer may name only their own organisation. */
  organizationId: string | number;
  /** Learning outcomes: at most 100, none empty. */
  outcomes?: Array<string> | null | undefined;
  /** Parts can be validated separately (default false). */
  partialValidation?: boolean | null | undefined;
  /** Credentials a learner must hold first (global ids or keys), at most 1000 (the PREREQUISITE relationships). */
  prerequisites?: Array<string | number> | null | undefined;
  /** Price in currency, 0-10,000,000; 0 = free. */
  price: number;
  /** Quality assurance behind it, at most 10,000 characters. */
  qualityAssurance?: string | null | undefined;
  /** Competencies a learner must hold first, at most 1000 (the REQUIRES_COMPETENCY relationships). */
  requiredCompetencies?: Array<CompetencyLevelInput> | null | undefined;
  /** Retake conditions in words. */
  retakePolicy?: string | null | undefined;
  /** Retakes allowed, 0-100; -1 = unlimited. */
  retakesAllowed?: number | null | undefined;
  /** Title: one line, not empty, at most 300 characters. */
  title: string;
  /** Its page, an http(s) URL. */
  url?: string | null | undefined;
  /** Months an achievement of it stays valid, 0-1200; 0 or absent: does not expire. */
  validityMonths?: number | null | undefined;
};

/**
 * A new job role copied from an occupation: an ESCO occupation imported into the graph, or any
 * other role. Give occupationId or escoUri, not both.
 */
export type CreateJobRoleFromOccupationInput = {
  /** Description; the occupation's when absent. */
  description?: string | null | undefined;
  /** The occupation's ESCO concept URI, e.g. http://data.europa.eu/esco/occupation/…, when it was imported from ESCO. */
  escoUri?: string | null | undefined;
  /** The new role's store key: no spaces, at most 200 bytes; generated when absent. CONFLICT when taken. */
  key?: string | null | undefined;
  /** The occupation to copy (global id or key of a job role). */
  occupationId?: string | number | null | undefined;
  /** The employer offering it (global id or key); for an employer, their own organisation, which is the default; required for admins. */
  organizationId?: string | number | null | undefined;
  /** Title; the occupation's when absent. */
  title?: string | null | undefined;
};

/** How a learner came to hold a competency. */
export type HoldingSource =
  /** Assessed (e.g. by an advisor or a test). */
  | 'ASSESSED'
  /** Certified by a badge (or an admin's import); learners cannot declare it. */
  | 'CERTIFIED'
  /** Declared by the learner. */
  | 'DECLARED';

/** Whether a role requirement is essential. */
export type Importance =
  /** Needed for the role: pathways always cover it when some credential can. */
  | 'ESSENTIAL'
  /** A plus: pathways cover it only as far as optionalCoverage asks. */
  | 'OPTIONAL';

/** A learner earns a credential or a block: exactly one of credentialId and blockId. */
export type IssueBadgeInput = {
  /** The block or certification earned (global id or key). */
  blockId?: string | number | null | undefined;
  /** The credential earned (global id or key). */
  credentialId?: string | number | null | undefined;
  /** Links to evidence: http or https URLs, at most 100. */
  evidence?: Array<string> | null | undefined;
  /** Issuing again with the same key returns the first achievement instead of a second one. At most 200 bytes. */
  idempotencyKey?: string | null | undefined;
  /** Who earned it (global id or key). An issuer may issue only to learners enrolled with their organisation. */
  learnerId: string | number;
  /** A partial validation (only for credentials that allow it). */
  partial?: boolean | null | undefined;
  /** The result obtained (a grade, a score), at most 10,000 characters. */
  result?: string | null | undefined;
  /** When it expires, after the issue date; absent: never. Past it, the status reads EXPIRED. */
  validUntil?: string | null | undefined;
};

/** Filters of a job role list; every filter set must hold. A list filter matches any of its values. */
export type JobRoleWhere = {
  /** Only roles of these frameworks (global ids or keys). */
  frameworkIds?: Array<string | number> | null | undefined;
  /** Only these roles (global ids or keys). */
  ids?: Array<string | number> | null | undefined;
  /** Only roles offered by these organisations (global ids or keys). */
  organizationIds?: Array<string | number> | null | undefined;
  /** Only roles requiring the competency. */
  requires?: RequiresFilter | null | undefined;
  /** Every word is a substring of the title or of an alternative title (case-insensitive). */
  text?: string | null | undefined;
};

/** A language the product speaks. */
export type Language =
  /** English. */
  | 'EN'
  /** French. */
  | 'FR';

/** A relationship to create, with its properties. Properties that do not apply to the type are ignored. */
export type LinkInput = {
  /** The node it starts from (global id or key), of the kind the type names. */
  from: string | number;
  /** ROLE_REQUIRES (default ESSENTIAL). */
  importance?: Importance | null | undefined;
  /** RELATED: how they relate, e.g. essential or optional. */
  kind?: string | null | undefined;
  /** 1-5 for CERTIFIES, REQUIRES_COMPETENCY, ROLE_REQUIRES and HAS (default 1). */
  level?: number | null | undefined;
  /** HAS: since when. */
  since?: string | null | undefined;
  /** HAS (default DECLARED); only admins may set CERTIFIED. */
  source?: HoldingSource | null | undefined;
  /** The node it points at (global id or key), of the kind the type names. */
  to: string | number;
  /** The relationship type. */
  type: RelationType;
  /** ROLE_REQUIRES: greater than 0, at most 1000 (default 1). */
  weight?: number | null | undefined;
};

/** A credential's form of participation. */
export type Modality =
  /** Blended: partly on site, partly remote (hybride). */
  | 'BLENDED'
  /** On site (présentiel). */
  | 'ONSITE'
  /** Remote (distanciel). */
  | 'REMOTE';

/** What a pathway optimises. */
export type PathwayObjective =
  /** Weeks until done, with parallel steps under the weekly hours. */
  | 'CALENDAR'
  /** Total price. */
  | 'COST'
  /** Number of credentials. */
  | 'COUNT'
  /** Total hours of learning (default). */
  | 'HOURS';

/** Constraints and preferences for a pathway. Unset fields fall back to the learner's own constraints. */
export type PathwayOptions = {
  /** The date the plan starts from (default now): deadlines and calendar weeks count from it. */
  asOf?: string | null | undefined;
  /** The date by which the pathway must be done. */
  deadline?: string | null | undefined;
  /** Credentials never to propose (global ids or keys; BAD_USER_INPUT for an unknown one). */
  excludeCredentials?: Array<string | number> | null | undefined;
  /** Hours of learning per week, greater than 0 (BAD_USER_INPUT for 0): paces CALENDAR and the steps' weeks. */
  hoursPerWeek?: number | null | undefined;
  /** Credentials already under way: counted as taken, at no further cost (global ids or keys; BAD_USER_INPUT for an unknown one). */
  inProgress?: Array<string | number> | null | undefined;
  /** Alternatives with different credential sets, 1-10 (default 1). */
  k?: number | null | undefined;
  /** Allowed languages (ISO 639-1 codes). Empty: any. */
  languages?: Array<string> | null | undefined;
  /** Maximum total price of the new steps, in the credentials' currency. */
  maxBudget?: number | null | undefined;
  /** Maximum total hours of the new steps. */
  maxTotalHours?: number | null | undefined;
  /** Allowed modalities. Empty: any. */
  modalities?: Array<Modality> | null | undefined;
  /** What to optimise (default HOURS). */
  objective?: PathwayObjective | null | undefined;
  /** Share of the optional requirements' weight to cover too, 0-1 (default 0). */
  optionalCoverage?: number | null | undefined;
  /** Search time budget in milliseconds, 1-5000 (default 50). */
  timeBudgetMs?: number | null | undefined;
};

/** Relationship types that link and unlink edit. */
export type RelationType =
  /** Competency -> broader competency. */
  | 'BROADER'
  /** Credential -> competency it certifies (level). */
  | 'CERTIFIES'
  /** Block -> credential or block it comprises (appended to its components). */
  | 'COMPRISES'
  /** Learner -> organisation they study with, which may then issue them badges (made by the learner). */
  | 'ENROLLED_IN'
  /** Learner -> competency held (level, source, since). */
  | 'HAS'
  /** Credential -> credential it requires. */
  | 'PREREQUISITE'
  /** Competency -> related competency (kind). */
  | 'RELATED'
  /** Credential -> competency a learner must hold first (level). */
  | 'REQUIRES_COMPETENCY'
  /** Job role -> competency it requires (importance, level, weight). */
  | 'ROLE_REQUIRES'
  /** Learner -> job role aimed at. */
  | 'TARGETS';

/** Roles requiring a competency, of an importance when set. */
export type RequiresFilter = {
  /** The competency (global id or key). */
  competencyId: string | number;
  /** Only requirements of this importance; null: both. */
  importance?: Importance | null | undefined;
};

/** A block's stacking rule. */
export type RuleKind =
  /** Every component. */
  | 'ALL'
  /** At least count components. */
  | 'AT_LEAST'
  /** Components worth at least min ECTS. */
  | 'MIN_ECTS'
  /** Components worth at least min hours. */
  | 'MIN_HOURS';

/** A block's stacking rule: ALL takes neither count nor min, AT_LEAST a count, MIN_ECTS and MIN_HOURS a min. BAD_USER_INPUT (field input.rule...) otherwise, or when the components can never satisfy it. */
export type StackingRuleInput = {
  /** AT_LEAST: how many components, 1 up to the number of components. */
  count?: number | null | undefined;
  /** The kind of rule. */
  kind: RuleKind;
  /** MIN_ECTS: ECTS credits; MIN_HOURS: hours; greater than 0 and reachable with the components. */
  min?: number | null | undefined;
};

/** Why a requirement is left uncovered. Optional requirements beyond the coverage asked (options.optionalCoverage) are not reported at all. */
export type UncoveredReason =
  /** Covering it would break the budget, the total hours or the deadline. */
  | 'CONSTRAINTS'
  /** Its credentials are excluded, or of a modality or language the options or constraints rule out. */
  | 'NOT_ALLOWED'
  /** No credential certifies the competency at the level. */
  | 'NO_CREDENTIAL'
  /** Its credentials have prerequisites that cannot be met. */
  | 'PREREQUISITES';

/** Changes to a block: fields left out are kept, fields set to null are cleared. For issuers of its awarding organisation, and admins. */
export type UpdateBlockInput = {
  /** Whether it is a certification. */
  certification?: boolean | null | undefined;
  /** New code. */
  code?: string | null | undefined;
  /** New components (global ids or keys), in order, replacing the old ones; cannot be cleared. */
  components?: Array<string | number> | null | undefined;
  /** New description. */
  description?: string | null | undefined;
  /** The block to change (global id or key). */
  id: string | number;
  /** New awarding body (global id or key). */
  organizationId?: string | number | null | undefined;
  /** New rule; cannot be cleared. */
  rule?: StackingRuleInput | null | undefined;
  /** New title: one line, not empty, at most 300 characters; cannot be cleared. */
  title?: string | null | undefined;
};

/** Changes to a credential: fields left out are kept, fields set to null are cleared. For issuers of its awarding organisation, and admins. */
export type UpdateCredentialInput = {
  /** New assessment types, replacing the old ones. */
  assessmentTypes?: Array<AssessmentType> | null | undefined;
  /** New country code (ISO 3166-1 alpha-2). */
  country?: string | null | undefined;
  /** New currency (ISO 4217). */
  currency?: string | null | undefined;
  /** New description. */
  description?: string | null | undefined;
  /** New ECTS credits, 0-480. */
  ects?: number | null | undefined;
  /** New EQF level, 1-8. */
  eqfLevel?: number | null | undefined;
  /** New workload in hours, 0-100,000. */
  hours?: number | null | undefined;
  /** The credential to change (global id or key). */
  id: string | number;
  /** New language (ISO 639 code); cannot be cleared. */
  language?: string | null | undefined;
  /** New form of participation; cannot be cleared. */
  modality?: Modality | null | undefined;
  /** New awarding body (global id or key); an issuer cannot move a credential to another organisation; cannot be cleared. */
  organizationId?: string | number | null | undefined;
  /** New learning outcomes, replacing the old ones. */
  outcomes?: Array<string> | null | undefined;
  /** Whether parts can be validated separately. */
  partialValidation?: boolean | null | undefined;
  /** New price, 0-10,000,000. */
  price?: number | null | undefined;
  /** New quality assurance. */
  qualityAssurance?: string | null | undefined;
  /** New retake conditions. */
  retakePolicy?: string | null | undefined;
  /** New retakes allowed, 0-100; -1 = unlimited. */
  retakesAllowed?: number | null | undefined;
  /** New title: one line, not empty, at most 300 characters; cannot be cleared. */
  title?: string | null | undefined;
  /** New page, an http(s) URL. */
  url?: string | null | undefined;
  /** New validity in months, 0-1200; 0: does not expire. */
  validityMonths?: number | null | undefined;
};

export type RolesQueryVariables = Exact<{
  where?: JobRoleWhere | null | undefined;
  lang?: Language | null | undefined;
}>;


export type RolesQuery = { jobRoles: { edges: Array<{ node: { id: string, key: string, title: string, organization: { key: string, name: string } | null } }> } };

export type MyLearnersQueryVariables = Exact<{ [key: string]: never; }>;


export type MyLearnersQuery = { learners: { totalCount: number, edges: Array<{ node: { id: string, key: string, name: string, headline: string | null, openToOpportunities: boolean, targets: { edges: Array<{ node: { key: string, title: string } }> }, achievements: { totalCount: number } } }> } };

export type LearnerQueryVariables = Exact<{
  key: string;
  lang?: Language | null | undefined;
}>;


export type LearnerQuery = { learner: { id: string, key: string, name: string, headline: string | null, country: string | null, openToOpportunities: boolean, advisorId: string | null, constraints: { hoursPerWeek: number | null, maxBudget: number | null, maxTotalHours: number | null, modalities: Array<Modality>, languages: Array<string>, deadline: string | null }, inProgress: Array<{ key: string, title: string, hours: number }>, holdings: { totalCount: number, edges: Array<{ level: number, source: HoldingSource, since: string | null, node: { key: string, name: string } }> }, targets: { edges: Array<{ node: { id: string, key: string, title: string } }> }, achievements: { edges: Array<{ node: { id: string, key: string, status: AchievementStatus, statusReason: string | null, issuedAt: string, validUntil: string | null, result: string | null, visibility: BadgeVisibility, viewUrl: string, badgeUrl: string, imageUrl: string, addToProfileUrl: string, partial: boolean, subject:
            | { __typename: 'Block', key: string, title: string, certification: boolean, blockOrg: { name: string } | null }
            | { __typename: 'Credential', key: string, title: string, organization: { name: string } }
           } }> } } | null };

export type SkillGapQueryVariables = Exact<{
  learner: string | number;
  role: string | number;
  lang?: Language | null | undefined;
}>;


export type SkillGapQuery = { skillGap: { essentialCoverage: number, optionalCoverage: number, weightedCoverage: number, metCount: number, totalCount: number, requirements: Array<{ importance: Importance, weight: number, requiredLevel: number, heldLevel: number, met: boolean, competency: { key: string, name: string }, coveredBy: Array<{ key: string, title: string, hours: number, price: number }> }> } };

export type PathwaysQueryVariables = Exact<{
  learner: string | number;
  role: string | number;
  options?: PathwayOptions | null | undefined;
  lang?: Language | null | undefined;
}>;


export type PathwaysQuery = { recommendPathways: { provenOptimal: boolean, elapsedMs: number, optimalityGap: number, uncoveredGaps: Array<{ level: number, essential: boolean, code: UncoveredReason, reason: string, competency: { key: string, name: string } }>, pathways: Array<{ totalHours: number, totalCost: number, totalEcts: number, credentialCount: number, calendarWeeks: number, objectiveValue: number, completesBlocks: Array<{ key: string, title: string, certification: boolean }>, steps: Array<{ phase: number, startWeek: number, endWeek: number, hours: number, price: number, inProgress: boolean, explanation: string, credential: { key: string, title: string, modality: Modality, language: string, organization: { name: string }, prerequisites: { edges: Array<{ node: { key: string, title: string } }> } }, covers: Array<{ level: number, essential: boolean, competency: { key: string, name: string } }>, unlocks: Array<{ key: string, title: string }>, completesBlocks: Array<{ key: string, title: string, certification: boolean }> }> }> } };

export type RoleFitQueryVariables = Exact<{
  learner: string | number;
  lang?: Language | null | undefined;
}>;


export type RoleFitQuery = { roleFit: Array<{ weightedCoverage: number, essentialCoverage: number, metCount: number, totalCount: number, pathwayHours: number | null, role: { key: string, title: string } }> };

export type CertificationsQueryVariables = Exact<{ [key: string]: never; }>;


export type CertificationsQuery = { blocks: { edges: Array<{ node: { key: string, title: string, certification: boolean, organization: { name: string } | null } }> } };

export type BlockProgressQueryVariables = Exact<{
  learner: string | number;
  block: string | number;
}>;


export type BlockProgressQuery = { blockProgress: { complete: boolean, percent: number, completable: boolean, cheapestCompletionHours: number, cheapestCompletionCost: number, cheapestCompletion: Array<{ key: string, title: string, hours: number }>, nested: Array<{ percent: number, complete: boolean, block: { key: string, title: string }, done: Array<
        | { __typename: 'Block', key: string, title: string }
        | { __typename: 'Credential', key: string, title: string }
      >, missing: Array<
        | { __typename: 'Block', key: string, title: string }
        | { __typename: 'Credential', key: string, title: string }
      > }>, done: Array<
      | { __typename: 'Block', key: string, title: string }
      | { __typename: 'Credential', key: string, title: string }
    >, missing: Array<
      | { __typename: 'Block', key: string, title: string }
      | { __typename: 'Credential', key: string, title: string }
    > } };

export type SetVisibilityMutationVariables = Exact<{
  id: string | number;
  visibility: BadgeVisibility;
}>;


export type SetVisibilityMutation = { setAchievementVisibility: { key: string, visibility: BadgeVisibility } };

export type BadgeJwtQueryVariables = Exact<{
  key: string;
}>;


export type BadgeJwtQuery = { achievement: { key: string, badgeJwt: string } | null };

export type RoleQueryVariables = Exact<{
  key: string;
  lang?: Language | null | undefined;
}>;


export type RoleQuery = { jobRole: { id: string, key: string, title: string, description: string | null, organization: { key: string, name: string } | null, requirements: { totalCount: number, edges: Array<{ importance: Importance, level: number, weight: number, node: { id: string, key: string, name: string } }> } } | null };

export type CompetencySearchQueryVariables = Exact<{
  text: string;
  lang?: Language | null | undefined;
}>;


export type CompetencySearchQuery = { competencies: { edges: Array<{ node: { id: string, key: string, name: string } }> } };

export type LinkMutationVariables = Exact<{
  input: LinkInput;
}>;


export type LinkMutation = { link: { type: RelationType } };

export type UnlinkMutationVariables = Exact<{
  type: RelationType;
  from: string | number;
  to: string | number;
}>;


export type UnlinkMutation = { unlink: { type: RelationType } };

export type CandidatesQueryVariables = Exact<{
  role: string | number;
}>;


export type CandidatesQuery = { candidatesForRole: Array<{ weightedCoverage: number, essentialCoverage: number, metCount: number, totalCount: number, learner: { key: string, name: string, headline: string | null, holdings: { edges: Array<{ level: number, node: { key: string } }> } } }> };

export type CoveringQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type CoveringQuery = { credentialsCovering: Array<{ coveredCount: number, coverage: number, credential: { key: string, title: string, hours: number, price: number, currency: string | null, modality: Modality, organization: { name: string } }, covers: Array<{ level: number, competency: { key: string, name: string } }> }> };

export type OrgCatalogueQueryVariables = Exact<{
  key: string;
}>;


export type OrgCatalogueQuery = { organization: { id: string, key: string, name: string, credentials: { edges: Array<{ node: { id: string, key: string, title: string, description: string | null, hours: number, price: number, currency: string | null, modality: Modality, language: string, eqfLevel: number | null, assessmentTypes: Array<AssessmentType>, partialValidation: boolean } }> }, blocks: { edges: Array<{ node: { id: string, key: string, title: string, certification: boolean, rule: { kind: RuleKind, count: number | null, min: number | null }, components: { edges: Array<{ node:
                | { __typename: 'Block', key: string, title: string }
                | { __typename: 'Credential', key: string, title: string }
               }> } } }> } } | null };

export type CreateCredentialMutationVariables = Exact<{
  input: CreateCredentialInput;
}>;


export type CreateCredentialMutation = { createCredential: { key: string, title: string } };

export type UpdateCredentialMutationVariables = Exact<{
  input: UpdateCredentialInput;
}>;


export type UpdateCredentialMutation = { updateCredential: { key: string, title: string } };

export type CreateBlockMutationVariables = Exact<{
  input: CreateBlockInput;
}>;


export type CreateBlockMutation = { createBlock: { key: string, title: string } };

export type UpdateBlockMutationVariables = Exact<{
  input: UpdateBlockInput;
}>;


export type UpdateBlockMutation = { updateBlock: { key: string, title: string } };

export type IssueBadgeMutationVariables = Exact<{
  input: IssueBadgeInput;
}>;


export type IssueBadgeMutation = { issueBadge: { id: string, key: string, status: AchievementStatus, issuedAt: string, result: string | null, evidence: Array<string>, viewUrl: string, imageUrl: string, subject:
      | { __typename: 'Block', title: string }
      | { __typename: 'Credential', title: string }
     } };

export type AchievementQueryVariables = Exact<{
  key: string;
}>;


export type AchievementQuery = { achievement: { id: string, key: string, status: AchievementStatus, statusReason: string | null, issuedAt: string, result: string | null, viewUrl: string, imageUrl: string, subject:
      | { __typename: 'Block', title: string, blockOrg: { key: string } | null }
      | { __typename: 'Credential', title: string, organization: { key: string } }
     } | null };

export type RevokeMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RevokeMutation = { revokeAchievement: { key: string, status: AchievementStatus, statusReason: string | null } };

export type SuspendMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type SuspendMutation = { suspendAchievement: { key: string, status: AchievementStatus, statusReason: string | null } };

export type ReinstateMutationVariables = Exact<{
  id: string | number;
}>;


export type ReinstateMutation = { reinstateAchievement: { key: string, status: AchievementStatus, statusReason: string | null } };

export type OccupationSearchQueryVariables = Exact<{
  text: string;
  lang?: Language | null | undefined;
}>;


export type OccupationSearchQuery = { jobRoles: { edges: Array<{ node: { id: string, key: string, title: string, organization: { key: string } | null } }> } };

export type CreateRoleFromOccupationMutationVariables = Exact<{
  input: CreateJobRoleFromOccupationInput;
}>;


export type CreateRoleFromOccupationMutation = { createJobRoleFromOccupation: { key: string, title: string, requirements: { totalCount: number } } };

export type CoverageMatrixQueryVariables = Exact<{
  role: string | number;
  lang?: Language | null | undefined;
}>;


export type CoverageMatrixQuery = { coverageMatrix: { totalCredentials: number, provenOptimal: boolean, requirements: Array<{ importance: Importance, level: number, weight: number, coverable: boolean, competency: { key: string, name: string }, cells: Array<{ level: number, meets: boolean, credential: { key: string } }> }>, credentials: Array<{ hours: number, price: number, currency: string | null, meets: number, essentialMeets: number, inCheapest: boolean, credential: { key: string, title: string, organization: { name: string } } }>, cheapest: { totalHours: number, totalCost: number, credentialCount: number } | null, uncoveredGaps: Array<{ level: number, reason: string, competency: { key: string, name: string } }> } };

export type IssuedBadgesQueryVariables = Exact<{ [key: string]: never; }>;


export type IssuedBadgesQuery = { achievements: { totalCount: number, edges: Array<{ node: { id: string, key: string, status: AchievementStatus, statusReason: string | null, issuedAt: string, result: string | null, viewUrl: string, imageUrl: string, subject:
          | { __typename: 'Block', title: string }
          | { __typename: 'Credential', title: string }
         } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const RolesDocument = new TypedDocumentString(`
    query Roles($where: JobRoleWhere, $lang: Language) {
  jobRoles(first: 200, where: $where) {
    edges {
      node {
        id
        key
        title(lang: $lang)
        organization {
          key
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RolesQuery, RolesQueryVariables>;
export const MyLearnersDocument = new TypedDocumentString(`
    query MyLearners {
  learners(first: 200) {
    totalCount
    edges {
      node {
        id
        key
        name
        headline
        openToOpportunities
        targets {
          edges {
            node {
              key
              title
            }
          }
        }
        achievements(first: 100) {
          totalCount
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyLearnersQuery, MyLearnersQueryVariables>;
export const LearnerDocument = new TypedDocumentString(`
    query Learner($key: String!, $lang: Language) {
  learner(key: $key) {
    id
    key
    name
    headline
    country
    openToOpportunities
    advisorId
    constraints {
      hoursPerWeek
      maxBudget
      maxTotalHours
      modalities
      languages
      deadline
    }
    inProgress {
      key
      title
      hours
    }
    holdings(first: 500) {
      totalCount
      edges {
        level
        source
        since
        node {
          key
          name(lang: $lang)
        }
      }
    }
    targets {
      edges {
        node {
          id
          key
          title(lang: $lang)
        }
      }
    }
    achievements(first: 200) {
      edges {
        node {
          id
          key
          status
          statusReason
          issuedAt
          validUntil
          result
          visibility
          viewUrl
          badgeUrl
          imageUrl
          addToProfileUrl
          partial
          subject {
            __typename
            ... on Credential {
              key
              title
              organization {
                name
              }
            }
            ... on Block {
              key
              title
              certification
              blockOrg: organization {
                name
              }
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LearnerQuery, LearnerQueryVariables>;
export const SkillGapDocument = new TypedDocumentString(`
    query SkillGap($learner: ID!, $role: ID!, $lang: Language) {
  skillGap(learnerId: $learner, roleId: $role) {
    essentialCoverage
    optionalCoverage
    weightedCoverage
    metCount
    totalCount
    requirements {
      importance
      weight
      requiredLevel
      heldLevel
      met
      competency {
        key
        name(lang: $lang)
      }
      coveredBy(first: 3) {
        key
        title
        hours
        price
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SkillGapQuery, SkillGapQueryVariables>;
export const PathwaysDocument = new TypedDocumentString(`
    query Pathways($learner: ID!, $role: ID!, $options: PathwayOptions, $lang: Language) {
  recommendPathways(learnerId: $learner, targetRoleId: $role, options: $options) {
    provenOptimal
    elapsedMs
    optimalityGap
    uncoveredGaps {
      competency {
        key
        name(lang: $lang)
      }
      level
      essential
      code
      reason(lang: $lang)
    }
    pathways {
      totalHours
      totalCost
      totalEcts
      credentialCount
      calendarWeeks
      objectiveValue
      completesBlocks {
        key
        title
        certification
      }
      steps {
        phase
        startWeek
        endWeek
        hours
        price
        inProgress
        explanation(lang: $lang)
        credential {
          key
          title
          modality
          language
          organization {
            name
          }
          prerequisites {
            edges {
              node {
                key
                title
              }
            }
          }
        }
        covers {
          competency {
            key
            name(lang: $lang)
          }
          level
          essential
        }
        unlocks {
          key
          title
        }
        completesBlocks {
          key
          title
          certification
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PathwaysQuery, PathwaysQueryVariables>;
export const RoleFitDocument = new TypedDocumentString(`
    query RoleFit($learner: ID!, $lang: Language) {
  roleFit(learnerId: $learner, first: 8) {
    role {
      key
      title(lang: $lang)
    }
    weightedCoverage
    essentialCoverage
    metCount
    totalCount
    pathwayHours
  }
}
    `) as unknown as TypedDocumentString<RoleFitQuery, RoleFitQueryVariables>;
export const CertificationsDocument = new TypedDocumentString(`
    query Certifications {
  blocks(first: 100) {
    edges {
      node {
        key
        title
        certification
        organization {
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CertificationsQuery, CertificationsQueryVariables>;
export const BlockProgressDocument = new TypedDocumentString(`
    query BlockProgress($learner: ID!, $block: ID!) {
  blockProgress(learnerId: $learner, blockId: $block) {
    complete
    percent
    completable
    cheapestCompletion {
      key
      title
      hours
    }
    cheapestCompletionHours
    cheapestCompletionCost
    nested {
      percent
      complete
      block {
        key
        title
      }
      done {
        __typename
        ... on Credential {
          key
          title
        }
        ... on Block {
          key
          title
        }
      }
      missing {
        __typename
        ... on Credential {
          key
          title
        }
        ... on Block {
          key
          title
        }
      }
    }
    done {
      __typename
      ... on Credential {
        key
        title
      }
      ... on Block {
        key
        title
      }
    }
    missing {
      __typename
      ... on Credential {
        key
        title
      }
      ... on Block {
        key
        title
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BlockProgressQuery, BlockProgressQueryVariables>;
export const SetVisibilityDocument = new TypedDocumentString(`
    mutation SetVisibility($id: ID!, $visibility: BadgeVisibility!) {
  setAchievementVisibility(id: $id, visibility: $visibility) {
    key
    visibility
  }
}
    `) as unknown as TypedDocumentString<SetVisibilityMutation, SetVisibilityMutationVariables>;
export const BadgeJwtDocument = new TypedDocumentString(`
    query BadgeJwt($key: String!) {
  achievement(key: $key) {
    key
    badgeJwt
  }
}
    `) as unknown as TypedDocumentString<BadgeJwtQuery, BadgeJwtQueryVariables>;
export const RoleDocument = new TypedDocumentString(`
    query Role($key: String!, $lang: Language) {
  jobRole(key: $key) {
    id
    key
    title(lang: $lang)
    description
    organization {
      key
      name
    }
    requirements(first: 500) {
      totalCount
      edges {
        importance
        level
        weight
        node {
          id
          key
          name(lang: $lang)
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RoleQuery, RoleQueryVariables>;
export const CompetencySearchDocument = new TypedDocumentString(`
    query CompetencySearch($text: String!, $lang: Language) {
  competencies(first: 8, where: {text: $text}) {
    edges {
      node {
        id
        key
        name(lang: $lang)
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CompetencySearchQuery, CompetencySearchQueryVariables>;
export const LinkDocument = new TypedDocumentString(`
    mutation Link($input: LinkInput!) {
  link(input: $input) {
    type
  }
}
    `) as unknown as TypedDocumentString<LinkMutation, LinkMutationVariables>;
export const UnlinkDocument = new TypedDocumentString(`
    mutation Unlink($type: RelationType!, $from: ID!, $to: ID!) {
  unlink(type: $type, from: $from, to: $to) {
    type
  }
}
    `) as unknown as TypedDocumentString<UnlinkMutation, UnlinkMutationVariables>;
export const CandidatesDocument = new TypedDocumentString(`
    query Candidates($role: ID!) {
  candidatesForRole(roleId: $role, first: 10) {
    weightedCoverage
    essentialCoverage
    metCount
    totalCount
    learner {
      key
      name
      headline
      holdings(first: 500) {
        edges {
          level
          node {
            key
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CandidatesQuery, CandidatesQueryVariables>;
export const CoveringDocument = new TypedDocumentString(`
    query Covering($ids: [ID!]!) {
  credentialsCovering(competencyIds: $ids, first: 10) {
    coveredCount
    coverage
    credential {
      key
      title
      hours
      price
      currency
      modality
      organization {
        name
      }
    }
    covers {
      level
      competency {
        key
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CoveringQuery, CoveringQueryVariables>;
export const OrgCatalogueDocument = new TypedDocumentString(`
    query OrgCatalogue($key: String!) {
  organization(key: $key) {
    id
    key
    name
    credentials(first: 200) {
      edges {
        node {
          id
          key
          title
          description
          hours
          price
          currency
          modality
          language
          eqfLevel
          assessmentTypes
          partialValidation
        }
      }
    }
    blocks(first: 200) {
      edges {
        node {
          id
          key
          title
          certification
          rule {
            kind
            count
            min
          }
          components {
            edges {
              node {
                __typename
                ... on Credential {
                  key
                  title
                }
                ... on Block {
                  key
                  title
                }
              }
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrgCatalogueQuery, OrgCatalogueQueryVariables>;
export const CreateCredentialDocument = new TypedDocumentString(`
    mutation CreateCredential($input: CreateCredentialInput!) {
  createCredential(input: $input) {
    key
    title
  }
}
    `) as unknown as TypedDocumentString<CreateCredentialMutation, CreateCredentialMutationVariables>;
export const UpdateCredentialDocument = new TypedDocumentString(`
    mutation UpdateCredential($input: UpdateCredentialInput!) {
  updateCredential(input: $input) {
    key
    title
  }
}
    `) as unknown as TypedDocumentString<UpdateCredentialMutation, UpdateCredentialMutationVariables>;
export const CreateBlockDocument = new TypedDocumentString(`
    mutation CreateBlock($input: CreateBlockInput!) {
  createBlock(input: $input) {
    key
    title
  }
}
    `) as unknown as TypedDocumentString<CreateBlockMutation, CreateBlockMutationVariables>;
export const UpdateBlockDocument = new TypedDocumentString(`
    mutation UpdateBlock($input: UpdateBlockInput!) {
  updateBlock(input: $input) {
    key
    title
  }
}
    `) as unknown as TypedDocumentString<UpdateBlockMutation, UpdateBlockMutationVariables>;
export const IssueBadgeDocument = new TypedDocumentString(`
    mutation IssueBadge($input: IssueBadgeInput!) {
  issueBadge(input: $input) {
    id
    key
    status
    issuedAt
    result
    evidence
    viewUrl
    imageUrl
    subject {
      __typename
      ... on Credential {
        title
      }
      ... on Block {
        title
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IssueBadgeMutation, IssueBadgeMutationVariables>;
export const AchievementDocument = new TypedDocumentString(`
    query Achievement($key: String!) {
  achievement(key: $key) {
    id
    key
    status
    statusReason
    issuedAt
    result
    viewUrl
    imageUrl
    subject {
      __typename
      ... on Credential {
        title
        organization {
          key
        }
      }
      ... on Block {
        title
        blockOrg: organization {
          key
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AchievementQuery, AchievementQueryVariables>;
export const RevokeDocument = new TypedDocumentString(`
    mutation Revoke($id: ID!, $reason: String!) {
  revokeAchievement(id: $id, reason: $reason) {
    key
    status
    statusReason
  }
}
    `) as unknown as TypedDocumentString<RevokeMutation, RevokeMutationVariables>;
export const SuspendDocument = new TypedDocumentString(`
    mutation Suspend($id: ID!, $reason: String!) {
  suspendAchievement(id: $id, reason: $reason) {
    key
    status
    statusReason
  }
}
    `) as unknown as TypedDocumentString<SuspendMutation, SuspendMutationVariables>;
export const ReinstateDocument = new TypedDocumentString(`
    mutation Reinstate($id: ID!) {
  reinstateAchievement(id: $id) {
    key
    status
    statusReason
  }
}
    `) as unknown as TypedDocumentString<ReinstateMutation, ReinstateMutationVariables>;
export const OccupationSearchDocument = new TypedDocumentString(`
    query OccupationSearch($text: String!, $lang: Language) {
  jobRoles(first: 20, where: {text: $text}) {
    edges {
      node {
        id
        key
        title(lang: $lang)
        organization {
          key
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OccupationSearchQuery, OccupationSearchQueryVariables>;
export const CreateRoleFromOccupationDocument = new TypedDocumentString(`
    mutation CreateRoleFromOccupation($input: CreateJobRoleFromOccupationInput!) {
  createJobRoleFromOccupation(input: $input) {
    key
    title
    requirements(first: 0) {
      totalCount
    }
  }
}
    `) as unknown as TypedDocumentString<CreateRoleFromOccupationMutation, CreateRoleFromOccupationMutationVariables>;
export const CoverageMatrixDocument = new TypedDocumentString(`
    query CoverageMatrix($role: ID!, $lang: Language) {
  coverageMatrix(roleId: $role, first: 50, objective: COST) {
    totalCredentials
    provenOptimal
    requirements {
      importance
      level
      weight
      coverable
      competency {
        key
        name(lang: $lang)
      }
      cells {
        level
        meets
        credential {
          key
        }
      }
    }
    credentials {
      hours
      price
      currency
      meets
      essentialMeets
      inCheapest
      credential {
        key
        title
        organization {
          name
        }
      }
    }
    cheapest {
      totalHours
      totalCost
      credentialCount
    }
    uncoveredGaps {
      competency {
        key
        name(lang: $lang)
      }
      level
      reason(lang: $lang)
    }
  }
}
    `) as unknown as TypedDocumentString<CoverageMatrixQuery, CoverageMatrixQueryVariables>;
export const IssuedBadgesDocument = new TypedDocumentString(`
    query IssuedBadges {
  achievements(first: 200, orderBy: {field: ISSUED_AT, direction: DESC}) {
    totalCount
    edges {
      node {
        id
        key
        status
        statusReason
        issuedAt
        result
        viewUrl
        imageUrl
        subject {
          __typename
          ... on Credential {
            title
          }
          ... on Block {
            title
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IssuedBadgesQuery, IssuedBadgesQueryVariables>;