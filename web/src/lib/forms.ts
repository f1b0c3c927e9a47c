// The state every form of the portal keeps: which fields have a problem (found before sending
// or returned by the server) and the summary shown above the form after a failed submit.
import { useCallback, useState } from "preact/hooks";
import type { SummaryItem } from "../components/Form";
import { errorFor, type FieldErrors } from "../graphql/errors";
import { useT, type T } from "../i18n";

export interface FieldSpec {
  /** The field as the server names it in its errors (`idNumber`, `newPassword`). */
  field: string;
  label: string;
  /** The form control's name when it differs (several forms on one page). */
  input?: string;
}

/** Only the problems that are set. */
export function problems(found: Record<string, string | undefined>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(found)) if (message) out[field] = message;
  return out;
}

/** Summary lines in the order of the form's fields; problems of unknown fields come last. */
export function summaryOf(errors: FieldErrors, specs: readonly FieldSpec[], t: T): SummaryItem[] {
  const items: SummaryItem[] = [];
  const used = new Set<string>();
  for (const spec of specs) {
    const message = errorFor(errors, spec.field);
    if (message === undefined) continue;
    items.push({
      name: spec.input ?? spec.field,
      message: t("form.fieldProblem", { label: spec.label, problem: message }),
    });
    for (const [path, text] of Object.entries(errors)) if (text === message) used.add(path);
  }
  for (const [path, message] of Object.entries(errors)) {
    if (!used.has(path)) items.push({ name: path, message });
  }
  return items;
}

export interface FormErrors {
  errors: FieldErrors;
  summary: SummaryItem[];
  /** The problem of one field (server names, dotted paths matched by their end). */
  error: (field: string) => string | undefined;
  /** Show `found`; true when there is nothing to show (go ahead and send). */
  report: (found: FieldErrors, specs: readonly FieldSpec[]) => boolean;
  clear: () => void;
  /** Drop one field's problem once its value changed: a corrected value shows no stale error. */
  forget: (field: string) => void;
}

export function useFormErrors(): FormErrors {
  const { t } = useT();
  const [state, setState] = useState<{ errors: FieldErrors; summary: SummaryItem[] }>({
    errors: {},
    summary: [],
  });
  const report = useCallback(
    (found: FieldErrors, specs: readonly FieldSpec[]) => {
      setState({ errors: found, summary: summaryOf(found, specs, t) });
      return Object.keys(found).length === 0;
    },
    [t],
  );
  const clear = useCallback(() => setState({ errors: {}, summary: [] }), []);
  const forget = useCallback((field: string) => {
    setState((state) => {
      if (errorFor(state.errors, field) === undefined) return state;
      const errors: FieldErrors = {};
      for (const [path, message] of Object.entries(state.errors)) {
        if (path !== field && !path.endsWith(`.${field}`)) errors[path] = message;
      }
      return { errors, summary: state.summary.filter((item) => item.name !== field) };
    });
  }, []);
  return {
    errors: state.errors,
    summary: state.summary,
    error: (field) => errorFor(state.errors, field),
    report,
    clear,
    forget,
  };
}
