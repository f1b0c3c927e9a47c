// The holder's licences kept on this device after each fetch, so a licence can still be shown
// without a connection; forgotten at sign-out.
import type { LicenceFieldsFragment } from "../gql/graphql";

const KEPT = "medreg.licences";

export interface KeptLicences {
  accountId: string;
  at: string;
  licences: LicenceFieldsFragment[];
}

/** Keep the holder's licences (no ID number, no mobile: what the QR shows anyway). */
export function keepLicences(accountId: string, licences: readonly LicenceFieldsFragment[]): void {
  try {
    const kept: KeptLicences = { accountId, at: new Date().toISOString(), licences: [...licences] };
    localStorage.setItem(KEPT, JSON.stringify(kept));
  } catch {
    // storage full or blocked: nothing kept
  }
}

/** The copy kept for this account, if any. */
export function keptLicences(accountId: string): KeptLicences | null {
  try {
    const kept = JSON.parse(localStorage.getItem(KEPT) ?? "null") as KeptLicences | null;
    return kept && kept.accountId === accountId && Array.isArray(kept.licences) ? kept : null;
  } catch {
    return null;
  }
}

/** Signing out forgets the copy. */
export function forgetLicences(): void {
  try {
    localStorage.removeItem(KEPT);
  } catch {
    // nothing to forget
  }
}
