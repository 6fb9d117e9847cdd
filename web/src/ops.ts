// Every GraphQL operation of the app. `npm run codegen` types them from ../schema/*.graphqls.
import { graphql } from './gql';

export const RolesDoc = graphql(`
  query Roles($where: JobRoleWhere, $lang: Language) {
    jobRoles(first: 200, where: $where) {
      edges { node { id key title(lang: $lang) organization { key name } } }
    }
  }
`);

export const MyLearnersDoc = graphql(`
  query MyLearners {
    learners(first: 200) {
      totalCount
      edges {
        node {
          id key name headline openToOpportunities
          targets { edges { node { key title } } }
          achievements(first: 100) { totalCount }
        }
      }
    }
  }
`);

export const LearnerDoc = graphql(`
  query Learner($key: String!, $lang: Language) {
    learner(key: $key) {
      id key name headline country openToOpportunities advisorId
      constraints { hoursPerWeek maxBudget maxTotalHours modalities languages deadline }
      inProgress { key title hours }
      holdings(first: 500) { totalCount edges { level source since node { key name(lang: $lang) } } }
      targets { edges { node { id key title(lang: $lang) } } }
      achievements(first: 200) {
        edges {
          node {
            id key status statusReason issuedAt validUntil result visibility viewUrl badgeUrl imageUrl addToProfileUrl partial
            subject {
              __typename
              ... on Credential { key title organization { name } }
              ... on Block { key title certification blockOrg: organization { name } }
            }
          }
        }
      }
    }
  }
`);

export const SkillGapDoc = graphql(`
  query SkillGap($learner: ID!, $role: ID!, $lang: Language) {
    skillGap(learnerId: $learner, roleId: $role) {
      essentialCoverage optionalCoverage weightedCoverage metCount totalCount
      requirements {
        importance weight requiredLevel heldLevel met
        competency { key name(lang: $lang) }
        coveredBy(first: 3) { key title hours price }
      }
    }
  }
`);

export const PathwaysDoc = graphql(`
  query Pathways($learner: ID!, $role: ID!, $options: PathwayOptions, $lang: Language) {
    recommendPathways(learnerId: $learner, targetRoleId: $role, options: $options) {
      provenOptimal elapsedMs optimalityGap
      uncoveredGaps { competency { key name(lang: $lang) } level essential code reason(lang: $lang) }
      pathways {
        totalHours totalCost totalEcts credentialCount calendarWeeks objectiveValue
        completesBlocks { key title certification }
        steps {
          phase startWeek endWeek hours price inProgress explanation(lang: $lang)
          credential {
            key title modality language
            organization { name }
            prerequisites { edges { node { key title } } }
          }
          covers { competency { key name(lang: $lang) } level essential }
          unlocks { key title }
          completesBlocks { key title certification }
        }
      }
    }
  }
`);

export const RoleFitDoc = graphql(`
  query RoleFit($learner: ID!, $lang: Language) {
    roleFit(learnerId: $learner, first: 8) {
      role { key title(lang: $lang) }
      weightedCoverage essentialCoverage metCount totalCount pathwayHours
    }
  }
`);

export const CertificationsDoc = graphql(`
  query Certifications {
    blocks(first: 100) { edges { node { key title certification organization { name } } } }
  }
`);

export const BlockProgressDoc = graphql(`
  query BlockProgress($learner: ID!, $block: ID!) {
    blockProgress(learnerId: $learner, blockId: $block) {
      complete percent completable
      cheapestCompletion { key title hours } cheapestCompletionHours cheapestCompletionCost
      nested {
        percent complete
        block { key title }
        done { __typename ... on Credential { key title } ... on Block { key title } }
        missing { __typename ... on Credential { key title } ... on Block { key title } }
      }
      done { __typename ... on Credential { key title } ... on Block { key title } }
      missing { __typename ... on Credential { key title } ... on Block { key title } }
    }
  }
`);

export const SetVisibilityDoc = graphql(`
  mutation SetVisibility($id: ID!, $visibility: BadgeVisibility!) {
    setAchievementVisibility(id: $id, visibility: $visibility) { key visibility }
  }
`);

export const BadgeJwtDoc = graphql(`
  query BadgeJwt($key: String!) {
    achievement(key: $key) { key badgeJwt }
  }
`);

export const RoleDoc = graphql(`
  query Role($key: String!, $lang: Language) {
    jobRole(key: $key) {
      id key title(lang: $lang) description
      organization { key name }
      requirements(first: 500) { totalCount edges { importance level weight node { id key name(lang: $lang) } } }
    }
  }
`);

export const CompetencySearchDoc = graphql(`
  query CompetencySearch($text: String!, $lang: Language) {
    competencies(first: 8, where: { text: $text }) { edges { node { id key name(lang: $lang) } } }
  }
`);

export const LinkDoc = graphql(`
  mutation Link($input: LinkInput!) {
    link(input: $input) { type }
  }
`);

export const UnlinkDoc = graphql(`
  mutation Unlink($type: RelationType!, $from: ID!, $to: ID!) {
    unlink(type: $type, from: $from, to: $to) { type }
  }
`);

export const CandidatesDoc = graphql(`
  query Candidates($role: ID!) {
    candidatesForRole(roleId: $role, first: 10) {
      weightedCoverage essentialCoverage metCount totalCount
      learner { key name headline holdings(first: 500) { edges { level node { key } } } }
    }
  }
`);

export const CoveringDoc = graphql(`
  query Covering($ids: [ID!]!) {
    credentialsCovering(competencyIds: $ids, first: 10) {
      coveredCount coverage
      credential { key title hours price currency modality organization { name } }
      covers { level competency { key name } }
    }
  }
`);

export const OrgCatalogueDoc = graphql(`
  query OrgCatalogue($key: String!) {
    organization(key: $key) {
      id key name
      credentials(first: 200) {
        edges { node { id key title description hours price currency modality language eqfLevel assessmentTypes partialValidation } }
      }
      blocks(first: 200) {
        edges {
          node {
            id key title certification
            rule { kind count min }
            components { edges { node { __typename ... on Credential { key title } ... on Block { key title } } } }
          }
        }
      }
    }
  }
`);

export const CreateCredentialDoc = graphql(`
  mutation CreateCredential($input: CreateCredentialInput!) {
    createCredential(input: $input) { key title }
  }
`);

export const UpdateCredentialDoc = graphql(`
  mutation UpdateCredential($input: UpdateCredentialInput!) {
    updateCredential(input: $input) { key title }
  }
`);

export const CreateBlockDoc = graphql(`
  mutation CreateBlock($input: CreateBlockInput!) {
    createBlock(input: $input) { key title }
  }
`);

export const UpdateBlockDoc = graphql(`
  mutation UpdateBlock($input: UpdateBlockInput!) {
    updateBlock(input: $input) { key title }
  }
`);

export const IssueBadgeDoc = graphql(`
  mutation IssueBadge($input: IssueBadgeInput!) {
    issueBadge(input: $input) {
      id key status issuedAt result evidence viewUrl imageUrl
      subject { __typename ... on Credential { title } ... on Block { title } }
    }
  }
`);

export const AchievementDoc = graphql(`
  query Achievement($key: String!) {
    achievement(key: $key) {
      id key status statusReason issuedAt result viewUrl imageUrl
      subject { __typename ... on Credential { title organization { key } } ... on Block { title blockOrg: organization { key } } }
    }
  }
`);

export const RevokeDoc = graphql(`
  mutation Revoke($id: ID!, $reason: String!) {
    revokeAchievement(id: $id, reason: $reason) { key status statusReason }
  }
`);

export const SuspendDoc = graphql(`
  mutation Suspend($id: ID!, $reason: String!) {
    suspendAchievement(id: $id, reason: $reason) { key status statusReason }
  }
`);

export const ReinstateDoc = graphql(`
  mutation Reinstate($id: ID!) {
    reinstateAchievement(id: $id) { key status statusReason }
  }
`);

export const OccupationSearchDoc = graphql(`
  query OccupationSearch($text: String!, $lang: Language) {
    jobRoles(first: 20, where: { text: $text }) {
      edges { node { id key title(lang: $lang) organization { key } } }
    }
  }
`);

export const CreateRoleFromOccupationDoc = graphql(`
  mutation CreateRoleFromOccupation($input: CreateJobRoleFromOccupationInput!) {
    createJobRoleFromOccupation(input: $input) { key title requirements(first: 0) { totalCount } }
  }
`);

export const CoverageMatrixDoc = graphql(`
  query CoverageMatrix($role: ID!, $lang: Language) {
    coverageMatrix(roleId: $role, first: 50, objective: COST) {
      totalCredentials provenOptimal
      requirements {
        importance level weight coverable
        competency { key name(lang: $lang) }
        cells { level meets credential { key } }
      }
      credentials {
        hours price currency meets essentialMeets inCheapest
        credential { key title organization { name } }
      }
      cheapest { totalHours totalCost credentialCount }
      uncoveredGaps { competency { key name(lang: $lang) } level reason(lang: $lang) }
    }
  }
`);

export const IssuedBadgesDoc = graphql(`
  query IssuedBadges {
    achievements(first: 200, orderBy: { field: ISSUED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          id key status statusReason issuedAt result viewUrl imageUrl
          subject { __typename ... on Credential { title } ... on Block { title } }
        }
      }
    }
  }
`);
