import { graphql } from "../../gql";

// The personal homes after sign-in: what a practitioner has under way, what an institution's
// staff have waiting.

export const PractitionerHomeQuery = graphql(`
  query PractitionerHome($first: Int!) {
    me {
      certifications {
        id
        status
        institution {
          id
          name
          nameEn
        }
      }
    }
    myApplications(first: $first) {
      nodes {
        ...ApplicationSummaryFields
        institutionReview
        paperRequired
        returnedFrom
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    myLicences {
      id
      number
      kind
      status
      validUntil
    }
  }
`);

export const InstitutionHomeQuery = graphql(`
  query InstitutionHome($institutionId: ID!, $first: Int!) {
    certificationQueue(first: $first) {
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    institutionQueue(first: $first) {
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    institutionRoster(institutionId: $institutionId, expiringOnly: true, first: 5) {
      nodes {
        id
        name
        number
        profession
        validUntil
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
