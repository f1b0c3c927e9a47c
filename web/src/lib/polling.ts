// Refetch while the server is still working on something (a licence being signed): soon at
// first, then less and less often, and not at all in a background tab.
import { useEffect, useState } from "preact/hooks";

/** Milliseconds before the `attempt`-th refetch (0-based): 1 s, 2 s, 4 s, … at most `maxMs`. */
export function backoffDelay(attempt: number, firstMs = 1000, maxMs = 15_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt));
}

/**
 * Calls `refetch` after a back-off while `waiting` holds; the back-off starts again whenever
 * `waiting` turns true anew. Refetches pause while the page is hidden.
 */
export function usePollWhile(waiting: boolean, refetch: () => void): void {
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!waiting) {
      setAttempt(0);
      return undefined;
    }
    const timer = setTimeout(() => {
      if (document.visibilityState !== "hidden") refetch();
      setAttempt((n) => n + 1);
    }, backoffDelay(attempt));
    return () => clearTimeout(timer);
  }, [waiting, attempt, refetch]);
}
