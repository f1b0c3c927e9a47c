// The form kit: every control has a visible label, an optional hint, and its error right
// beside it (wired with aria-describedby / aria-invalid); a summary on top links to each field.
import type { ButtonHTMLAttributes, ComponentChildren, InputHTMLAttributes, JSX, RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useT } from "../i18n";
import { Icon } from "./Icon";

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

interface FieldShellProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  /** Mark optional fields "(optional)": right in forms, noise in search filters. */
  markOptional?: boolean | undefined;
  children: (ids: { id: string; describedBy: string | undefined }) => ComponentChildren;
}

export function FieldShell({
  name,
  label,
  hint,
  error,
  required,
  markOptional = true,
  children,
}: FieldShellProps): JSX.Element {
  const { t } = useT();
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label class="field-label" for={id}>
        {label}
        {!required && markOptional && <span class="field-optional"> ({t("form.optional")})</span>}
      </label>
      {hint && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          <Icon name="warning" size={16} />
          <span>{error}</span>
        </p>
      )}
      {children({ id, describedBy })}
    </div>
  );
}

type InputAttrs = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "value" | "onInput" | "id" | "name" | "label" | "required"
>;

interface TextFieldProps extends InputAttrs {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  markOptional?: boolean;
  /** Ids of further text that describes the control (live feedback below it). */
  alsoDescribedBy?: string;
}

export function TextField({
  name,
  label,
  value,
  onValue,
  hint,
  error,
  required,
  markOptional,
  alsoDescribedBy,
  ...rest
}: TextFieldProps): JSX.Element {
  return (
    <FieldShell
      name={name}
      label={label}
      hint={hint}
      error={error}
      required={required}
      markOptional={markOptional}
    >
      {({ id, describedBy }) => (
        <input
          {...rest}
          id={id}
          name={name}
          class="input"
          value={value}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={[describedBy, alsoDescribedBy].filter(Boolean).join(" ") || undefined}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      )}
    </FieldShell>
  );
}

export function PasswordField(props: TextFieldProps): JSX.Element {
  const { t } = useT();
  const [visible, setVisible] = useState(false);
  const {
    name,
    label,
    value,
    onValue,
    hint,
    error,
    required,
    markOptional: _mark,
    alsoDescribedBy: _also,
    ...rest
  } = props;
  return (
    <FieldShell name={name} label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy }) => (
        <div class="input-with-action">
          <input
            {...rest}
            id={id}
            name={name}
            class="input"
            type={visible ? "text" : "password"}
            value={value}
            required={required}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onInput={(event) => onValue(event.currentTarget.value)}
          />
          <button
            type="button"
            class="button button-quiet"
            aria-pressed={visible}
            onClick={() => setVisible(!visible)}
          >
            {visible ? t("form.hidePassword") : t("form.showPassword")}
          </button>
        </div>
      )}
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: readonly Option[];
  placeholder?: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  markOptional?: boolean;
}

export function SelectField({
  name,
  label,
  value,
  onValue,
  options,
  placeholder,
  hint,
  error,
  required,
  markOptional,
}: SelectFieldProps): JSX.Element {
  return (
    <FieldShell
      name={name}
      label={label}
      hint={hint}
      error={error}
      required={required}
      markOptional={markOptional}
    >
      {({ id, describedBy }) => (
        <select
          id={id}
          name={name}
          class="input select"
          value={value}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onValue(event.currentTarget.value)}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export interface SummaryItem {
  name: string;
  message: string;
}

/** Shown above a form after a failed submit; takes focus so screen readers announce it. */
export function ErrorSummary({ items }: { items: readonly SummaryItem[] }): JSX.Element | null {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length > 0) ref.current?.focus();
  }, [items]);
  if (items.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <p class="error-summary-title">{t("form.errorSummary")}</p>
      <ul>
        {items.map((item) => (
          <li key={item.name}>
            <a
              href={`#${fieldId(item.name)}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(fieldId(item.name))?.focus();
              }}
            >
              {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "class" | "disabled"> {
  kind?: "primary" | "secondary" | "quiet" | "danger";
  type?: "button" | "submit";
  busy?: boolean;
  busyLabel?: string;
  disabled?: boolean;
  buttonRef?: RefObject<HTMLButtonElement>;
  children: ComponentChildren;
}

export function Button({
  kind = "primary",
  type = "button",
  busy,
  busyLabel,
  disabled,
  buttonRef,
  children,
  ...rest
}: ButtonProps): JSX.Element {
  return (
    <button
      {...rest}
      ref={buttonRef}
      type={type}
      class={`button button-${kind}`}
      disabled={disabled || busy}
      aria-busy={busy ? true : undefined}
    >
      {busy && <span class="spinner" aria-hidden="true" />}
      <span>{busy && busyLabel ? busyLabel : children}</span>
    </button>
  );
}
