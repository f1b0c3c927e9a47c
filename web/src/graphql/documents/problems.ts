import { graphql } from "../../gql";

// What a refused input says about each field: one selection for every mutation's
// ValidationError, read by graphql/errors.ts.
export const ValidationErrorFields = graphql(`
  fragment ValidationErrorFields on ValidationError {
    fields {
      field
      message
      code
      params {
        name
        value
      }
    }
  }
`);
