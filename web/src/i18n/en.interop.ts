// Interconnection: machine clients of the registry API (English; the keys of zh-CN.interop.ts).
import type zhInterop from "./zh-CN.interop";

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const interop: Widen<typeof zhInterop> = {
  machineClients: {
    nav: "API clients",
    title: "API clients",
    lead: "Other systems and employers that may call the FHIR registry API, bulk verification and status webhooks. Create one with medreg clients create; its secret is shown once.",
    listLabel: "API clients",
    empty: "No API clients yet.",
    loadFailed: "The API clients could not be loaded. Try again later.",
    clientId: "Client id",
    scopes: "Scopes",
    scope: {
      fhir: "Read the registry (FHIR)",
      verify: "Bulk verification",
      webhooks: "Status webhooks",
      other: "Other",
    },
    rateLimit: "Rate limit",
    createdAt: "Created",
    revokedAt: "Revoked",
    active: "Active",
    revokedStatus: "Revoked",
    revoke: "Revoke",
    confirmRevoke: "Its access tokens stop working at once and it cannot get new ones.",
    confirmTitle: "Revoke “{{name}}”?",
    cancel: "Cancel",
    revoking: "Revoking…",
    revoked: "The client is revoked.",
  },
  bulkVerify: {
    nav: "Bulk verification",
    title: "Verify licences in bulk",
    lead: 'Upload a CSV file to check the live status of up to 1,000 electronic licences at once. Each row holds "licence number, holder name", or the content of a licence\'s QR code.',
    fileLabel: "Choose a CSV file",
    fileHint: "UTF-8 or GB18030 (Excel's Save as CSV), at most 1 MB; the first row may name the columns.",
    checking: "Checking…",
    results: "Results ({{total}} rows)",
    tableLabel: "The result of each row",
    line: "Row",
    statusColumn: "Status",
    number: "Licence number",
    holder: "Holder",
    validUntil: "Valid until",
    status: {
      VALID: "Valid",
      SUPERSEDED: "Superseded by a newer version",
      SUSPENDED: "Suspended",
      REVOKED: "Revoked",
      EXPIRED: "Expired",
      FORGED: "Forged or altered",
      NOT_FOUND: "Not found (number or name does not match)",
      INVALID: "Cannot be read",
    },
    lineProblem: {
      LINE_INVALID: "This row cannot be read.",
      NUMBER_AND_NAME_OR_TOKEN_REQUIRED:
        "Give the licence number and the name in two columns, or a QR code's content.",
    },
    problem: {
      BODY_TOO_LARGE: "The file is larger than 1 MB: split it and upload the parts.",
      TOO_MANY_LINES: "The file has more than {{maximum}} rows: split it and upload the parts.",
      ENCODING_INVALID: "The file cannot be read: upload a CSV text file in UTF-8 or GB18030.",
      CSV_INVALID: "The file is not valid CSV (unbalanced quotes, for example).",
      NO_LINES: "The file has no rows to check.",
      RATE_LIMITED: "Too many files in a short time: try again in a minute.",
      UNAUTHENTICATED: "Your session has ended: sign in again.",
      FORBIDDEN: "This account may not verify licences in bulk.",
      NETWORK: "The network failed: check the connection and try again.",
      UNEXPECTED: "The check failed: try again later.",
    },
  },
};

export default interop;
