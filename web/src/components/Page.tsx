// Page heading and common page states. After a navigation the new page's heading takes focus,
// so screen readers announce where the user landed; the document title follows the heading.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useT } from "../i18n";
import { Icon } from "./Icon";

let focusNextHeading = false;

/** Called by the router when the URL changes (not on the first load). */
export function markNavigation(): void {
  focusNextHeading = true;
}

export function PageHeading({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: string;
  children?: ComponentChildren;
}): JSX.Element {
  const { t } = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title === t("app.name") ? title : `${title} · ${t("app.name")}`;
  }, [title, t]);
  useEffect(() => {
    if (focusNextHeading) {
      focusNextHeading = false;
      ref.current?.focus({ preventScroll: false });
    }
  }, []);
  return (
    <div class="page-heading">
      <h1 tabIndex={-1} ref={ref}>
        {title}
      </h1>
      {lead && <p class="lead">{lead}</p>}
      {children}
    </div>
  );
}

export function Loading({ label }: { label?: string }): JSX.Element {
  const { t } = useT();
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label ?? t("app.loading")}
    </p>
  );
}

export function Notice({
  kind = "info",
  children,
}: {
  kind?: "info" | "error" | "success";
  children: ComponentChildren;
}): JSX.Element {
  return (
    <div class={`notice notice-${kind}`} role={kind === "error" ? "alert" : undefined}>
      <Icon name={kind === "error" ? "warning" : kind === "success" ? "check" : "info"} />
      <div>{children}</div>
    </div>
  );
}
