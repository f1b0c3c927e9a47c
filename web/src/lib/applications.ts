// What the application pages share: the tone of a status, and uploading an attachment.
import type { Tone } from "../components/Status";
import type { ApplicationStatus } from "../gql/graphql";
import { describeFirstProblem, isErrorMember, type ErrorMember } from "../graphql/errors";
import type { T } from "../i18n";

export function applicationTone(status: ApplicationStatus): Tone {
  switch (status) {
    case "COMPLETED":
      return "success";
    case "REJECTED":
    case "NOT_ACCEPTED":
      return "danger";
    case "RETURNED":
      return "warning";
    case "WITHDRAWN":
    case "DRAFT":
      return "neutral";
    default:
      return "info";
  }
}

export interface Uploaded {
  id: string;
  filename: string;
  size: number;
  contentType: string;
  /** Where a thumbnail of an image comes from: the uploaded file itself, or the server. */
  preview: string | null;
}

/** The server refused an upload; `member` is its error, shaped like a union error member. */
export class UploadRefused extends Error {
  constructor(readonly member: ErrorMember) {
    super(member.message);
    this.name = "UploadRefused";
  }
}

/** Why an upload failed, in the reader's language (a network failure when nothing came back). */
export function describeUploadFailure(error: unknown, t: T): string {
  return error instanceof UploadRefused ? describeFirstProblem(error.member, t) : t("errors.network");
}

/** POST the raw file to /attachments; the id goes into the application's attachmentIds. */
export async function uploadAttachment(file: File, kind: string): Promise<Uploaded> {
  const query = new URLSearchParams({ kind, filename: file.name || "photo.jpg" });
  const response = await fetch(`/attachments?${query.toString()}`, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "X-Medreg-Upload": "1",
      "content-type": file.type || "application/octet-stream",
    },
    body: file,
  });
  const body = (await response.json().catch(() => null)) as {
    id?: string;
    filename?: string;
    size?: number;
    errors?: unknown[];
  } | null;
  if (!response.ok || !body?.id) {
    const error = body?.errors?.[0];
    throw new UploadRefused(
      isErrorMember(error) ? error : { code: "UNEXPECTED", message: `HTTP ${response.status}` },
    );
  }
  const contentType = file.type || "application/octet-stream";
  return {
    id: body.id,
    filename: body.filename ?? file.name,
    size: body.size ?? file.size,
    contentType,
    preview: contentType.startsWith("image/") ? URL.createObjectURL(file) : null,
  };
}

export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

/** The server names a step in both languages ("机构初审 Institution review"): the reader's part. */
export function stepLabel(step: string, language: "zh-CN" | "en"): string {
  const match = /^([^\x00-\x7F][^A-Za-z]*?)\s+([A-Za-z].*)$/.exec(step.trim());
  if (!match) return step;
  return language === "en" ? match[2]! : match[1]!;
}
