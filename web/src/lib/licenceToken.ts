// What a scanned licence QR code holds: `{PUBLIC_URL}/v/{token}`. The token is the short
// form `{kid}.{number}.{version}.{signature}` of an ES256 JWS, or (on licences printed before
// it) a full compact JWS.

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const SHORT_TOKEN = /^[0-9]{6}-[0-9a-f]{8}\.[A-Za-z0-9-]{1,40}\.[1-9][0-9]{0,5}\.[A-Za-z0-9_-]{86}$/;

const isToken = (value: string): boolean => SHORT_TOKEN.test(value) || COMPACT_JWS.test(value);

/** The verification token in a scanned text, or null when the code is not one of ours. */
export function tokenFromScan(text: string): string | null {
  const value = text.trim();
  if (isToken(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const match = /^(?:.*\/)?v\/([^/]+)\/?$/.exec(url.pathname);
  if (match) {
    const token = decodeURIComponent(match[1]!);
    return isToken(token) ? token : null;
  }
  const fromQuery = url.searchParams.get("token");
  return fromQuery && isToken(fromQuery) ? fromQuery : null;
}

const SHARE_TOKEN = /^[0-9]{6}-[0-9a-f]{8}\.[0-9a-f]{32}\.[1-9][0-9]{0,11}\.[A-Za-z0-9_-]{86}$/;

/** The share token in a scanned `{PUBLIC_URL}/s/{token}` (a holder's share link, or the QR
 * of a licence shown full screen), or null. */
export function shareTokenFromScan(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const match = /^(?:.*\/)?s\/([^/]+)\/?$/.exec(url.pathname);
  const token = match ? decodeURIComponent(match[1]!) : null;
  return token && SHARE_TOKEN.test(token) ? token : null;
}

/** A typed licence number in the form licences print it: `hs 310115 2026 000042` →
 * `HS310115-2026-000042`; any other text is only trimmed and upper-cased. */
export function normaliseLicenceNumber(text: string): string {
  const value = text.trim().toUpperCase();
  const match = /^([A-Z]{2}\d{6})(\d{4})(\d{6})$/.exec(value.replace(/[\s-]/g, ""));
  return match ? `${match[1]}-${match[2]}-${match[3]}` : value;
}
