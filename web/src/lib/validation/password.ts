// Password length rules (NIST SP 800-63B, as the server applies them): no composition rules,
// at least 8 characters when a second factor (TOTP) protects the account, 15 without; at most
// 256, the server's bound against hashing abuse. Length counts characters (code points), not
// bytes, so Chinese passphrases count fairly.

export const PASSWORD_MAX = 256;

export function passwordMinimum(withTotp: boolean): number {
  return withTotp ? 8 : 15;
}

export type PasswordProblem = "empty" | "tooShort" | "tooLong" | "mismatch";
export type PasswordResult = { ok: true } | { ok: false; problem: PasswordProblem; minimum: number };

export function checkPassword(
  password: string,
  { withTotp, confirmation }: { withTotp: boolean; confirmation?: string },
): PasswordResult {
  const minimum = passwordMinimum(withTotp);
  const length = Array.from(password).length;
  if (length === 0) return { ok: false, problem: "empty", minimum };
  if (length < minimum) return { ok: false, problem: "tooShort", minimum };
  if (length > PASSWORD_MAX) return { ok: false, problem: "tooLong", minimum };
  if (confirmation !== undefined && confirmation !== password) {
    return { ok: false, problem: "mismatch", minimum };
  }
  return { ok: true };
}
