// The holder's licences kept on this device after each fetch, so a licence can still be shown
// without a connection; forgotten at sign-out.
import type { LicenceFieldsFragment, Role } from "../gql/graphql";

const KEPT = "medreg.licences";

/** Who kept them: enough to open the licence page again without a connection (no username,
 * no ID number, no mobile). */
export interface KeptHolder {
  accountId: string;
  displayName: string | null;
  kind: string | null;
  roles: readonly Role[];
}

export interface KeptLicences {
  accountId: string;
  at: string;
  licences: LicenceFieldsFragment[];
  holder?: KeptHolder;
}

/** Keep the holder's licences (no ID number, no mobile: what the QR shows anyway). */
export function keepLicences(holder: KeptHolder, licences: readonly LicenceFieldsFragment[]): void {
  try {
    const kept: KeptLicences = {
      accountId: holder.accountId,
      at: new Date().toISOString(),
      licences: [...licences],
      holder: {
        accountId: holder.accountId,
        displayName: holder.displayName,
        kind: holder.kind,
        roles: holder.roles,
      },
    };
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

/** The holder who kept licences on this device: who the portal shows when it cannot ask. */
export function keptHolder(): KeptHolder | null {
  try {
    const kept = JSON.parse(localStorage.getItem(KEPT) ?? "null") as KeptLicences | null;
    return kept?.holder && Array.isArray(kept.holder.roles) ? kept.holder : null;
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
