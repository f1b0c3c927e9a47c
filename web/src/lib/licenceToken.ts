// What a scanned licence QR code holds: `{PUBLIC_URL}/v/{token}`, the token a compact JWS.

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The verification token in a scanned text, or null when the code is not one of ours. */
export function tokenFromScan(text: string): string | null {
  const value = text.trim();
  if (COMPACT_JWS.test(value)) return value;
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
    return COMPACT_JWS.test(token) ? token : null;
  }
  const fromQuery = url.searchParams.get("token");
  return fromQuery && COMPACT_JWS.test(fromQuery) ? fromQuery : null;
}
