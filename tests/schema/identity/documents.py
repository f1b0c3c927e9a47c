"""GraphQL documents the identity tests post, as the web client would."""

START_ACTIVATION = """
mutation Start($input: StartActivationInput!) {
  startActivation(input: $input) {
    __typename
    ... on CodeSent { codeId mobileMasked expiresAt resendAvailableAt }
    ... on Error { code message reason params { name value } }
    ... on ValidationError { fields { field message code params { name value } } }
    ... on RateLimited { retryAfterSeconds }
  }
}
"""
RESEND_ACTIVATION = """
mutation Resend($id: ID!) {
  resendActivationCode(activationId: $id) {
    __typename
    ... on CodeSent { codeId mobileMasked }
    ... on Error { code message reason params { name value } }
    ... on RateLimited { retryAfterSeconds }
  }
}
"""
CHECK_ACTIVATION_CODE = """
mutation Check($input: CheckActivationCodeInput!) {
  checkActivationCode(input: $input) {
    __typename
    ... on CodeChecked { codeId expiresAt }
    ... on Error { code message reason params { name value } }
    ... on ValidationError { fields { field message code params { name value } } }
  }
}
"""
COMPLETE_ACTIVATION = """
mutation Complete($input: CompleteActivationInput!) {
  completeActivation(input: $input) {
    __typename
    ... on SignedIn {
      me { account { id kind status mobileMasked grants { role } }
           person { name idNumber idNumberMasked mobile mobileMasked } }
    }
    ... on Error { code message reason params { name value } }
    ... on ValidationError { fields { field message code params { name value } } }
  }
}
"""
SIGN_IN = """
mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ... on SignedIn { me { account { id kind username displayName } } }
    ... on Error { code message reason params { name value } }
    ... on RateLimited { retryAfterSeconds }
  }
}
"""
ME = """
query { me { account { id kind status username displayName grants { role authorityCode
  institution { id name } } }
  person { name idNumber mobile } certifications { id status profession } } }
"""
LOGOUT = "mutation { logout { revokedSessions } }"
LOGOUT_EVERYWHERE = "mutation { logoutEverywhere { revokedSessions } }"
ACTIVATE_STAFF = """
mutation A($input: ActivateStaffInput!) {
  activateStaffAccount(input: $input) {
    __typename
    ... on TotpEnrolment { enrolmentToken secret otpauthUri qrCodeDataUri expiresAt }
    ... on Error { code message reason params { name value } }
    ... on ValidationError { fields { field message code params { name value } } }
  }
}
"""
CONFIRM_TOTP = """
mutation C($input: ConfirmTotpInput!) {
  confirmTotpEnrolment(input: $input) {
    __typename
    ... on TotpEnabled { me { account { id username status totpEnabled
      grants { role authorityCode institution { id name } } } } }
    ... on Error { code message reason params { name value } }
  }
}
"""
CREATE_STAFF = """
mutation S($input: CreateStaffAccountInput!) {
  createStaffAccount(input: $input) {
    __typename
    ... on StaffAccountIssued { codeSentTo account { id username status kind } }
    ... on Error { code message reason params { name value } }
  }
}
"""
ISSUE_INSTITUTION_ACCOUNT = """
mutation I($input: IssueInstitutionAccountInput!) {
  issueInstitutionAccount(input: $input) {
    __typename
    ... on StaffAccountIssued { codeSentTo account { id username status kind } }
    ... on Error { code message reason params { name value } }
  }
}
"""
DISABLE_ACCOUNT = """
mutation D($input: DisableAccountInput!) {
  disableAccount(input: $input) {
    __typename
    ... on AccountUpdated { account { id status } }
    ... on Error { code message reason params { name value } }
  }
}
"""
RESET_STAFF = """
mutation R($id: ID!) {
  resetStaffCredentials(accountId: $id) {
    __typename
    ... on StaffAccountIssued { account { id status } }
    ... on Error { code message reason params { name value } }
  }
}
"""
REQUEST_CERTIFICATION = """
mutation Q($input: RequestCertificationInput!) {
  requestCertification(input: $input) {
    __typename
    ... on CertificationUpdated { certification { id status profession } }
    ... on Error { code message reason params { name value } }
  }
}
"""
CERTIFY = """
mutation C($input: CertifyStaffInput!) {
  certifyStaff(input: $input) {
    __typename
    ... on CertificationUpdated { certification { id status documentChecked decidedBy decidedAt } }
    ... on Error { code message reason params { name value } }
  }
}
"""
DECLINE = """
mutation D($input: DecideStaffInput!) {
  declineStaff(input: $input) {
    __typename
    ... on CertificationUpdated { certification { id status reason } }
    ... on Error { code message reason params { name value } }
  }
}
"""
END_AFFILIATION = """
mutation E($input: DecideStaffInput!) {
  endAffiliation(input: $input) {
    __typename
    ... on CertificationUpdated { certification { id status reason endedAt } }
    ... on Error { code message reason params { name value } }
  }
}
"""
QUEUE = """
query { certificationQueue(first: 50) { nodes { id status profession
  person { name idNumberMasked } institution { id name } } } }
"""
RESOLVE_DISPUTE = """
mutation R($input: ResolveDisputeInput!) {
  resolveDispute(input: $input) {
    __typename
    ... on DisputeResolved { dispute { id status note } }
    ... on Error { code message reason params { name value } }
  }
}
"""
DISPUTES = """
query { disputes(first: 20) { nodes { id status claimantName claimantMobileMasked
  authorityCode person { name idNumberMasked } institution { id } } } }
"""
