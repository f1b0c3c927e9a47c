import { graphql } from "../../gql";

// Electronic licences: the holder's, the officer's, and public verification.

export const LicenceFields = graphql(`
  fragment LicenceFields on Licence {
    id
    number
    version
    kind
    status
    statusReason
    statusChangedAt
    holderName
    issuedAt
    validFrom
    validUntil
    signedAt
    downloadUrl
    verifyUrl
    category
    scope
    institutionName
    issuer {
      code
      nameZh
      nameEn
    }
  }
`);

export const MyLicencesQuery = graphql(`
  query MyLicences {
    myLicences {
      ...LicenceFields
    }
  }
`);

export const LicencesQuery = graphql(`
  query Licences($filter: LicenceFilter, $first: Int!, $after: String) {
    licences(filter: $filter, first: $first, after: $after) {
      nodes {
        ...LicenceFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SuspendLicenceMutation = graphql(`
  mutation SuspendLicence($input: LicenceStatusInput!) {
    suspendLicence(input: $input) {
      __typename
      ... on LicenceSuccess {
        licence {
          ...LicenceFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const ReinstateLicenceMutation = graphql(`
  mutation ReinstateLicence($input: LicenceStatusInput!) {
    reinstateLicence(input: $input) {
      __typename
      ... on LicenceSuccess {
        licence {
          ...LicenceFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const LicenceShareFields = graphql(`
  fragment LicenceShareFields on LicenceShareResult {
    __typename
    ... on LicenceShareSuccess {
      share {
        id
        number
        url
        createdAt
        expiresAt
        revoked
      }
    }
    ...ErrorFields
    ... on ValidationError {
      ...ValidationErrorFields
    }
  }
`);

export const LicenceLiveCodeMutation = graphql(`
  mutation LicenceLiveCode($number: String!) {
    licenceLiveCode(number: $number) {
      ...LicenceShareFields
    }
  }
`);

export const ShareLicenceMutation = graphql(`
  mutation ShareLicence($number: String!, $hours: Int!) {
    shareLicence(number: $number, hours: $hours) {
      ...LicenceShareFields
    }
  }
`);

export const RevokeLicenceShareMutation = graphql(`
  mutation RevokeLicenceShare($id: UUID!) {
    revokeLicenceShare(id: $id) {
      ...LicenceShareFields
    }
  }
`);

export const LicenceShareLinksQuery = graphql(`
  query LicenceShareLinks($number: String!) {
    licenceShareLinks(number: $number) {
      id
      url
      createdAt
      expiresAt
    }
  }
`);
