// The server explains field problems in English sentences (clients localise by error code,
// and a field error has none). The sentences it uses are few and stable, so each known one is
// matched here and shown in the reader's language; an unknown one is shown as it came.
import type { T, TKey } from "../i18n";

interface Rule {
  pattern: RegExp;
  key: TKey;
  /** Interpolation values from the match. */
  values?: (match: RegExpMatchArray) => Record<string, string | number>;
}

const RULES: readonly Rule[] = [
  { pattern: /identifier, password or code is not correct/i, key: "serverMessages.signInFailed" },
  {
    pattern: /code is not correct \((\d+) tr(?:y|ies) left\)/i,
    key: "serverMessages.codeWrong",
    values: (m) => ({ count: Number(m[1]) }),
  },
  {
    pattern: /^must be at least (\d+) characters/i,
    key: "serverMessages.tooShort",
    values: (m) => ({ minimum: Number(m[1]) }),
  },
  {
    pattern: /^must be at most (\d+) characters/i,
    key: "serverMessages.tooLong",
    values: (m) => ({ maximum: Number(m[1]) }),
  },
  { pattern: /too common or too easy to guess/i, key: "serverMessages.passwordCommon" },
  { pattern: /must not be built from your name or number/i, key: "serverMessages.passwordPersonal" },
  { pattern: /^is not correct$/i, key: "serverMessages.notCorrect" },
  { pattern: /not a valid resident ID number/i, key: "serverMessages.idNumber" },
  { pattern: /not a valid unified social credit code/i, key: "serverMessages.uscc" },
  { pattern: /not a (?:valid mainland China mobile|phone) number/i, key: "serverMessages.mobile" },
  { pattern: /^must not be empty$/i, key: "serverMessages.required" },
  { pattern: /this mobile already signs in to an account/i, key: "serverMessages.mobileTaken" },
  { pattern: /name does not match the record of this ID number/i, key: "serverMessages.nameMismatch" },
  { pattern: /^3.32 characters: lower-case letters/i, key: "serverMessages.username" },
  { pattern: /^(?:give a reason|say why the account is disabled)$/i, key: "serverMessages.reason" },
  { pattern: /^say what was checked$/i, key: "serverMessages.note" },
  { pattern: /give the institution's code/i, key: "serverMessages.institutionCode" },
  { pattern: /(?:a mobile is needed|has no contact mobile)/i, key: "serverMessages.mobileNeeded" },
  // Messages of Conflict / InvalidState / NotFound members, more precise than their code.
  {
    pattern: /the username (\S+) is taken/i,
    key: "serverMessages.usernameTaken",
    values: (m) => ({ username: m[1] ?? "" }),
  },
  { pattern: /already open or certified/i, key: "serverMessages.certificationOpen" },
  { pattern: /code can no longer be used/i, key: "serverMessages.codeUnusable" },
  { pattern: /too many failed sign-ins and must be recovered/i, key: "serverMessages.recoveryRequired" },
  { pattern: /already linked to another account/i, key: "serverMessages.disputeOpened" },
  { pattern: /dispute is already resolved/i, key: "serverMessages.disputeResolved" },
  { pattern: /someone else decided/i, key: "serverMessages.decidedElsewhere" },
  { pattern: /^the certification is [A-Z]+$/, key: "serverMessages.certificationDecided" },
  { pattern: /too many codes were sent to this mobile today/i, key: "serverMessages.dailyCap" },
  { pattern: /mobile already signs in to (?:an|another) account/i, key: "serverMessages.mobileTaken" },
  { pattern: /^institution .+ was not found$/i, key: "serverMessages.institutionNotFound" },
];

/** A known server sentence in the reader's language, or undefined. */
export function knownServerMessage(message: string, t: T): string | undefined {
  for (const rule of RULES) {
    const match = message.match(rule.pattern);
    if (match) return t(rule.key, rule.values?.(match) ?? {});
  }
  return undefined;
}

/** A server field message in the reader's language (unknown ones as they came). */
export function localiseFieldMessage(message: string, t: T): string {
  return knownServerMessage(message, t) ?? message;
}

export function localiseFieldErrors(errors: Record<string, string>, t: T): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) out[field] = localiseFieldMessage(message, t);
  return out;
}
