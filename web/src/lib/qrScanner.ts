// QR decoding in the browser. Chromium on Linux (and most desktop browsers) has no native
// BarcodeDetector, so the ponyfill is used; its zxing wasm is a build asset of this origin,
// never fetched from a CDN.
import type { BarcodeDetector as Detector } from "barcode-detector/ponyfill";

let detectorPromise: Promise<Detector> | null = null;

async function createDetector(): Promise<Detector> {
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import("barcode-detector/ponyfill"),
    import("zxing-wasm/reader/zxing_reader.wasm?url"),
  ]);
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
    },
  });
  return new BarcodeDetector({ formats: ["qr_code"] });
}

/** One detector per page load; the wasm is instantiated on first use. */
export function qrDetector(): Promise<Detector> {
  detectorPromise ??= createDetector().catch((error: unknown) => {
    detectorPromise = null;
    throw error;
  });
  return detectorPromise;
}

/** The text of the first QR code in an image file, or null. */
export async function decodeImageFile(file: Blob): Promise<string | null> {
  const detector = await qrDetector();
  const bitmap = await createImageBitmap(file);
  try {
    const codes = await detector.detect(bitmap);
    return codes[0]?.rawValue ?? null;
  } finally {
    bitmap.close();
  }
}

/** The text of a QR code in the current video frame, or null. */
export async function decodeVideoFrame(video: HTMLVideoElement): Promise<string | null> {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
  const detector = await qrDetector();
  const codes = await detector.detect(video);
  return codes[0]?.rawValue ?? null;
}
