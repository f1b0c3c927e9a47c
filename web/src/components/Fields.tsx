// More controls of the form kit: multi-line text, a one-time code, a checkbox and a group of
// radio buttons. Same rules as Form.tsx: visible label, hint, error beside the control.
import type { JSX } from "preact";
import { useT, type T } from "../i18n";
import { FieldShell, TextField, fieldId } from "./Form";
import { Icon } from "./Icon";

interface TextAreaProps {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  rows?: number;
  maxLength?: number;
}

export function TextAreaField({
  name,
  label,
  value,
  onValue,
  hint,
  error,
  required,
  rows = 3,
  maxLength,
}: TextAreaProps): JSX.Element {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy }) => (
        <textarea
          id={id}
          name={name}
          class="input textarea"
          rows={rows}
          maxLength={maxLength}
          value={value}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      )}
    </FieldShell>
  );
}

/** A six-digit code from an SMS or an authenticator app: the phone shows the number pad and
 * offers the code from the SMS. */
export function CodeField({
  name,
  label,
  value,
  onValue,
  hint,
  error,
}: {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
}): JSX.Element {
  return (
    <TextField
      name={name}
      label={label}
      hint={hint}
      error={error}
      value={value}
      onValue={(text) => onValue(text.replace(/\D+/g, "").slice(0, 6))}
      required
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      enterKeyHint="done"
    />
  );
}

/** A six-digit code, or the sentence saying what is wrong with it. */
export function codeProblem(value: string, t: T): string | undefined {
  return /^\d{6}$/.test(value) ? undefined : t("validation.code");
}

export function CheckboxField({
  name,
  label,
  checked,
  onChecked,
  hint,
  error,
}: {
  name: string;
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  hint?: string | undefined;
  error?: string | undefined;
}): JSX.Element {
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class={error ? "field field-invalid" : "field"}>
      {error && (
        <p class="field-error" id={errorId}>
          <Icon name="warning" size={16} />
          <span>{error}</span>
        </p>
      )}
      <div class="checkbox">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
          onChange={(event) => onChecked(event.currentTarget.checked)}
        />
        <label for={id}>{label}</label>
      </div>
      {hint && (
        <p class="field-hint checkbox-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

export interface RadioOption {
  value: string;
  label: string;
  hint?: string;
}

/** Radio buttons in a fieldset; the first option carries the id the error summary links to. */
export function RadioGroup({
  name,
  legend,
  value,
  onValue,
  options,
  hint,
  error,
  inline,
}: {
  name: string;
  legend: string;
  value: string;
  onValue: (value: string) => void;
  options: readonly RadioOption[];
  hint?: string | undefined;
  error?: string | undefined;
  inline?: boolean;
}): JSX.Element {
  const { t } = useT();
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      class={error ? "field fieldset field-invalid" : "field fieldset"}
      aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
    >
      <legend class="field-label">{legend}</legend>
      {hint && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          <Icon name="warning" size={16} />
          <span>
            <span class="visually-hidden">{t("form.errorPrefix")}</span>
            {error}
          </span>
        </p>
      )}
      <div class={inline ? "radios radios-inline" : "radios"}>
        {options.map((option, index) => {
          const optionId = index === 0 ? id : `${id}-${option.value}`;
          const optionHint = option.hint ? `${optionId}-hint` : undefined;
          return (
            <div class="radio" key={option.value}>
              <input
                type="radio"
                id={optionId}
                name={name}
                value={option.value}
                checked={value === option.value}
                aria-describedby={optionHint}
                onChange={() => onValue(option.value)}
              />
              <label for={optionId}>
                <span class="radio-label">{option.label}</span>
                {option.hint && (
                  <span class="radio-hint" id={optionHint}>
                    {option.hint}
                  </span>
                )}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
