import { graphql } from "../../gql";

// What every refusal says (its code, message, reason and parameters): one selection for
// each mutation's and check's expected errors, read by graphql/errors.ts.
export const ErrorFields = graphql(`
  fragment ErrorFields on Error {
    code
    message
    reason
    params {
      name
      value
    }
  }
`);

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
