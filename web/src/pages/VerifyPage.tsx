// Public verification of an e-licence: scan its QR with the camera, pick a photo of it, or
// type the licence number and the holder's name.
import type { JSX } from "preact";
import { useClient } from "@urql/preact";
import { useLocation } from "preact-iso";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { Button, ErrorSummary, TextField, type SummaryItem } from "../components/Form";
import { Icon, type IconName } from "../components/Icon";
import { Loading, Notice, PageHeading } from "../components/Page";
import { VerificationResult } from "../components/VerificationResult";
import {
  describeFailure,
  lookupLicence,
  verifyPdf,
  verifyShare,
  verifyToken,
  type VerificationOutcome,
} from "../graphql/verification";
import { useT, type TKey } from "../i18n";
import { normaliseLicenceNumber, shareTokenFromScan, tokenFromScan } from "../lib/licenceToken";
import { decodeImageFile, decodeVideoFrame } from "../lib/qrScanner";

type Method = "scan" | "photo" | "manual" | "pdf";
const METHODS: readonly { value: Method; label: TKey; icon: IconName }[] = [
  { value: "scan", label: "verify.scan", icon: "camera" },
  { value: "photo", label: "verify.photo", icon: "image" },
  { value: "manual", label: "verify.manual", icon: "keyboard" },
  { value: "pdf", label: "lic.pdfMethod", icon: "shield" },
];
const SCAN_INTERVAL_MS = 250;

type Phase =
  | { phase: "idle" }
  | { phase: "busy"; label: TKey }
  | { phase: "problem"; message: TKey }
  | { phase: "done"; outcome: VerificationOutcome };

function MethodPicker({ method, onChange }: { method: Method; onChange: (m: Method) => void }): JSX.Element {
  const { t } = useT();
  return (
    <fieldset class="segmented segmented-4">
      <legend class="visually-hidden">{t("verify.methods")}</legend>
      {METHODS.map((item) => (
        <label key={item.value} class={item.value === method ? "segment segment-on" : "segment"}>
          <input
            type="radio"
            name="method"
            value={item.value}
            checked={item.value === method}
            onChange={() => onChange(item.value)}
          />
          <Icon name={item.icon} size={20} />
          <span>{t(item.label)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function CameraScanner({
  onText,
  onProblem,
}: {
  onText: (text: string) => void;
  onProblem: (key: TKey) => void;
}): JSX.Element {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [starting, setStarting] = useState(false);

  const stop = useCallback(() => {
    setStream((current) => {
      current?.getTracks().forEach((track) => track.stop());
      return null;
    });
  }, []);
  useEffect(() => stop, [stop]);

  useEffect(() => {
    if (!stream || !video.current) return;
    const element = video.current;
    element.srcObject = stream;
    void element.play().catch(() => undefined);
    let cancelled = false;
    const tick = async (): Promise<void> => {
      if (cancelled) return;
      try {
        const text = await decodeVideoFrame(element);
        if (text && !cancelled) {
          stop();
          onText(text);
          return;
        }
      } catch {
        // a frame that cannot be read: try the next one
      }
      if (!cancelled) setTimeout(() => void tick(), SCAN_INTERVAL_MS);
    };
    void tick();
    return () => {
      cancelled = true;
    };
  }, [stream, onText, stop]);

  const start = async (): Promise<void> => {
    if (!navigator.mediaDevices?.getUserMedia) {
      onProblem("verify.cameraMissing");
      return;
    }
    setStarting(true);
    try {
      setStream(
        await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }),
      );
    } catch (error) {
      const name = error instanceof DOMException ? error.name : "";
      onProblem(
        name === "NotFoundError" || name === "OverconstrainedError"
          ? "verify.cameraMissing"
          : "verify.cameraDenied",
      );
    } finally {
      setStarting(false);
    }
  };

  return (
    <div class="scanner">
      {stream ? (
        <>
          <div class="viewfinder">
            <video ref={video} muted playsInline aria-label={t("verify.scanHint")} />
            <span class="viewfinder-frame" aria-hidden="true" />
          </div>
          <p class="field-hint">{t("verify.scanHint")}</p>
          <Button kind="secondary" onClick={stop}>
            {t("verify.scanStop")}
          </Button>
        </>
      ) : (
        <Button busy={starting} busyLabel={t("verify.scanStarting")} onClick={() => void start()}>
          <Icon name="camera" size={20} /> {t("verify.scanStart")}
        </Button>
      )}
    </div>
  );
}

function PhotoPicker({ onFile }: { onFile: (file: File) => void }): JSX.Element {
  const { t } = useT();
  // The whole drop zone is the label; the native control stays focusable but is drawn by it,
  // so the browser's own "Choose file" text (in the browser's language) never shows.
  return (
    <div class="field">
      <label class="file-drop">
        <Icon name="image" size={32} />
        <span class="file-drop-label" id="field-photo-label">
          {t("verify.photoLabel")}
        </span>
        <span class="field-hint" id="field-photo-hint">
          {t("verify.photoHint")}
        </span>
        <input
          id="field-photo"
          name="photo"
          class="file-input"
          type="file"
          accept="image/*"
          aria-labelledby="field-photo-label"
          aria-describedby="field-photo-hint"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = "";
            if (file) onFile(file);
          }}
        />
      </label>
    </div>
  );
}

function PdfPicker({ onFile }: { onFile: (file: File) => void }): JSX.Element {
  const { t } = useT();
  return (
    <div class="field">
      <label class="file-drop">
        <Icon name="shield" size={32} />
        <span class="file-drop-label" id="field-pdf-label">
          {t("lic.pdfLabel")}
        </span>
        <span class="field-hint" id="field-pdf-hint">
          {t("lic.pdfHint")}
        </span>
        <input
          id="field-pdf"
          name="pdf"
          class="file-input"
          type="file"
          accept="application/pdf"
          aria-labelledby="field-pdf-label"
          aria-describedby="field-pdf-hint"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = "";
            if (file) onFile(file);
          }}
        />
      </label>
    </div>
  );
}

function ManualForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (number: string, holder: string) => void;
}): JSX.Element {
  const { t } = useT();
  const [number, setNumber] = useState("");
  const [holder, setHolder] = useState("");
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const errorOf = (name: string): string | undefined => errors.find((e) => e.name === name)?.message;
  return (
    <form
      class="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const problems: SummaryItem[] = [];
        const required = (label: string): string =>
          t("form.fieldProblem", { label, problem: t("validation.required") });
        if (!number.trim()) problems.push({ name: "licenceNumber", message: required(t("verify.number")) });
        if (!holder.trim()) problems.push({ name: "holderName", message: required(t("verify.holder")) });
        setErrors(problems);
        if (problems.length === 0) onSubmit(normaliseLicenceNumber(number), holder.trim());
      }}
    >
      <ErrorSummary items={errors} />
      <TextField
        name="licenceNumber"
        label={t("verify.number")}
        hint={t("verify.numberHint")}
        value={number}
        onValue={setNumber}
        error={errorOf("licenceNumber") && t("validation.required")}
        required
        autoComplete="off"
        autoCapitalize="characters"
        spellcheck={false}
      />
      <TextField
        name="holderName"
        label={t("verify.holder")}
        value={holder}
        onValue={setHolder}
        error={errorOf("holderName") && t("validation.required")}
        required
        autoComplete="off"
      />
      <Button type="submit" busy={busy} busyLabel={t("verify.checking")}>
        {t("verify.submit")}
      </Button>
    </form>
  );
}

function Outcome({ outcome }: { outcome: VerificationOutcome }): JSX.Element {
  const { t } = useT();
  switch (outcome.outcome) {
    case "verified":
      return <VerificationResult verification={outcome.verification} />;
    case "notFound":
      return <Notice kind="error">{t("verify.notFound")}</Notice>;
    case "unavailable":
      return <Notice>{t("verify.unavailable")}</Notice>;
    case "failed":
      return <Notice kind="error">{describeFailure(outcome.problem, t)}</Notice>;
  }
}

export function VerifyPage(): JSX.Element {
  const { t } = useT();
  const client = useClient();
  const { query } = useLocation();
  const [method, setMethod] = useState<Method>("scan");
  const [state, setState] = useState<Phase>({ phase: "idle" });

  const checkToken = useCallback(
    async (token: string) => {
      setState({ phase: "busy", label: "verify.checking" });
      setState({ phase: "done", outcome: await verifyToken(client, token) });
    },
    [client],
  );

  const checkShare = useCallback(
    async (token: string) => {
      setState({ phase: "busy", label: "verify.checking" });
      setState({ phase: "done", outcome: await verifyShare(client, token) });
    },
    [client],
  );

  const onScannedText = useCallback(
    (text: string) => {
      const token = tokenFromScan(text);
      const share = token ? null : shareTokenFromScan(text);
      if (token) void checkToken(token);
      else if (share) void checkShare(share);
      else setState({ phase: "problem", message: "verify.notOurCode" });
    },
    [checkToken, checkShare],
  );

  // A link such as /verify?token=… verifies at once.
  const linked = query["token"];
  useEffect(() => {
    if (linked) onScannedText(linked);
  }, [linked, onScannedText]);

  const onFile = async (file: File): Promise<void> => {
    setState({ phase: "busy", label: "verify.photoReading" });
    try {
      const text = await decodeImageFile(file);
      if (text) onScannedText(text);
      else setState({ phase: "problem", message: "verify.noCode" });
    } catch {
      setState({ phase: "problem", message: "verify.noCode" });
    }
  };

  const onManual = async (licenceNumber: string, holderName: string): Promise<void> => {
    setState({ phase: "busy", label: "verify.checking" });
    setState({ phase: "done", outcome: await lookupLicence(client, { licenceNumber, holderName }) });
  };

  const onPdf = async (file: File): Promise<void> => {
    setState({ phase: "busy", label: "lic.pdfChecking" });
    setState({ phase: "done", outcome: await verifyPdf(client, file) });
  };

  const busy = state.phase === "busy";
  return (
    <div class="page page-narrow">
      <PageHeading title={t("verify.title")} lead={t("verify.lead")} />
      {state.phase === "done" && state.outcome.outcome === "verified" ? (
        <>
          <Outcome outcome={state.outcome} />
          <p>
            <Button kind="secondary" onClick={() => setState({ phase: "idle" })}>
              {t("verify.again")}
            </Button>
          </p>
        </>
      ) : (
        <section class="panel">
          <MethodPicker
            method={method}
            onChange={(next) => {
              setMethod(next);
              setState({ phase: "idle" });
            }}
          />
          <div class="method-body">
            {method === "scan" && (
              <CameraScanner
                onText={onScannedText}
                onProblem={(message) => setState({ phase: "problem", message })}
              />
            )}
            {method === "photo" && <PhotoPicker onFile={(file) => void onFile(file)} />}
            {method === "pdf" && <PdfPicker onFile={(file) => void onPdf(file)} />}
            {method === "manual" && <ManualForm busy={busy} onSubmit={(n, h) => void onManual(n, h)} />}
          </div>
          <div class="method-status" aria-live="polite">
            {state.phase === "busy" && <Loading label={t(state.label)} />}
            {state.phase === "problem" && <Notice kind="error">{t(state.message)}</Notice>}
            {state.phase === "done" && <Outcome outcome={state.outcome} />}
          </div>
        </section>
      )}
    </div>
  );
}
