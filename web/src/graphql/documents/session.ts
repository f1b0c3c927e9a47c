import { graphql } from "../../gql";

// What every page needs to know about the signed-in account: roles and their scopes. The
// person record (with the unmasked ID number) is fetched only by the pages that show it.
export const ViewerFields = graphql(`
  fragment ViewerFields on Me {
    account {
      id
      kind
      status
      username
      displayName
      mobileMasked
      totpEnabled
      grants {
        role
        authorityCode
        institution {
          id
          name
          nameEn
        }
      }
    }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    me {
      ...ViewerFields
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on SignedIn {
        me {
          ...ViewerFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
      ... on RateLimited {
        retryAfterSeconds
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      revokedSessions
    }
  }
`);

export const LogoutEverywhereMutation = graphql(`
  mutation LogoutEverywhere {
    logoutEverywhere {
      revokedSessions
    }
  }
`);

export const CompleteSignOnMutation = graphql(`
  mutation CompleteSignOn($input: CompleteSignOnInput!) {
    completeSignOn(input: $input) {
      __typename
      ... on SignedIn {
        me {
          ...ViewerFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
      ... on RateLimited {
        retryAfterSeconds
      }
    }
  }
`);
