// Licence verification as the verify page sees it. The page depends only on these types;
// the GraphQL documents behind them follow the licence API (`verifyLicence(token)` and the
// public lookup by number + holder name) — until it is in the committed SDL, verification
// reports itself unavailable.
import type { Client } from "@urql/core";

export const LICENCE_STATUSES = ["VALID", "SUPERSEDED", "SUSPENDED", "REVOKED", "EXPIRED", "FORGED"] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];
export const LICENCE_KINDS = ["NURSE_PRACTICE", "PHYSICIAN_PRACTICE", "INSTITUTION_PRACTICE"] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];

export interface Verification {
  status: LicenceStatus;
  statusAsOf: string;
  licenceNumber: string | null;
  holderName: string | null;
  kind: LicenceKind | null;
  issuer: { nameZh: string; nameEn: string } | null;
  validUntil: string | null;
  version: number | null;
}

export type VerificationOutcome =
  | { outcome: "verified"; verification: Verification }
  | { outcome: "notFound" }
  | { outcome: "unavailable" }
  | { outcome: "failed"; message: string };

export async function verifyToken(_client: Client, _token: string): Promise<VerificationOutcome> {
  return { outcome: "unavailable" };
}

export async function lookupLicence(
  _client: Client,
  _input: { licenceNumber: string; holderName: string },
): Promise<VerificationOutcome> {
  return { outcome: "unavailable" };
}
