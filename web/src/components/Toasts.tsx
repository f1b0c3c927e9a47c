// Progress and result messages. Polite announcements for progress and success, assertive
// ones for failures; successes fade after a while, failures stay until dismissed.
import { createContext, type ComponentChildren, type JSX } from "preact";
import { useCallback, useContext, useMemo, useRef, useState } from "preact/hooks";
import { useT } from "../i18n";
import { Icon } from "./Icon";

export type ToastKind = "progress" | "success" | "error" | "info";
interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface ProgressHandle {
  succeed(message: string): void;
  fail(message: string): void;
  dismiss(): void;
}

export interface Toasts {
  show(kind: Exclude<ToastKind, "progress">, message: string): void;
  progress(message: string): ProgressHandle;
}

const SUCCESS_MS = 5000;
const ToastContext = createContext<Toasts | null>(null);

export function useToasts(): Toasts {
  const toasts = useContext(ToastContext);
  if (!toasts) throw new Error("useToasts outside ToastProvider");
  return toasts;
}

export function ToastProvider({ children }: { children: ComponentChildren }): JSX.Element {
  const { t } = useT();
  const [items, setItems] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const remove = useCallback((id: number) => {
    setItems((list) => list.filter((item) => item.id !== id));
  }, []);

  const put = useCallback(
    (id: number, kind: ToastKind, message: string) => {
      setItems((list) => [...list.filter((item) => item.id !== id), { id, kind, message }]);
      if (kind === "success" || kind === "info") setTimeout(() => remove(id), SUCCESS_MS);
    },
    [remove],
  );

  const api = useMemo<Toasts>(
    () => ({
      show(kind, message) {
        put(nextId.current++, kind, message);
      },
      progress(message) {
        const id = nextId.current++;
        put(id, "progress", message);
        return {
          succeed: (text) => put(id, "success", text),
          fail: (text) => put(id, "error", text),
          dismiss: () => remove(id),
        };
      },
    }),
    [put, remove],
  );

  const polite = items.filter((item) => item.kind !== "error");
  const urgent = items.filter((item) => item.kind === "error");
  const render = (item: Toast): JSX.Element => (
    <div class={`toast toast-${item.kind}`} key={item.id}>
      {item.kind === "progress" ? (
        <span class="spinner" aria-hidden="true" />
      ) : (
        <Icon name={item.kind === "success" ? "check" : item.kind === "error" ? "warning" : "info"} />
      )}
      <span class="toast-message">{item.message}</span>
      {item.kind !== "progress" && (
        <button
          type="button"
          class="toast-close"
          onClick={() => remove(item.id)}
          aria-label={t("toast.close")}
        >
          <Icon name="cross" size={18} />
        </button>
      )}
    </div>
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div class="toasts">
        <div role="status" aria-live="polite">
          {polite.map(render)}
        </div>
        <div role="alert" aria-live="assertive">
          {urgent.map(render)}
        </div>
      </div>
    </ToastContext.Provider>
  );
}
