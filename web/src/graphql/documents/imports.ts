// Officers: rows the imports of the existing registries quarantined, and the decisions on them.
import { graphql } from "../../gql";

export const ImportIssuesQuery = graphql(`
  query ImportIssues($status: ImportIssueStatus, $first: Int!, $after: String) {
    importIssues(status: $status, first: $first, after: $after) {
      nodes {
        id
        status
        reason
        kind
        rowNumber
        registryName
        fileName
        idNumberMasked
        licenceNumber
        institutionUscc
        createdAt
        decidedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ResolveImportIssueMutation = graphql(`
  mutation ResolveImportIssue($id: ID!) {
    resolveImportIssue(id: $id) {
      __typename
      ... on ImportIssueSuccess {
        issue {
          id
          status
          decidedAt
        }
      }
      ...ErrorFields
    }
  }
`);

export const RejectImportIssueMutation = graphql(`
  mutation RejectImportIssue($id: ID!) {
    rejectImportIssue(id: $id) {
      __typename
      ... on ImportIssueSuccess {
        issue {
          id
          status
          decidedAt
        }
      }
      ...ErrorFields
    }
  }
`);
