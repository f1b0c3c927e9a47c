// "Send again in 42 s": the wait before another SMS code may be asked for.
import { useCallback, useEffect, useState } from "preact/hooks";

/**
 * Whole seconds from `nowMs` until the server's `iso` time. The server and the phone clocks
 * may disagree: an answer outside (0, ceiling] is not trusted and `fallback` is used.
 */
export function secondsUntil(iso: string, nowMs: number, fallback = 60, ceiling = 300): number {
  const raw = (Date.parse(iso) - nowMs) / 1000;
  if (!Number.isFinite(raw) || raw <= 0 || raw > ceiling) return fallback;
  return Math.ceil(raw);
}

/** Seconds left, counting down once a second; `start(n)` begins a new wait. */
export function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= now) return undefined;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(1000, until - now));
    return () => clearTimeout(timer);
  }, [until, now]);
  const start = useCallback((seconds: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + seconds * 1000);
  }, []);
  return [Math.max(0, Math.ceil((until - now) / 1000)), start];
}
