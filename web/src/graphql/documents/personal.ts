import { graphql } from "../../gql";

// A practitioner on their phone: activation, recovery, profile, mobile, TOTP, certification.

export const StartActivationMutation = graphql(`
  mutation StartActivation($input: StartActivationInput!) {
    startActivation(input: $input) {
      __typename
      ... on CodeSent {
        codeId
        mobileMasked
        expiresAt
        resendAvailableAt
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

export const ResendActivationMutation = graphql(`
  mutation ResendActivationCode($activationId: ID!) {
    resendActivationCode(activationId: $activationId) {
      __typename
      ... on CodeSent {
        codeId
        mobileMasked
        expiresAt
        resendAvailableAt
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

export const CheckActivationCodeMutation = graphql(`
  mutation CheckActivationCode($input: CheckActivationCodeInput!) {
    checkActivationCode(input: $input) {
      __typename
      ... on CodeChecked {
        codeId
        expiresAt
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const CompleteActivationMutation = graphql(`
  mutation CompleteActivation($input: CompleteActivationInput!) {
    completeActivation(input: $input) {
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

export const StartPasswordResetMutation = graphql(`
  mutation StartPasswordReset($input: StartPasswordResetInput!) {
    startPasswordReset(input: $input) {
      __typename
      ... on CodeSent {
        codeId
        mobileMasked
        expiresAt
        resendAvailableAt
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

export const CompletePasswordResetMutation = graphql(`
  mutation CompletePasswordReset($input: CompletePasswordResetInput!) {
    completePasswordReset(input: $input) {
      __typename
      ... on PasswordResetDone {
        message
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const CertificationFields = graphql(`
  fragment CertificationFields on StaffCertification {
    id
    profession
    status
    requestedAt
    decidedAt
    documentChecked
    reason
    endedAt
    decidedBy
    institution {
      id
      name
      nameEn
      licenceNumber
    }
  }
`);

export const MyProfileQuery = graphql(`
  query MyProfile {
    me {
      account {
        id
        kind
        username
        displayName
        mobileMasked
        totpEnabled
        createdAt
        activatedAt
      }
      person {
        name
        idNumber
        idNumberMasked
        mobile
        mobileMasked
        sex
        birthDate
      }
      certifications {
        ...CertificationFields
      }
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      __typename
      ... on PasswordChanged {
        me {
          account {
            id
          }
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

export const StartMobileChangeMutation = graphql(`
  mutation StartMobileChange($input: StartMobileChangeInput!) {
    startMobileChange(input: $input) {
      __typename
      ... on CodeSent {
        codeId
        mobileMasked
        expiresAt
        resendAvailableAt
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

export const CompleteMobileChangeMutation = graphql(`
  mutation CompleteMobileChange($input: CompleteMobileChangeInput!) {
    completeMobileChange(input: $input) {
      __typename
      ... on MobileChanged {
        me {
          ...ViewerFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const BeginTotpMutation = graphql(`
  mutation BeginTotpEnrolment {
    beginTotpEnrolment {
      __typename
      ... on TotpEnrolment {
        enrolmentToken
        secret
        otpauthUri
        qrCodeDataUri
        expiresAt
      }
      ...ErrorFields
    }
  }
`);

export const ConfirmTotpMutation = graphql(`
  mutation ConfirmTotpEnrolment($input: ConfirmTotpInput!) {
    confirmTotpEnrolment(input: $input) {
      __typename
      ... on TotpEnabled {
        me {
          ...ViewerFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const RequestCertificationMutation = graphql(`
  mutation RequestCertification($input: RequestCertificationInput!) {
    requestCertification(input: $input) {
      __typename
      ... on CertificationUpdated {
        certification {
          ...CertificationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const MyCertificationsQuery = graphql(`
  query MyCertifications {
    me {
      certifications {
        ...CertificationFields
      }
    }
  }
`);
