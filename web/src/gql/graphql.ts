/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date (isoformat) */
  Date: { input: string; output: string; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
};

export type AccountFilter = {
  authorityCode?: InputMaybe<Scalars['String']['input']>;
  institutionId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<AccountStatus>;
};

export type AccountKind =
  | 'AUTHORITY'
  | 'INSTITUTION'
  | 'PERSONAL'
  | 'SYSTEM';

export type AccountStatus =
  | 'ACTIVE'
  | 'DISABLED'
  | 'PENDING';

export type ActivateStaffInput = {
  code: Scalars['String']['input'];
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};

/** The form; set the fields the item asks for (approvalItem.fields). */
export type ApplicationFormInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  beds?: InputMaybe<Scalars['Int']['input']>;
  category?: InputMaybe<PracticeCategory>;
  education?: InputMaybe<Scalars['String']['input']>;
  institutionId?: InputMaybe<Scalars['ID']['input']>;
  legalRepresentative?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  qualificationNumber?: InputMaybe<Scalars['String']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
  scope?: InputMaybe<Scalars['String']['input']>;
  subjects?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type ApplicationStatus =
  | 'AWAITING_ACCEPTANCE'
  | 'AWAITING_INSTITUTION'
  | 'AWAITING_PAPER'
  | 'COMPLETED'
  | 'DRAFT'
  | 'NOT_ACCEPTED'
  | 'REJECTED'
  | 'RETURNED'
  | 'UNDER_REVIEW'
  | 'WITHDRAWN';

export type ApplicationStepInput = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Required to return, refuse or reject: the applicant reads it. */
  opinion?: InputMaybe<Scalars['String']['input']>;
};

export type ApprovalItemCode =
  | 'DOCTOR_CANCELLATION_FILING'
  | 'DOCTOR_CHANGE_REGISTRATION'
  | 'DOCTOR_FIRST_REGISTRATION'
  | 'DOCTOR_MULTI_SITE_CANCELLATION'
  | 'DOCTOR_MULTI_SITE_FILING'
  | 'DOCTOR_REREGISTRATION'
  | 'INSTITUTION_CANCELLATION'
  | 'INSTITUTION_CHANGE_REGISTRATION'
  | 'INSTITUTION_PRACTICE_REGISTRATION'
  | 'INSTITUTION_VALIDATION'
  | 'NURSE_CANCELLATION'
  | 'NURSE_CHANGE_REGISTRATION'
  | 'NURSE_FIRST_REGISTRATION'
  | 'NURSE_RENEWAL'
  | 'NURSE_REREGISTRATION';

export type AttachmentKind =
  | 'EQUIPMENT_LIST'
  | 'HEALTH_CERTIFICATE'
  | 'OTHER'
  | 'PRACTICE_AGREEMENT'
  | 'PREMISES_PROOF'
  | 'QUALIFICATION_CERTIFICATE'
  | 'SELF_INSPECTION_REPORT'
  | 'STAFF_LIST'
  | 'TRAINING_CERTIFICATE';

export type AuthorityLevel =
  | 'DISTRICT'
  | 'MUNICIPAL';

export type CertificationStatus =
  | 'CERTIFIED'
  | 'DECLINED'
  | 'ENDED'
  | 'REQUESTED';

export type CertifyStaffInput = {
  certificationId: Scalars['ID']['input'];
  documentChecked: IdentityDocument;
  note?: InputMaybe<Scalars['String']['input']>;
};

export type ChangePasswordInput = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};

export type CompleteActivationInput = {
  activationId: Scalars['ID']['input'];
  code: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type CompleteMobileChangeInput = {
  changeId: Scalars['ID']['input'];
  code: Scalars['String']['input'];
};

export type CompletePasswordResetInput = {
  code: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
  resetId: Scalars['ID']['input'];
};

export type ConfirmTotpInput = {
  code: Scalars['String']['input'];
  enrolmentToken: Scalars['String']['input'];
};

export type CreateApplicationInput = {
  attachmentIds?: Array<Scalars['ID']['input']>;
  form: ApplicationFormInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** For institution items: the institution that applies. */
  institutionId?: InputMaybe<Scalars['ID']['input']>;
  item: ApprovalItemCode;
  /** Submit at once. */
  submit?: Scalars['Boolean']['input'];
};

export type CreateStaffAccountInput = {
  authorityCode?: InputMaybe<Scalars['String']['input']>;
  displayName: Scalars['String']['input'];
  institutionId?: InputMaybe<Scalars['ID']['input']>;
  mobile: Scalars['String']['input'];
  /** INSTITUTION_OPERATOR, AUTHORITY_OFFICER or AUTHORITY_ADMIN. */
  role: Role;
  username: Scalars['String']['input'];
};

export type DecideStaffInput = {
  certificationId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type DisableAccountInput = {
  accountId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type DisputeOutcome =
  | 'KEEP_EXISTING'
  | 'TRANSFER_TO_CLAIMANT';

export type DisputeStatus =
  | 'KEPT'
  | 'OPEN'
  | 'TRANSFERRED';

export type ErrorCode =
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'INVALID_STATE'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'VALIDATION';

export type FormFieldKind =
  | 'CATEGORY'
  | 'INSTITUTION'
  | 'INTEGER'
  | 'SUBJECTS'
  | 'TEXT';

export type IdentityDocument =
  | 'HK_MACAO_PERMIT'
  | 'PASSPORT'
  | 'PERMANENT_RESIDENCE_CARD'
  | 'RESIDENT_ID_CARD'
  | 'TAIWAN_PERMIT'
  | 'TEMPORARY_ID_CARD';

export type InstitutionFilter = {
  authority?: InputMaybe<Scalars['String']['input']>;
  district?: InputMaybe<Scalars['String']['input']>;
  nameContains?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<InstitutionType>;
};

export type InstitutionLevel =
  | 'PRIMARY'
  | 'SECONDARY'
  | 'TERTIARY'
  | 'UNGRADED';

export type InstitutionStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'PENDING'
  | 'SUSPENDED';

export type InstitutionType =
  | 'CDC'
  | 'CLINIC'
  | 'COMMUNITY_HEALTH_CENTRE'
  | 'GENERAL_HOSPITAL'
  | 'MATERNAL_CHILD_HEALTH'
  | 'NURSING_HOME'
  | 'SPECIALIST_HOSPITAL'
  | 'TCM_HOSPITAL';

export type IssueInstitutionAccountInput = {
  displayName?: InputMaybe<Scalars['String']['input']>;
  institutionId: Scalars['ID']['input'];
  /** Defaults to the institution's designated contact. */
  mobile?: InputMaybe<Scalars['String']['input']>;
  username: Scalars['String']['input'];
};

export type ItemEffect =
  | 'ADD_FILING'
  | 'CANCEL_INSTITUTION'
  | 'CANCEL_REGISTRATION'
  | 'CHANGE_INSTITUTION'
  | 'CHANGE_REGISTRATION'
  | 'CREATE_REGISTRATION'
  | 'EXTEND_REGISTRATION'
  | 'REACTIVATE_REGISTRATION'
  | 'REGISTER_INSTITUTION'
  | 'REMOVE_FILING'
  | 'VALIDATE_INSTITUTION';

export type PracticeCategory =
  | 'CLINICAL'
  | 'DENTAL'
  | 'PUBLIC_HEALTH'
  | 'TCM';

export type Profession =
  | 'DOCTOR'
  | 'NURSE';

export type RegistrationStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'SUSPENDED';

export type RegistrationSubject =
  | 'DOCTOR'
  | 'INSTITUTION'
  | 'NURSE';

export type RequestCertificationInput = {
  /** The institution's unified social credit code or practice licence number. */
  institutionCode: Scalars['String']['input'];
  profession: Profession;
};

export type ResolveDisputeInput = {
  disputeId: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  outcome: DisputeOutcome;
};

export type Role =
  | 'AUTHORITY_ADMIN'
  | 'AUTHORITY_OFFICER'
  | 'INSTITUTION_ADMIN'
  | 'INSTITUTION_OPERATOR'
  | 'PRACTITIONER'
  | 'SYSTEM_ADMIN';

export type Sex =
  | 'FEMALE'
  | 'MALE';

export type SignInInput = {
  /** A practitioner's mobile or a staff username. */
  identifier: Scalars['String']['input'];
  password: Scalars['String']['input'];
  totpCode?: InputMaybe<Scalars['String']['input']>;
};

export type StaffCertificationFilter = {
  institutionId?: InputMaybe<Scalars['ID']['input']>;
  profession?: InputMaybe<Profession>;
  status?: InputMaybe<CertificationStatus>;
};

export type StartActivationInput = {
  idNumber: Scalars['String']['input'];
  mobile: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

export type StartMobileChangeInput = {
  newMobile: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type StartPasswordResetInput = {
  mobile: Scalars['String']['input'];
};

export type UpdateApplicationInput = {
  attachmentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  expectedVersion: Scalars['Int']['input'];
  form?: InputMaybe<ApplicationFormInput>;
  id: Scalars['ID']['input'];
};

export type UpdateApprovalItemInput = {
  code: ApprovalItemCode;
  expectedVersion: Scalars['Int']['input'];
  noticeDays?: InputMaybe<Scalars['Int']['input']>;
  paperRequired?: InputMaybe<Scalars['Boolean']['input']>;
  timeLimitDays?: InputMaybe<Scalars['Int']['input']>;
};

export type WorkbenchFilter = {
  /** District code of the institution concerned. */
  district?: InputMaybe<Scalars['String']['input']>;
  items?: InputMaybe<Array<ApprovalItemCode>>;
  /** Only those past deadline. */
  overdue?: Scalars['Boolean']['input'];
  /** Default: awaiting acceptance, under review, awaiting paper. */
  statuses?: InputMaybe<Array<ApplicationStatus>>;
};

export type WorkflowAction =
  | 'ACCEPT'
  | 'APPROVE'
  | 'CONFIRM_PAPER'
  | 'CREATE'
  | 'FORWARD'
  | 'REFUSE'
  | 'REJECT'
  | 'RESUBMIT'
  | 'RETURN'
  | 'SUBMIT'
  | 'WITHDRAW';

export type WorkflowParty =
  | 'APPLICANT'
  | 'AUTHORITY'
  | 'INSTITUTION';

export type AuthoritiesQueryVariables = Exact<{ [key: string]: never; }>;


export type AuthoritiesQuery = { __typename?: 'Query', authorities: Array<{ __typename?: 'Authority', code: string, nameZh: string, nameEn: string, level: AuthorityLevel }> };

export type InstitutionsQueryVariables = Exact<{
  filter?: InputMaybe<InstitutionFilter>;
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type InstitutionsQuery = { __typename?: 'Query', institutions: { __typename?: 'InstitutionConnection', nodes: Array<{ __typename?: 'Institution', id: string, name: string, nameEn: string | null, type: InstitutionType, level: InstitutionLevel, beds: number, address: string, status: InstitutionStatus, licenceNumber: string, district: { __typename?: 'Authority', code: string, nameZh: string, nameEn: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null } } };

export type InstitutionQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type InstitutionQuery = { __typename?: 'Query', institution: { __typename?: 'Institution', id: string, uscc: string, licenceNumber: string, name: string, nameEn: string | null, type: InstitutionType, level: InstitutionLevel, beds: number, address: string, status: InstitutionStatus, subjects: Array<string>, validatedUntil: string | null, district: { __typename?: 'Authority', code: string, nameZh: string, nameEn: string }, authority: { __typename?: 'Authority', code: string, nameZh: string, nameEn: string } } | null };


export const AuthoritiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Authorities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authorities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"level"}}]}}]}}]} as unknown as DocumentNode<AuthoritiesQuery, AuthoritiesQueryVariables>;
export const InstitutionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Institutions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InstitutionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"institutions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"beds"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"licenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<InstitutionsQuery, InstitutionsQueryVariables>;
export const InstitutionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Institution"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"institution"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"licenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"beds"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subjects"}},{"kind":"Field","name":{"kind":"Name","value":"validatedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"authority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}}]} as unknown as DocumentNode<InstitutionQuery, InstitutionQueryVariables>;