// Mainland mobile numbers: 11 digits starting 13–19. A +86 / 86 prefix and separators are
// accepted and removed.

export type MobileResult = { ok: true; number: string } | { ok: false; problem: "empty" | "format" };

export function normaliseMobile(value: string): string {
  const digits = value.replace(/[\s()-]+/g, "");
  const national = digits.replace(/^(\+86|0086|86)(?=1\d{10}$)/, "");
  return national;
}

export function checkMobile(value: string): MobileResult {
  const number = normaliseMobile(value);
  if (number === "") return { ok: false, problem: "empty" };
  if (!/^1[3-9]\d{9}$/.test(number)) return { ok: false, problem: "format" };
  return { ok: true, number };
}
