// Electronic licences: the holder's, the officer's (English; the keys of zh-CN.licences.ts).
import type zhLicences from "./zh-CN.licences";

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const licences: Widen<typeof zhLicences> = {
  lic: {
    mineTitle: "My e-licences",
    mineLead: "Show the QR code for an employer to scan, or download the signed PDF.",
    mineEmpty: "No e-licence yet. It appears here once a registration completes.",
    number: "Licence number",
    version: "Version {{version}}",
    holder: "Holder",
    kind: "Kind",
    status: "Status",
    issuer: "Issued by",
    issuedAt: "Issued",
    validFrom: "Valid from",
    validUntil: "Valid until",
    noExpiry: "No expiry",
    institution: "Institution",
    category: "Category",
    scope: "Scope",
    showQr: "Show QR code",
    qrTitle: "E-licence QR code of {{holder}}",
    qrHint: "The employer scans this code with “Verify a licence”.",
    closeQr: "Close",
    pdf: "Download PDF",
    signing: "Being signed: refresh in a moment.",
    history: "Earlier versions",
    statusReason: "Reason",
    manageTitle: "Licences",
    manageLead: "Licences this authority issued: suspend or reinstate them.",
    searchNumber: "Licence number",
    searchHolder: "Holder's name",
    search: "Search",
    empty: "No licence matches.",
    suspend: "Suspend",
    suspendTitle: "Suspend licence {{number}}",
    suspendHint: "The holder and every verification see this reason.",
    suspending: "Suspending…",
    suspended: "Licence {{number}} suspended",
    reinstate: "Reinstate",
    reinstateTitle: "Reinstate licence {{number}}",
    reinstateHint: "State the grounds for reinstating it.",
    reinstating: "Reinstating…",
    reinstated: "Licence {{number}} reinstated",
    reason: "Reason",
  },
  licenceStatus: {
    VALID: "Valid",
    SUPERSEDED: "Superseded by a newer version",
    SUSPENDED: "Suspended",
    REVOKED: "Revoked",
    EXPIRED: "Expired",
  },
};

export default licences;
