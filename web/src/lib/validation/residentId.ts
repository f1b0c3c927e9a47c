// Mainland resident ID numbers (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check
// character. The server decides; this gives feedback while the person types.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

export type ResidentIdProblem = "empty" | "length" | "format" | "birthDate" | "checksum";

export type ResidentIdResult =
  | { ok: true; number: string; birthDate: string; sex: "FEMALE" | "MALE" }
  | { ok: false; problem: ResidentIdProblem };

/** Uppercase, without spaces: the form a person may type (a trailing lowercase x is common). */
export function normaliseResidentId(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function checkResidentId(value: string, today: Date = new Date()): ResidentIdResult {
  const number = normaliseResidentId(value);
  if (number === "") return { ok: false, problem: "empty" };
  if (number.length !== 18) return { ok: false, problem: "length" };
  if (!/^[1-9]\d{16}[\dX]$/.test(number)) return { ok: false, problem: "format" };
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const born = Date.UTC(year, month - 1, day);
  if (year < 1900 || !isRealDate(year, month, day) || born > today.getTime()) {
    return { ok: false, problem: "birthDate" };
  }
  if (residentIdCheckChar(number.slice(0, 17)) !== number[17]) {
    return { ok: false, problem: "checksum" };
  }
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  const sex = Number(number[16]) % 2 === 1 ? "MALE" : "FEMALE";
  return { ok: true, number, birthDate, sex };
}
