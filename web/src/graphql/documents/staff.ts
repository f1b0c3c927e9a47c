import { graphql } from "../../gql";

// Institution and authority staff: activation, accounts, certification, disputes.

export const ActivateStaffMutation = graphql(`
  mutation ActivateStaffAccount($input: ActivateStaffInput!) {
    activateStaffAccount(input: $input) {
      __typename
      ... on TotpEnrolment {
        enrolmentToken
        secret
        otpauthUri
        qrCodeDataUri
        expiresAt
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const AccountFields = graphql(`
  fragment AccountFields on Account {
    id
    kind
    status
    username
    displayName
    mobileMasked
    totpEnabled
    signOnLinked
    createdAt
    activatedAt
    disabledAt
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
`);

export const AccountsQuery = graphql(`
  query Accounts($filter: AccountFilter, $first: Int!, $after: String) {
    accounts(filter: $filter, first: $first, after: $after) {
      nodes {
        ...AccountFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CreateStaffAccountMutation = graphql(`
  mutation CreateStaffAccount($input: CreateStaffAccountInput!) {
    createStaffAccount(input: $input) {
      __typename
      ... on StaffAccountIssued {
        codeSentTo
        account {
          ...AccountFields
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

export const IssueInstitutionAccountMutation = graphql(`
  mutation IssueInstitutionAccount($input: IssueInstitutionAccountInput!) {
    issueInstitutionAccount(input: $input) {
      __typename
      ... on StaffAccountIssued {
        codeSentTo
        account {
          ...AccountFields
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

export const ResetStaffCredentialsMutation = graphql(`
  mutation ResetStaffCredentials($accountId: ID!) {
    resetStaffCredentials(accountId: $accountId) {
      __typename
      ... on StaffAccountIssued {
        codeSentTo
        account {
          ...AccountFields
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

export const DisableAccountMutation = graphql(`
  mutation DisableAccount($input: DisableAccountInput!) {
    disableAccount(input: $input) {
      __typename
      ... on AccountUpdated {
        account {
          ...AccountFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const EnableAccountMutation = graphql(`
  mutation EnableAccount($accountId: ID!) {
    enableAccount(accountId: $accountId) {
      __typename
      ... on AccountUpdated {
        account {
          ...AccountFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const StaffCertificationFields = graphql(`
  fragment StaffCertificationFields on StaffCertification {
    id
    profession
    status
    requestedAt
    decidedAt
    documentChecked
    reason
    endedAt
    decidedBy
    person {
      name
      idNumberMasked
      sex
      birthYear
    }
    institution {
      id
      name
      nameEn
    }
  }
`);

export const CertificationQueueQuery = graphql(`
  query CertificationQueue($first: Int!, $after: String) {
    certificationQueue(first: $first, after: $after) {
      nodes {
        ...StaffCertificationFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StaffCertificationsQuery = graphql(`
  query StaffCertifications($filter: StaffCertificationFilter, $first: Int!, $after: String) {
    staffCertifications(filter: $filter, first: $first, after: $after) {
      nodes {
        ...StaffCertificationFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CertifyStaffMutation = graphql(`
  mutation CertifyStaff($input: CertifyStaffInput!) {
    certifyStaff(input: $input) {
      __typename
      ... on CertificationUpdated {
        certification {
          ...StaffCertificationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const DeclineStaffMutation = graphql(`
  mutation DeclineStaff($input: DecideStaffInput!) {
    declineStaff(input: $input) {
      __typename
      ... on CertificationUpdated {
        certification {
          ...StaffCertificationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const EndAffiliationMutation = graphql(`
  mutation EndAffiliation($input: DecideStaffInput!) {
    endAffiliation(input: $input) {
      __typename
      ... on CertificationUpdated {
        certification {
          ...StaffCertificationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const DisputesQuery = graphql(`
  query Disputes($status: DisputeStatus, $first: Int!, $after: String) {
    disputes(status: $status, first: $first, after: $after) {
      nodes {
        id
        kind
        status
        claimantName
        claimantMobileMasked
        authorityCode
        note
        createdAt
        resolvedAt
        person {
          name
          idNumberMasked
          sex
          birthYear
        }
        institution {
          id
          name
          nameEn
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ResolveDisputeMutation = graphql(`
  mutation ResolveDispute($input: ResolveDisputeInput!) {
    resolveDispute(input: $input) {
      __typename
      ... on DisputeResolved {
        dispute {
          id
          status
          note
          resolvedAt
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const LinkStaffSignOnMutation = graphql(`
  mutation LinkStaffSignOn($accountId: ID!, $subject: String!) {
    linkStaffSignOn(accountId: $accountId, subject: $subject) {
      __typename
      ... on AccountUpdated {
        account {
          ...AccountFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const UnlinkStaffSignOnMutation = graphql(`
  mutation UnlinkStaffSignOn($accountId: ID!) {
    unlinkStaffSignOn(accountId: $accountId) {
      __typename
      ... on AccountUpdated {
        account {
          ...AccountFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);
