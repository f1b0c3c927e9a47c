// An application's stages in a row (a column on narrow phones): done ones ticked, the current
// one marked, each with its state in words for screen readers (never colour alone).
import type { JSX } from "preact";
import { useT } from "../i18n";
import type { Progress } from "../lib/progress";
import { Icon } from "./Icon";

export function Stepper({ progress, label }: { progress: readonly Progress[]; label: string }): JSX.Element {
  const { t } = useT();
  return (
    <ol class="stepper" aria-label={label}>
      {progress.map(({ stage, state }) => (
        <li
          key={stage}
          class={`stepper-stage stepper-${state}`}
          aria-current={state === "current" ? "step" : undefined}
        >
          <span class="stepper-dot" aria-hidden="true">
            {state === "done" && <Icon name="check" size={14} />}
            {state === "stopped" && <Icon name="cross" size={14} />}
          </span>
          <span class="stepper-label">{t(`myHome.stage.${stage}`)}</span>
          <span class="visually-hidden">（{t(`myHome.stageState.${state}`)}）</span>
        </li>
      ))}
    </ol>
  );
}
