// Small pieces the signed-in pages share: a status tag (text and icon, never colour alone),
// a list of facts, steps of a multi-step form, and an inline action panel.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useT } from "../i18n";
import { Icon, type IconName } from "./Icon";

export type Tone = "success" | "warning" | "danger" | "neutral" | "info";

const TONE_ICON: Record<Tone, IconName> = {
  success: "check",
  warning: "clock",
  danger: "warning",
  neutral: "info",
  info: "info",
};

export function StatusTag({
  tone,
  status,
  label,
}: {
  tone: Tone;
  status: string;
  label: string;
}): JSX.Element {
  return (
    <span class={`status status-${tone}`} data-status={status}>
      <Icon name={TONE_ICON[tone]} size={16} />
      {label}
    </span>
  );
}

export function Facts({
  items,
  class: className,
}: {
  /** Falsy entries (a fact that does not apply: `value && [label, value]`) are left out. */
  items: readonly (readonly [string, ComponentChildren] | null | undefined | false | "" | 0)[];
  class?: string;
}): JSX.Element {
  return (
    <dl class={className ? `facts ${className}` : "facts"}>
      {items.map((item) =>
        item ? (
          <div key={item[0]}>
            <dt>{item[0]}</dt>
            <dd>{item[1]}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

/** "Step 2 of 3: the code": read out once when the step changes. */
export function Steps({ current, labels }: { current: number; labels: readonly string[] }): JSX.Element {
  const { t } = useT();
  return (
    <div class="steps">
      <p class="steps-caption">
        {t("form.step", { current: current + 1, total: labels.length })}
        <span class="steps-title">{labels[current]}</span>
      </p>
      <ol class="steps-bar" aria-hidden="true">
        {labels.map((label, index) => (
          <li key={label} class={index < current ? "step-done" : index === current ? "step-current" : ""} />
        ))}
      </ol>
    </div>
  );
}

/**
 * A panel opened by an action button of a list item (decline with a reason, disable an
 * account). It takes focus when it opens; Escape closes it.
 */
export function ActionPanel({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      class="action-panel"
      role="group"
      aria-label={title}
      tabIndex={-1}
      ref={ref}
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <p class="action-panel-title">{title}</p>
      {children}
    </div>
  );
}
