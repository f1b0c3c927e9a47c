// What the licence pages share: the tone of a status and the QR image.
import { generate } from "lean-qr";
import type { Tone } from "../../components/Status";
import type { LicenceStatus } from "../../gql/graphql";

export function licenceTone(status: LicenceStatus): Tone {
  return status === "VALID" ? "success" : status === "SUPERSEDED" ? "neutral" : "danger";
}

/** The QR code of a verify link as a PNG data URL, drawn here (nothing leaves the page). */
export function qrDataUrl(text: string): string {
  return generate(text).toDataURL({ scale: 8, padX: 4, padY: 4 });
}
