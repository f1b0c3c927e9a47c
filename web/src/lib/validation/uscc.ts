// Unified social credit codes (GB 32100-2015): 18 characters from a 31-symbol alphabet, the
// first 8 digits, the last a MOD 31 check character.

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccProblem = "empty" | "length" | "format" | "checksum";
export type UsccResult = { ok: true; code: string } | { ok: false; problem: UsccProblem };

export function normaliseUscc(value: string): string {
  return value.replace(/[\s-]+/g, "").toUpperCase();
}

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function checkUscc(value: string): UsccResult {
  const code = normaliseUscc(value);
  if (code === "") return { ok: false, problem: "empty" };
  if (code.length !== 18) return { ok: false, problem: "length" };
  if (!/^\d{8}$/.test(code.slice(0, 8))) return { ok: false, problem: "format" };
  for (const char of code.slice(8)) {
    if (!ALPHABET.includes(char)) return { ok: false, problem: "format" };
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, problem: "checksum" };
  return { ok: true, code };
}
