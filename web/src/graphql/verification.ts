// Licence verification as the verify page sees it: `verifyLicence(token)` for a scanned QR
// code, `lookupLicence(number, holderName)` for a typed one, `verifyLicencePdf` for an
// uploaded PDF. The page depends only on the types below; "unavailable" means the server has
// no keys yet (UNAVAILABLE) or cannot be reached.
import type { Client, CombinedError } from "@urql/core";
import { graphql } from "../gql";
import type { T } from "../i18n";
import { describeError, describeFirstProblem, topLevelCode, type ErrorMember } from "./errors";

export const LICENCE_STATUSES = ["VALID", "SUPERSEDED", "SUSPENDED", "REVOKED", "EXPIRED", "FORGED"] as const;
/** UNSIGNED: an uploaded PDF without any signature (an ordinary PDF, not one of ours). */
export type LicenceStatus = (typeof LICENCE_STATUSES)[number] | "UNSIGNED";
export const LICENCE_KINDS = ["NURSE_PRACTICE", "PHYSICIAN_PRACTICE", "INSTITUTION_PRACTICE"] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];

export interface Verification {
  status: LicenceStatus;
  statusAsOf: string;
  licenceNumber: string | null;
  holderName: string | null;
  kind: LicenceKind | null;
  issuer: { nameZh: string; nameEn: string } | null;
  validUntil: string | null;
  version: number | null;
  /** What was checked: the QR code's signature or the PDF's PAdES signature. */
  checked: "qr" | "pdf" | "record";
}

export type VerificationOutcome =
  | { outcome: "verified"; verification: Verification }
  | { outcome: "notFound" }
  | { outcome: "unavailable" }
  | { outcome: "failed"; problem: ErrorMember | CombinedError };

/** The sentence for a failed check: the member's first problem, or the top-level error's. */
export function describeFailure(problem: ErrorMember | CombinedError, t: T): string {
  return "graphQLErrors" in problem ? describeError(problem, t) : describeFirstProblem(problem, t);
}

const PublicVerificationFields = graphql(`
  fragment PublicVerificationFields on LicenceVerification {
    status
    statusAsOf
    number
    version
    holderName
    kind
    validUntil
    issuer {
      nameZh
      nameEn
    }
  }
`);
void PublicVerificationFields;

const PublicVerifyLicenceQuery = graphql(`
  query PublicVerifyLicence($token: String!) {
    verifyLicence(token: $token) {
      ...PublicVerificationFields
    }
  }
`);

const PublicVerifyShareQuery = graphql(`
  query PublicVerifyLicenceShare($token: String!) {
    verifyLicenceShare(token: $token) {
      __typename
      ...PublicVerificationFields
      ...ErrorFields
    }
  }
`);

const PublicLookupLicenceQuery = graphql(`
  query PublicLookupLicence($number: String!, $holderName: String!) {
    lookupLicence(number: $number, holderName: $holderName) {
      __typename
      ...PublicVerificationFields
      ...ErrorFields
    }
  }
`);

const PublicVerifyPdfQuery = graphql(`
  query PublicVerifyLicencePdf($pdfBase64: String!) {
    verifyLicencePdf(pdfBase64: $pdfBase64) {
      __typename
      ... on PdfVerification {
        genuine
        signed
        problems
        licence {
          ...PublicVerificationFields
        }
      }
      ...ErrorFields
    }
  }
`);

interface Answer {
  status: LicenceStatus;
  statusAsOf: string;
  number: string | null;
  version: number | null;
  holderName: string | null;
  kind: LicenceKind | null;
  validUntil: string | null;
  issuer: { nameZh: string; nameEn: string } | null;
}

function toVerification(answer: Answer, checked: Verification["checked"]): Verification {
  return {
    status: answer.status,
    statusAsOf: answer.statusAsOf,
    licenceNumber: answer.number,
    holderName: answer.holderName,
    kind: answer.kind,
    issuer: answer.issuer,
    validUntil: answer.validUntil,
    version: answer.version,
    checked,
  };
}

function failure(error: CombinedError | undefined): VerificationOutcome {
  if (!error || error.networkError || topLevelCode(error) === "UNAVAILABLE") {
    return { outcome: "unavailable" };
  }
  return { outcome: "failed", problem: error };
}

export async function verifyToken(client: Client, token: string): Promise<VerificationOutcome> {
  const result = await client
    .query(PublicVerifyLicenceQuery, { token }, { requestPolicy: "network-only" })
    .toPromise();
  const answer = result.data?.verifyLicence;
  if (!answer) return failure(result.error);
  return { outcome: "verified", verification: toVerification(answer, "qr") };
}

/** A share link's token: its signature, then whether it is still open, then the live status;
 * a closed link fails with its reason (SHARE_EXPIRED, SHARE_REVOKED). */
export async function verifyShare(client: Client, token: string): Promise<VerificationOutcome> {
  const result = await client
    .query(PublicVerifyShareQuery, { token }, { requestPolicy: "network-only" })
    .toPromise();
  const answer = result.data?.verifyLicenceShare;
  if (!answer) return failure(result.error);
  if (answer.__typename === "LicenceVerification") {
    return { outcome: "verified", verification: toVerification(answer, "qr") };
  }
  return { outcome: "failed", problem: answer };
}

export async function lookupLicence(
  client: Client,
  input: { licenceNumber: string; holderName: string },
): Promise<VerificationOutcome> {
  const result = await client
    .query(
      PublicLookupLicenceQuery,
      { number: input.licenceNumber, holderName: input.holderName },
      { requestPolicy: "network-only" },
    )
    .toPromise();
  const answer = result.data?.lookupLicence;
  if (!answer) return failure(result.error);
  if (answer.__typename === "LicenceVerification") {
    return { outcome: "verified", verification: toVerification(answer, "record") };
  }
  if (answer.__typename === "NotFound") return { outcome: "notFound" };
  return { outcome: "failed", problem: answer };
}

async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** An uploaded licence PDF: its signature checked on the server, then the live status. */
export async function verifyPdf(client: Client, file: Blob): Promise<VerificationOutcome> {
  const result = await client
    .query(PublicVerifyPdfQuery, { pdfBase64: await base64Of(file) }, { requestPolicy: "network-only" })
    .toPromise();
  const answer = result.data?.verifyLicencePdf;
  if (!answer) return failure(result.error);
  if (answer.__typename === "PdfVerification") {
    if (answer.genuine && answer.licence) {
      return { outcome: "verified", verification: toVerification(answer.licence, "pdf") };
    }
    return {
      outcome: "verified",
      verification: {
        checked: "pdf",
        status: answer.signed ? "FORGED" : "UNSIGNED",
        statusAsOf: new Date().toISOString(),
        licenceNumber: answer.licence?.number ?? null,
        holderName: answer.licence?.holderName ?? null,
        kind: answer.licence?.kind ?? null,
        issuer: answer.licence?.issuer ?? null,
        validUntil: null,
        version: answer.licence?.version ?? null,
      },
    };
  }
  return { outcome: "failed", problem: answer };
}
