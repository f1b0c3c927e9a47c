import { graphql } from "../../gql";

// Applications for approval items: the catalogue, the applicant's, the institution's and the
// authority's views of them, and every step of the workflow.

export const ApprovalItemFields = graphql(`
  fragment ApprovalItemFields on ApprovalItem {
    code
    subject
    nameZh
    nameEn
    institutionReview
    onlineOnly
    paperRequired
    timeLimitDays
    noticeDays
    version
    attachments
    fields {
      name
      kind
      required
      labelZh
      labelEn
      choices {
        value
        labelEn
        category
      }
    }
  }
`);

export const ApprovalItemsQuery = graphql(`
  query ApprovalItems($subject: RegistrationSubject) {
    approvalItems(subject: $subject) {
      ...ApprovalItemFields
    }
  }
`);

export const ApplicationSummaryFields = graphql(`
  fragment ApplicationSummaryFields on Application {
    id
    number
    subject
    subjectName
    status
    version
    deadline
    overdue
    currentStep
    createdAt
    submittedAt
    waitingOn {
      party
      name
    }
    item {
      code
      nameZh
      nameEn
    }
    institution {
      id
      name
      nameEn
    }
  }
`);

export const ApplicationFields = graphql(`
  fragment ApplicationFields on Application {
    ...ApplicationSummaryFields
    item {
      fields {
        name
        labelZh
        labelEn
      }
    }
    paperRequired
    institutionReview
    timeLimitDays
    workingDaysUsed
    returnedFrom
    acceptedAt
    decidedAt
    completedAt
    availableActions
    authority {
      code
      nameZh
      nameEn
    }
    form {
      qualificationNumber
      education
      category
      scope
      reason
      name
      address
      legalRepresentative
      beds
      subjects
      institution {
        id
        name
        nameEn
      }
    }
    timeline {
      seq
      at
      action
      fromStatus
      toStatus
      actorRole
      actorName
      opinion
    }
    attachments {
      id
      kind
      filename
      contentType
      size
      url
    }
  }
`);

export const CreateApplicationMutation = graphql(`
  mutation CreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const MyApplicationsQuery = graphql(`
  query MyApplications($first: Int!, $after: String) {
    myApplications(first: $first, after: $after) {
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

export const InstitutionQueueQuery = graphql(`
  query InstitutionQueue($statuses: [ApplicationStatus!], $first: Int!, $after: String) {
    institutionQueue(statuses: $statuses, first: $first, after: $after) {
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

export const ApplicationQuery = graphql(`
  query Application($id: ID!) {
    application(id: $id) {
      ...ApplicationFields
    }
  }
`);

export const RosterQuery = graphql(`
  query Roster($institutionId: ID!, $search: String, $expiringOnly: Boolean!, $first: Int!, $after: String) {
    institutionRoster(
      institutionId: $institutionId
      search: $search
      expiringOnly: $expiringOnly
      first: $first
      after: $after
    ) {
      nodes {
        registrationId
        number
        status
        profession
        name
        category
        scope
        validFrom
        validUntil
        relation
        expiringSoon
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const RosterCsvQuery = graphql(`
  query RosterCsv($institutionId: ID!, $search: String, $expiringOnly: Boolean!) {
    institutionRosterCsv(institutionId: $institutionId, search: $search, expiringOnly: $expiringOnly)
  }
`);

export const NoticeBoardQuery = graphql(`
  query NoticeBoard($authority: String!, $first: Int!, $after: String) {
    noticeBoard(authority: $authority, first: $first, after: $after) {
      nodes {
        number
        subject
        name
        itemCode
        completedAt
        noticeUntil
        item {
          nameZh
          nameEn
        }
        institution {
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

export const UpdateApprovalItemMutation = graphql(`
  mutation UpdateApprovalItem($input: UpdateApprovalItemInput!) {
    updateApprovalItem(input: $input) {
      __typename
      ... on ApprovalItemSuccess {
        item {
          ...ApprovalItemFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const SubmitApplicationMutation = graphql(`
  mutation SubmitApplication($input: ApplicationStepInput!) {
    submitApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const ForwardApplicationMutation = graphql(`
  mutation ForwardApplication($input: ApplicationStepInput!) {
    forwardApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const ReturnApplicationMutation = graphql(`
  mutation ReturnApplication($input: ApplicationStepInput!) {
    returnApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const ResubmitApplicationMutation = graphql(`
  mutation ResubmitApplication($input: ApplicationStepInput!) {
    resubmitApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const AcceptApplicationMutation = graphql(`
  mutation AcceptApplication($input: ApplicationStepInput!) {
    acceptApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const RefuseApplicationMutation = graphql(`
  mutation RefuseApplication($input: ApplicationStepInput!) {
    refuseApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const ApproveApplicationMutation = graphql(`
  mutation ApproveApplication($input: ApplicationStepInput!) {
    approveApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const RejectApplicationMutation = graphql(`
  mutation RejectApplication($input: ApplicationStepInput!) {
    rejectApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const ConfirmPaperMaterialsMutation = graphql(`
  mutation ConfirmPaperMaterials($input: ApplicationStepInput!) {
    confirmPaperMaterials(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const WithdrawApplicationMutation = graphql(`
  mutation WithdrawApplication($input: ApplicationStepInput!) {
    withdrawApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const UpdateApplicationMutation = graphql(`
  mutation UpdateApplication($input: UpdateApplicationInput!) {
    updateApplication(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);

export const AddApplicationMaterialsMutation = graphql(`
  mutation AddApplicationMaterials($input: AddMaterialsInput!) {
    addApplicationMaterials(input: $input) {
      __typename
      ... on ApplicationSuccess {
        application {
          ...ApplicationFields
        }
      }
      ...ErrorFields
      ... on ValidationError {
        ...ValidationErrorFields
      }
    }
  }
`);
