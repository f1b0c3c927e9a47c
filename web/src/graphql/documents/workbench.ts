import { graphql } from "../../gql";

// The officer's desk: the table of applications (searched, filtered, ordered) and its counts.

export const DeskQuery = graphql(`
  query Desk($filter: WorkbenchFilter, $first: Int!, $after: String, $order: WorkbenchOrder!) {
    workbench(filter: $filter, first: $first, after: $after, order: $order) {
      nodes {
        ...ApplicationSummaryFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const DeskCountsQuery = graphql(`
  query DeskCounts($filter: WorkbenchFilter) {
    workbenchCounts(filter: $filter) {
      byStatus {
        status
        count
      }
      overdue
      total
    }
  }
`);
