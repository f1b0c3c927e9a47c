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
};

export default interop;
