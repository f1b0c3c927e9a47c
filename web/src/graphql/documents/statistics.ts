import { graphql } from "../../gql";

// Statistics for the health commissions: resource allocation as of a date and rollout
// supervision over a period, both as tables of coded keys and (possibly suppressed) values.

export const StatisticsReportFields = graphql(`
  fragment StatisticsReportFields on StatisticsReport {
    kind
    authority
    asOf
    periodFrom
    periodTo
    generatedAt
    suppressionThreshold
    notes {
      key
      text
    }
    tables {
      id
      dimensions
      measures
      rows {
        keys
        values {
          value
          suppressed
          text
        }
      }
    }
  }
`);

export const ResourceStatisticsQuery = graphql(`
  query ResourceStatistics($authority: String!, $asOf: Date) {
    resourceStatistics(authority: $authority, asOf: $asOf) {
      ...StatisticsReportFields
    }
  }
`);

export const RolloutSupervisionQuery = graphql(`
  query RolloutSupervision($authority: String!, $from: Date!, $to: Date!) {
    rolloutSupervision(authority: $authority, from: $from, to: $to) {
      ...StatisticsReportFields
    }
  }
`);
