/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Roles($where: JobRoleWhere, $lang: Language) {\n    jobRoles(first: 200, where: $where) {\n      edges { node { id key title(lang: $lang) organization { key name } } }\n    }\n  }\n": typeof types.RolesDocument,
    "\n  query MyLearners {\n    learners(first: 200) {\n      totalCount\n      edges {\n        node {\n          id key name headline openToOpportunities\n          targets { edges { node { key title } } }\n          achievements(first: 100) { totalCount }\n        }\n      }\n    }\n  }\n": typeof types.MyLearnersDocument,
    "\n  query Learner($key: String!, $lang: Language) {\n    learner(key: $key) {\n      id key name headline country openToOpportunities advisorId\n      constraints { hoursPerWeek maxBudget maxTotalHours modalities languages deadline }\n      inProgress { key title hours }\n      holdings(first: 500) { totalCount edges { level source since node { key name(lang: $lang) } } }\n      targets { edges { node { id key title(lang: $lang) } } }\n      achievements(first: 200) {\n        edges {\n          node {\n            id key status statusReason issuedAt validUntil result visibility viewUrl badgeUrl imageUrl addToProfileUrl partial\n            subject {\n              __typename\n              ... on Credential { key title organization { name } }\n              ... on Block { key title certification blockOrg: organization { name } }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.LearnerDocument,
    "\n  query SkillGap($learner: ID!, $role: ID!, $lang: Language) {\n    skillGap(learnerId: $learner, roleId: $role) {\n      essentialCoverage optionalCoverage weightedCoverage metCount totalCount\n      requirements {\n        importance weight requiredLevel heldLevel met\n        competency { key name(lang: $lang) }\n        coveredBy(first: 3) { key title hours price }\n      }\n    }\n  }\n": typeof types.SkillGapDocument,
    "\n  query Pathways($learner: ID!, $role: ID!, $options: PathwayOptions, $lang: Language) {\n    recommendPathways(learnerId: $learner, targetRoleId: $role, options: $options) {\n      provenOptimal elapsedMs optimalityGap\n      uncoveredGaps { competency { key name(lang: $lang) } level essential code reason(lang: $lang) }\n      pathways {\n        totalHours totalCost totalEcts credentialCount calendarWeeks objectiveValue\n        completesBlocks { key title certification }\n        steps {\n          phase startWeek endWeek hours price inProgress explanation(lang: $lang)\n          credential {\n            key title modality language\n            organization { name }\n            prerequisites { edges { node { key title } } }\n          }\n          covers { competency { key name(lang: $lang) } level essential }\n          unlocks { key title }\n          completesBlocks { key title certification }\n        }\n      }\n    }\n  }\n": typeof types.PathwaysDocument,
    "\n  query RoleFit($learner: ID!, $lang: Language) {\n    roleFit(learnerId: $learner, first: 8) {\n      role { key title(lang: $lang) }\n      weightedCoverage essentialCoverage metCount totalCount pathwayHours\n    }\n  }\n": typeof types.RoleFitDocument,
    "\n  query Certifications {\n    blocks(first: 100) { edges { node { key title certification organization { name } } } }\n  }\n": typeof types.CertificationsDocument,
    "\n  query BlockProgress($learner: ID!, $block: ID!) {\n    blockProgress(learnerId: $learner, blockId: $block) {\n      complete percent completable\n      cheapestCompletion { key title hours } cheapestCompletionHours cheapestCompletionCost\n      nested {\n        percent complete\n        block { key title }\n        done { __typename ... on Credential { key title } ... on Block { key title } }\n        missing { __typename ... on Credential { key title } ... on Block { key title } }\n      }\n      done { __typename ... on Credential { key title } ... on Block { key title } }\n      missing { __typename ... on Credential { key title } ... on Block { key title } }\n    }\n  }\n": typeof types.BlockProgressDocument,
    "\n  mutation SetVisibility($id: ID!, $visibility: BadgeVisibility!) {\n    setAchievementVisibility(id: $id, visibility: $visibility) { key visibility }\n  }\n": typeof types.SetVisibilityDocument,
    "\n  query BadgeJwt($key: String!) {\n    achievement(key: $key) { key badgeJwt }\n  }\n": typeof types.BadgeJwtDocument,
    "\n  query Role($key: String!, $lang: Language) {\n    jobRole(key: $key) {\n      id key title(lang: $lang) description\n      organization { key name }\n      requirements(first: 500) { totalCount edges { importance level weight node { id key name(lang: $lang) } } }\n    }\n  }\n": typeof types.RoleDocument,
    "\n  query CompetencySearch($text: String!, $lang: Language) {\n    competencies(first: 8, where: { text: $text }) { edges { node { id key name(lang: $lang) } } }\n  }\n": typeof types.CompetencySearchDocument,
    "\n  mutation Link($input: LinkInput!) {\n    link(input: $input) { type }\n  }\n": typeof types.LinkDocument,
    "\n  mutation Unlink($type: RelationType!, $from: ID!, $to: ID!) {\n    unlink(type: $type, from: $from, to: $to) { type }\n  }\n": typeof types.UnlinkDocument,
    "\n  query Candidates($role: ID!) {\n    candidatesForRole(roleId: $role, first: 10) {\n      weightedCoverage essentialCoverage metCount totalCount\n      learner { key name headline holdings(first: 500) { edges { level node { key } } } }\n    }\n  }\n": typeof types.CandidatesDocument,
    "\n  query Covering($ids: [ID!]!) {\n    credentialsCovering(competencyIds: $ids, first: 10) {\n      coveredCount coverage\n      credential { key title hours price currency modality organization { name } }\n      covers { level competency { key name } }\n    }\n  }\n": typeof types.CoveringDocument,
    "\n  query OrgCatalogue($key: String!) {\n    organization(key: $key) {\n      id key name\n      credentials(first: 200) {\n        edges { node { id key title description hours price currency modality language eqfLevel assessmentTypes partialValidation } }\n      }\n      blocks(first: 200) {\n        edges {\n          node {\n            id key title certification\n            rule { kind count min }\n            components { edges { node { __typename ... on Credential { key title } ... on Block { key title } } } }\n          }\n        }\n      }\n    }\n  }\n": typeof types.OrgCatalogueDocument,
    "\n  mutation CreateCredential($input: CreateCredentialInput!) {\n    createCredential(input: $input) { key title }\n  }\n": typeof types.CreateCredentialDocument,
    "\n  mutation UpdateCredential($input: UpdateCredentialInput!) {\n    updateCredential(input: $input) { key title }\n  }\n": typeof types.UpdateCredentialDocument,
    "\n  mutation CreateBlock($input: CreateBlockInput!) {\n    createBlock(input: $input) { key title }\n  }\n": typeof types.CreateBlockDocument,
    "\n  mutation UpdateBlock($input: UpdateBlockInput!) {\n    updateBlock(input: $input) { key title }\n  }\n": typeof types.UpdateBlockDocument,
    "\n  mutation IssueBadge($input: IssueBadgeInput!) {\n    issueBadge(input: $input) {\n      id key status issuedAt result evidence viewUrl imageUrl\n      subject { __typename ... on Credential { title } ... on Block { title } }\n    }\n  }\n": typeof types.IssueBadgeDocument,
    "\n  query Achievement($key: String!) {\n    achievement(key: $key) {\n      id key status statusReason issuedAt result viewUrl imageUrl\n      subject { __typename ... on Credential { title organization { key } } ... on Block { title blockOrg: organization { key } } }\n    }\n  }\n": typeof types.AchievementDocument,
    "\n  mutation Revoke($id: ID!, $reason: String!) {\n    revokeAchievement(id: $id, reason: $reason) { key status statusReason }\n  }\n": typeof types.RevokeDocument,
    "\n  mutation Suspend($id: ID!, $reason: String!) {\n    suspendAchievement(id: $id, reason: $reason) { key status statusReason }\n  }\n": typeof types.SuspendDocument,
    "\n  mutation Reinstate($id: ID!) {\n    reinstateAchievement(id: $id) { key status statusReason }\n  }\n": typeof types.ReinstateDocument,
    "\n  query OccupationSearch($text: String!, $lang: Language) {\n    jobRoles(first: 20, where: { text: $text }) {\n      edges { node { id key title(lang: $lang) organization { key } } }\n    }\n  }\n": typeof types.OccupationSearchDocument,
    "\n  mutation CreateRoleFromOccupation($input: CreateJobRoleFromOccupationInput!) {\n    createJobRoleFromOccupation(input: $input) { key title requirements(first: 0) { totalCount } }\n  }\n": typeof types.CreateRoleFromOccupationDocument,
    "\n  query CoverageMatrix($role: ID!, $lang: Language) {\n    coverageMatrix(roleId: $role, first: 50, objective: COST) {\n      totalCredentials provenOptimal\n      requirements {\n        importance level weight coverable\n        competency { key name(lang: $lang) }\n        cells { level meets credential { key } }\n      }\n      credentials {\n        hours price currency meets essentialMeets inCheapest\n        credential { key title organization { name } }\n      }\n      cheapest { totalHours totalCost credentialCount }\n      uncoveredGaps { competency { key name(lang: $lang) } level reason(lang: $lang) }\n    }\n  }\n": typeof types.CoverageMatrixDocument,
    "\n  query IssuedBadges {\n    achievements(first: 200, orderBy: { field: ISSUED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id key status statusReason issuedAt result viewUrl imageUrl\n          subject { __typename ... on Credential { title } ... on Block { title } }\n        }\n      }\n    }\n  }\n": typeof types.IssuedBadgesDocument,
};
const documents: Documents = {
    "\n  query Roles($where: JobRoleWhere, $lang: Language) {\n    jobRoles(first: 200, where: $where) {\n      edges { node { id key title(lang: $lang) organization { key name } } }\n    }\n  }\n": types.RolesDocument,
    "\n  query MyLearners {\n    learners(first: 200) {\n      totalCount\n      edges {\n        node {\n          id key name headline openToOpportunities\n          targets { edges { node { key title } } }\n          achievements(first: 100) { totalCount }\n        }\n      }\n    }\n  }\n": types.MyLearnersDocument,
    "\n  query Learner($key: String!, $lang: Language) {\n    learner(key: $key) {\n      id key name headline country openToOpportunities advisorId\n      constraints { hoursPerWeek maxBudget maxTotalHours modalities languages deadline }\n      inProgress { key title hours }\n      holdings(first: 500) { totalCount edges { level source since node { key name(lang: $lang) } } }\n      targets { edges { node { id key title(lang: $lang) } } }\n      achievements(first: 200) {\n        edges {\n          node {\n            id key status statusReason issuedAt validUntil result visibility viewUrl badgeUrl imageUrl addToProfileUrl partial\n            subject {\n              __typename\n              ... on Credential { key title organization { name } }\n              ... on Block { key title certification blockOrg: organization { name } }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.LearnerDocument,
    "\n  query SkillGap($learner: ID!, $role: ID!, $lang: Language) {\n    skillGap(learnerId: $learner, roleId: $role) {\n      essentialCoverage optionalCoverage weightedCoverage metCount totalCount\n      requirements {\n        importance weight requiredLevel heldLevel met\n        competency { key name(lang: $lang) }\n        coveredBy(first: 3) { key title hours price }\n      }\n    }\n  }\n": types.SkillGapDocument,
    "\n  query Pathways($learner: ID!, $role: ID!, $options: PathwayOptions, $lang: Language) {\n    recommendPathways(learnerId: $learner, targetRoleId: $role, options: $options) {\n      provenOptimal elapsedMs optimalityGap\n      uncoveredGaps { competency { key name(lang: $lang) } level essential code reason(lang: $lang) }\n      pathways {\n        totalHours totalCost totalEcts credentialCount calendarWeeks objectiveValue\n        completesBlocks { key title certification }\n        steps {\n          phase startWeek endWeek hours price inProgress explanation(lang: $lang)\n          credential {\n            key title modality language\n            organization { name }\n            prerequisites { edges { node { key title } } }\n          }\n          covers { competency { key name(lang: $lang) } level essential }\n          unlocks { key title }\n          completesBlocks { key title certification }\n        }\n      }\n    }\n  }\n": types.PathwaysDocument,
    "\n  query RoleFit($learner: ID!, $lang: Language) {\n    roleFit(learnerId: $learner, first: 8) {\n      role { key title(lang: $lang) }\n      weightedCoverage essentialCoverage metCount totalCount pathwayHours\n    }\n  }\n": types.RoleFitDocument,
    "\n  query Certifications {\n    blocks(first: 100) { edges { node { key title certification organization { name } } } }\n  }\n": types.CertificationsDocument,
    "\n  query BlockProgress($learner: ID!, $block: ID!) {\n    blockProgress(learnerId: $learner, blockId: $block) {\n      complete percent completable\n      cheapestCompletion { key title hours } cheapestCompletionHours cheapestCompletionCost\n      nested {\n        percent complete\n        block { key title }\n        done { __typename ... on Credential { key title } ... on Block { key title } }\n        missing { __typename ... on Credential { key title } ... on Block { key title } }\n      }\n      done { __typename ... on Credential { key title } ... on Block { key title } }\n      missing { __typename ... on Credential { key title } ... on Block { key title } }\n    }\n  }\n": types.BlockProgressDocument,
    "\n  mutation SetVisibility($id: ID!, $visibility: BadgeVisibility!) {\n    setAchievementVisibility(id: $id, visibility: $visibility) { key visibility }\n  }\n": types.SetVisibilityDocument,
    "\n  query BadgeJwt($key: String!) {\n    achievement(key: $key) { key badgeJwt }\n  }\n": types.BadgeJwtDocument,
    "\n  query Role($key: String!, $lang: Language) {\n    jobRole(key: $key) {\n      id key title(lang: $lang) description\n      organization { key name }\n      requirements(first: 500) { totalCount edges { importance level weight node { id key name(lang: $lang) } } }\n    }\n  }\n": types.RoleDocument,
    "\n  query CompetencySearch($text: String!, $lang: Language) {\n    competencies(first: 8, where: { text: $text }) { edges { node { id key name(lang: $lang) } } }\n  }\n": types.CompetencySearchDocument,
    "\n  mutation Link($input: LinkInput!) {\n    link(input: $input) { type }\n  }\n": types.LinkDocument,
    "\n  mutation Unlink($type: RelationType!, $from: ID!, $to: ID!) {\n    unlink(type: $type, from: $from, to: $to) { type }\n  }\n": types.UnlinkDocument,
    "\n  query Candidates($role: ID!) {\n    candidatesForRole(roleId: $role, first: 10) {\n      weightedCoverage essentialCoverage metCount totalCount\n      learner { key name headline holdings(first: 500) { edges { level node { key } } } }\n    }\n  }\n": types.CandidatesDocument,
    "\n  query Covering($ids: [ID!]!) {\n    credentialsCovering(competencyIds: $ids, first: 10) {\n      coveredCount coverage\n      credential { key title hours price currency modality organization { name } }\n      covers { level competency { key name } }\n    }\n  }\n": types.CoveringDocument,
    "\n  query OrgCatalogue($key: String!) {\n    organization(key: $key) {\n      id key name\n      credentials(first: 200) {\n        edges { node { id key title description hours price currency modality language eqfLevel assessmentTypes partialValidation } }\n      }\n      blocks(first: 200) {\n        edges {\n          node {\n            id key title certification\n            rule { kind count min }\n            components { edges { node { __typename ... on Credential { key title } ... on Block { key title } } } }\n          }\n        }\n      }\n    }\n  }\n": types.OrgCatalogueDocument,
    "\n  mutation CreateCredential($input: CreateCredentialInput!) {\n    createCredential(input: $input) { key title }\n  }\n": types.CreateCredentialDocument,
    "\n  mutation UpdateCredential($input: UpdateCredentialInput!) {\n    updateCredential(input: $input) { key title }\n  }\n": types.UpdateCredentialDocument,
    "\n  mutation CreateBlock($input: CreateBlockInput!) {\n    createBlock(input: $input) { key title }\n  }\n": types.CreateBlockDocument,
    "\n  mutation UpdateBlock($input: UpdateBlockInput!) {\n    updateBlock(input: $input) { key title }\n  }\n": types.UpdateBlockDocument,
    "\n  mutation IssueBadge($input: IssueBadgeInput!) {\n    issueBadge(input: $input) {\n      id key status issuedAt result evidence viewUrl imageUrl\n      subject { __typename ... on Credential { title } ... on Block { title } }\n    }\n  }\n": types.IssueBadgeDocument,
    "\n  query Achievement($key: String!) {\n    achievement(key: $key) {\n      id key status statusReason issuedAt result viewUrl imageUrl\n      subject { __typename ... on Credential { title organization { key } } ... on Block { title blockOrg: organization { key } } }\n    }\n  }\n": types.AchievementDocument,
    "\n  mutation Revoke($id: ID!, $reason: String!) {\n    revokeAchievement(id: $id, reason: $reason) { key status statusReason }\n  }\n": types.RevokeDocument,
    "\n  mutation Suspend($id: ID!, $reason: String!) {\n    suspendAchievement(id: $id, reason: $reason) { key status statusReason }\n  }\n": types.SuspendDocument,
    "\n  mutation Reinstate($id: ID!) {\n    reinstateAchievement(id: $id) { key status statusReason }\n  }\n": types.ReinstateDocument,
    "\n  query OccupationSearch($text: String!, $lang: Language) {\n    jobRoles(first: 20, where: { text: $text }) {\n      edges { node { id key title(lang: $lang) organization { key } } }\n    }\n  }\n": types.OccupationSearchDocument,
    "\n  mutation CreateRoleFromOccupation($input: CreateJobRoleFromOccupationInput!) {\n    createJobRoleFromOccupation(input: $input) { key title requirements(first: 0) { totalCount } }\n  }\n": types.CreateRoleFromOccupationDocument,
    "\n  query CoverageMatrix($role: ID!, $lang: Language) {\n    coverageMatrix(roleId: $role, first: 50, objective: COST) {\n      totalCredentials provenOptimal\n      requirements {\n        importance level weight coverable\n        competency { key name(lang: $lang) }\n        cells { level meets credential { key } }\n      }\n      credentials {\n        hours price currency meets essentialMeets inCheapest\n        credential { key title organization { name } }\n      }\n      cheapest { totalHours totalCost credentialCount }\n      uncoveredGaps { competency { key name(lang: $lang) } level reason(lang: $lang) }\n    }\n  }\n": types.CoverageMatrixDocument,
    "\n  query IssuedBadges {\n    achievements(first: 200, orderBy: { field: ISSUED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id key status statusReason issuedAt result viewUrl imageUrl\n          subject { __typename ... on Credential { title } ... on Block { title } }\n        }\n      }\n    }\n  }\n": types.IssuedBadgesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Roles($where: JobRoleWhere, $lang: Language) {\n    jobRoles(first: 200, where: $where) {\n      edges { node { id key title(lang: $lang) organization { key name } } }\n    }\n  }\n"): typeof import('./graphql').RolesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyLearners {\n    learners(first: 200) {\n      totalCount\n      edges {\n        node {\n          id key name headline openToOpportunities\n          targets { edges { node { key title } } }\n          achievements(first: 100) { totalCount }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyLearnersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Learner($key: String!, $lang: Language) {\n    learner(key: $key) {\n      id key name headline country openToOpportunities advisorId\n      constraints { hoursPerWeek maxBudget maxTotalHours modalities languages deadline }\n      inProgress { key title hours }\n      holdings(first: 500) { totalCount edges { level source since node { key name(lang: $lang) } } }\n      targets { edges { node { id key title(lang: $lang) } } }\n      achievements(first: 200) {\n        edges {\n          node {\n            id key status statusReason issuedAt validUntil result visibility viewUrl badgeUrl imageUrl addToProfileUrl partial\n            subject {\n              __typename\n              ... on Credential { key title organization { name } }\n              ... on Block { key title certification blockOrg: organization { name } }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').LearnerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SkillGap($learner: ID!, $role: ID!, $lang: Language) {\n    skillGap(learnerId: $learner, roleId: $role) {\n      essentialCoverage optionalCoverage weightedCoverage metCount totalCount\n      requirements {\n        importance weight requiredLevel heldLevel met\n        competency { key name(lang: $lang) }\n        coveredBy(first: 3) { key title hours price }\n      }\n    }\n  }\n"): typeof import('./graphql').SkillGapDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Pathways($learner: ID!, $role: ID!, $options: PathwayOptions, $lang: Language) {\n    recommendPathways(learnerId: $learner, targetRoleId: $role, options: $options) {\n      provenOptimal elapsedMs optimalityGap\n      uncoveredGaps { competency { key name(lang: $lang) } level essential code reason(lang: $lang) }\n      pathways {\n        totalHours totalCost totalEcts credentialCount calendarWeeks objectiveValue\n        completesBlocks { key title certification }\n        steps {\n          phase startWeek endWeek hours price inProgress explanation(lang: $lang)\n          credential {\n            key title modality language\n            organization { name }\n            prerequisites { edges { node { key title } } }\n          }\n          covers { competency { key name(lang: $lang) } level essential }\n          unlocks { key title }\n          completesBlocks { key title certification }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PathwaysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoleFit($learner: ID!, $lang: Language) {\n    roleFit(learnerId: $learner, first: 8) {\n      role { key title(lang: $lang) }\n      weightedCoverage essentialCoverage metCount totalCount pathwayHours\n    }\n  }\n"): typeof import('./graphql').RoleFitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Certifications {\n    blocks(first: 100) { edges { node { key title certification organization { name } } } }\n  }\n"): typeof import('./graphql').CertificationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BlockProgress($learner: ID!, $block: ID!) {\n    blockProgress(learnerId: $learner, blockId: $block) {\n      complete percent completable\n      cheapestCompletion { key title hours } cheapestCompletionHours cheapestCompletionCost\n      nested {\n        percent complete\n        block { key title }\n        done { __typename ... on Credential { key title } ... on Block { key title } }\n        missing { __typename ... on Credential { key title } ... on Block { key title } }\n      }\n      done { __typename ... on Credential { key title } ... on Block { key title } }\n      missing { __typename ... on Credential { key title } ... on Block { key title } }\n    }\n  }\n"): typeof import('./graphql').BlockProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetVisibility($id: ID!, $visibility: BadgeVisibility!) {\n    setAchievementVisibility(id: $id, visibility: $visibility) { key visibility }\n  }\n"): typeof import('./graphql').SetVisibilityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BadgeJwt($key: String!) {\n    achievement(key: $key) { key badgeJwt }\n  }\n"): typeof import('./graphql').BadgeJwtDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Role($key: String!, $lang: Language) {\n    jobRole(key: $key) {\n      id key title(lang: $lang) description\n      organization { key name }\n      requirements(first: 500) { totalCount edges { importance level weight node { id key name(lang: $lang) } } }\n    }\n  }\n"): typeof import('./graphql').RoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompetencySearch($text: String!, $lang: Language) {\n    competencies(first: 8, where: { text: $text }) { edges { node { id key name(lang: $lang) } } }\n  }\n"): typeof import('./graphql').CompetencySearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Link($input: LinkInput!) {\n    link(input: $input) { type }\n  }\n"): typeof import('./graphql').LinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unlink($type: RelationType!, $from: ID!, $to: ID!) {\n    unlink(type: $type, from: $from, to: $to) { type }\n  }\n"): typeof import('./graphql').UnlinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Candidates($role: ID!) {\n    candidatesForRole(roleId: $role, first: 10) {\n      weightedCoverage essentialCoverage metCount totalCount\n      learner { key name headline holdings(first: 500) { edges { level node { key } } } }\n    }\n  }\n"): typeof import('./graphql').CandidatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Covering($ids: [ID!]!) {\n    credentialsCovering(competencyIds: $ids, first: 10) {\n      coveredCount coverage\n      credential { key title hours price currency modality organization { name } }\n      covers { level competency { key name } }\n    }\n  }\n"): typeof import('./graphql').CoveringDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrgCatalogue($key: String!) {\n    organization(key: $key) {\n      id key name\n      credentials(first: 200) {\n        edges { node { id key title description hours price currency modality language eqfLevel assessmentTypes partialValidation } }\n      }\n      blocks(first: 200) {\n        edges {\n          node {\n            id key title certification\n            rule { kind count min }\n            components { edges { node { __typename ... on Credential { key title } ... on Block { key title } } } }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').OrgCatalogueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCredential($input: CreateCredentialInput!) {\n    createCredential(input: $input) { key title }\n  }\n"): typeof import('./graphql').CreateCredentialDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCredential($input: UpdateCredentialInput!) {\n    updateCredential(input: $input) { key title }\n  }\n"): typeof import('./graphql').UpdateCredentialDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBlock($input: CreateBlockInput!) {\n    createBlock(input: $input) { key title }\n  }\n"): typeof import('./graphql').CreateBlockDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateBlock($input: UpdateBlockInput!) {\n    updateBlock(input: $input) { key title }\n  }\n"): typeof import('./graphql').UpdateBlockDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueBadge($input: IssueBadgeInput!) {\n    issueBadge(input: $input) {\n      id key status issuedAt result evidence viewUrl imageUrl\n      subject { __typename ... on Credential { title } ... on Block { title } }\n    }\n  }\n"): typeof import('./graphql').IssueBadgeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Achievement($key: String!) {\n    achievement(key: $key) {\n      id key status statusReason issuedAt result viewUrl imageUrl\n      subject { __typename ... on Credential { title organization { key } } ... on Block { title blockOrg: organization { key } } }\n    }\n  }\n"): typeof import('./graphql').AchievementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Revoke($id: ID!, $reason: String!) {\n    revokeAchievement(id: $id, reason: $reason) { key status statusReason }\n  }\n"): typeof import('./graphql').RevokeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Suspend($id: ID!, $reason: String!) {\n    suspendAchievement(id: $id, reason: $reason) { key status statusReason }\n  }\n"): typeof import('./graphql').SuspendDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reinstate($id: ID!) {\n    reinstateAchievement(id: $id) { key status statusReason }\n  }\n"): typeof import('./graphql').ReinstateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OccupationSearch($text: String!, $lang: Language) {\n    jobRoles(first: 20, where: { text: $text }) {\n      edges { node { id key title(lang: $lang) organization { key } } }\n    }\n  }\n"): typeof import('./graphql').OccupationSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoleFromOccupation($input: CreateJobRoleFromOccupationInput!) {\n    createJobRoleFromOccupation(input: $input) { key title requirements(first: 0) { totalCount } }\n  }\n"): typeof import('./graphql').CreateRoleFromOccupationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CoverageMatrix($role: ID!, $lang: Language) {\n    coverageMatrix(roleId: $role, first: 50, objective: COST) {\n      totalCredentials provenOptimal\n      requirements {\n        importance level weight coverable\n        competency { key name(lang: $lang) }\n        cells { level meets credential { key } }\n      }\n      credentials {\n        hours price currency meets essentialMeets inCheapest\n        credential { key title organization { name } }\n      }\n      cheapest { totalHours totalCost credentialCount }\n      uncoveredGaps { competency { key name(lang: $lang) } level reason(lang: $lang) }\n    }\n  }\n"): typeof import('./graphql').CoverageMatrixDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IssuedBadges {\n    achievements(first: 200, orderBy: { field: ISSUED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id key status statusReason issuedAt result viewUrl imageUrl\n          subject { __typename ... on Credential { title } ... on Block { title } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').IssuedBadgesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
