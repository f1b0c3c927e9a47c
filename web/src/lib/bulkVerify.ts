// Bulk verification of a CSV file: POST the raw file to /api/verify/csv (with the upload
// header a cross-site form cannot send) and read the answer of each line.

export interface BulkLine {
  line: number;
  status: string;
  code?: string;
  number?: string | null;
  holderName?: string | null;
  validUntil?: string | null;
  authority?: string | null;
}

export type BulkOutcome = { ok: true; lines: BulkLine[] } | { ok: false; code: string };

export async function verifyCsv(file: File): Promise<BulkOutcome> {
  let response: Response;
  try {
    response = await fetch("/api/verify/csv", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Medreg-Upload": "1", "content-type": "text/csv" },
      body: file,
    });
  } catch {
    return { ok: false, code: "NETWORK" };
  }
  const body = (await response.json().catch(() => null)) as { results?: BulkLine[]; code?: string } | null;
  if (response.ok && Array.isArray(body?.results)) return { ok: true, lines: body.results };
  return { ok: false, code: body?.code ?? (response.status === 413 ? "BODY_TOO_LARGE" : "UNEXPECTED") };
}

/** How many lines have each status, in a stable order. */
export function countByStatus(lines: readonly BulkLine[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
