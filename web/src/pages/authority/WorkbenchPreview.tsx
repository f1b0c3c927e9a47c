// The selected application beside the workbench table: its form, its attachments shown inline
// (images and PDFs, from /attachments/…?inline=1), accept and return at hand (keys A and R)
// and the link to handle it in full.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Facts } from "../../components/Status";
import { Button } from "../../components/Form";
import { Icon } from "../../components/Icon";
import { ApplicationQuery } from "../../graphql/documents/applications";
import { useT } from "../../i18n";
import { formatDate, localName } from "../../lib/format";
import { formFacts } from "../applications/ApplicationPage";
import { DeskAction, deskKeyOf, type DeskActionName } from "./DeskAction";

/** A keyboard shortcut pressed on the desk; `at` tells two presses of the same key apart. */
export interface DeskCommand {
  action: DeskActionName;
  at: number;
}

const DESK_ACTIONS: readonly DeskActionName[] = ["ACCEPT", "RETURN"];
const TAB_GRACE_MS = 500;

interface FrameFocusGuard {
  onPointerEnter: (event: { currentTarget: HTMLIFrameElement }) => void;
  onPointerLeave: () => void;
}

/**
 * Chromium's PDF viewer takes the focus when a framed PDF has loaded or rendered: an officer
 * who pressed A would then send Enter to the PDF instead of the confirm button, or the next A
 * would never reach the desk. Focus that moves into a PDF frame neither under the pointer nor
 * reached with Tab is given back to where it was.
 */
function useFrameFocusGuard(fallback: { current: HTMLElement | null }): FrameFocusGuard {
  const last = useRef<HTMLElement | null>(null);
  const hovered = useRef<HTMLIFrameElement | null>(null);
  const tabbedAt = useRef(0);
  useEffect(() => {
    const remember = (event: FocusEvent): void => {
      if (event.target instanceof HTMLElement && !(event.target instanceof HTMLIFrameElement)) {
        last.current = event.target;
      }
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === "Tab") tabbedAt.current = Date.now();
    };
    const onBlur = (): void => {
      setTimeout(() => {
        const active = document.activeElement;
        const stolen =
          active instanceof HTMLIFrameElement &&
          active.classList.contains("desk-attachment-pdf") &&
          hovered.current !== active &&
          Date.now() - tabbedAt.current > TAB_GRACE_MS;
        if (stolen) (last.current?.isConnected ? last.current : fallback.current)?.focus();
      }, 0);
    };
    window.addEventListener("focusin", remember);
    window.addEventListener("keydown", onKey, true);
    window.addEventListener("blur", onBlur);
    return () => {
      window.removeEventListener("focusin", remember);
      window.removeEventListener("keydown", onKey, true);
      window.removeEventListener("blur", onBlur);
    };
  }, []);
  return {
    onPointerEnter: (event) => {
      hovered.current = event.currentTarget;
    },
    onPointerLeave: () => {
      hovered.current = null;
    },
  };
}

export function WorkbenchPreview({
  id,
  command,
  onClose,
  onChanged,
}: {
  id: string;
  command: DeskCommand | null;
  onClose: () => void;
  onChanged: () => void;
}): JSX.Element {
  const { t, language } = useT();
  const [result, refetch] = useQuery({ query: ApplicationQuery, variables: { id } });
  const app = result.data?.application;
  const [open, setOpen] = useState<DeskActionName | null>(null);
  const aside = useRef<HTMLElement>(null);
  const guardFocus = useFrameFocusGuard(aside);
  const available = DESK_ACTIONS.filter((a) => app?.availableActions.includes(a));
  useEffect(() => setOpen(null), [id]);
  useEffect(() => {
    if (command && app?.availableActions.includes(command.action)) setOpen(command.action);
  }, [command, app]);
  return (
    <aside class="desk-preview" aria-label={t("desk.preview")} data-preview={id} ref={aside} tabIndex={-1}>
      <div class="desk-preview-head">
        <h2>{app ? localName(language, app.item.nameZh, app.item.nameEn) : t("app.loading")}</h2>
        <button type="button" class="button button-secondary desk-preview-close" onClick={onClose}>
          <Icon name="cross" size={18} />
          <span class="visually-hidden">{t("desk.closePreview")}</span>
        </button>
      </div>
      {app && (
        <>
          <Facts
            items={[
              [t("apps.number"), app.number ?? t("apps.draft")],
              [t("apps.applicant"), app.subjectName],
              [t("apps.deadline"), app.deadline ? formatDate(app.deadline, language) : t("apps.noDeadline")],
              ...formFacts(app, t, language),
            ]}
          />
          <div class="button-row desk-actions">
            {available.map((action) => (
              <Button
                key={action}
                kind={action === "RETURN" ? "secondary" : "primary"}
                aria-expanded={open === action}
                aria-keyshortcuts={deskKeyOf(action)}
                onClick={() => setOpen(action)}
              >
                {t(`workflowAction.${action}`)}
                <kbd class="desk-kbd" aria-hidden="true">
                  {deskKeyOf(action)}
                </kbd>
              </Button>
            ))}
            <a class="button button-secondary desk-open" href={`/applications/${encodeURIComponent(app.id)}`}>
              {t("desk.open")}
            </a>
          </div>
          {open && (
            <DeskAction
              key={open}
              application={app}
              action={open}
              onClose={() => setOpen(null)}
              onDone={() => {
                setOpen(null);
                aside.current?.focus(); // the keys go on working on the next step
                refetch({ requestPolicy: "network-only" });
                onChanged();
              }}
            />
          )}
          <h3>{t("apps.attachments")}</h3>
          {app.attachments.length === 0 && <p>{t("apps.noAttachments")}</p>}
          <ul class="desk-attachments">
            {app.attachments.map((a) => (
              <li key={a.id}>
                <p class="desk-attachment-name">
                  {t(`attachmentKind.${a.kind as "OTHER"}`, { defaultValue: a.kind })} ·{" "}
                  <a href={a.url} download={a.filename}>
                    {a.filename}
                  </a>
                </p>
                {a.contentType.startsWith("image/") && (
                  <img
                    class="desk-attachment-image"
                    src={`${a.url}?inline=1`}
                    alt={a.filename}
                    loading="lazy"
                  />
                )}
                {a.contentType === "application/pdf" && (
                  <iframe
                    class="desk-attachment-pdf"
                    src={`${a.url}?inline=1`}
                    title={a.filename}
                    onPointerEnter={guardFocus.onPointerEnter}
                    onPointerLeave={guardFocus.onPointerLeave}
                  />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
