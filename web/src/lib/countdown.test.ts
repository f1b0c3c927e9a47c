import { describe, expect, it } from "vitest";
import { secondsUntil } from "./countdown";

describe("secondsUntil", () => {
  const now = Date.parse("2026-11-25T08:00:00Z");

  it("counts whole seconds up to the server's time", () => {
    expect(secondsUntil("2026-11-25T08:01:00Z", now)).toBe(60);
    expect(secondsUntil("2026-11-25T08:00:00.200Z", now)).toBe(1);
  });

  it("falls back when the clocks disagree or the time is unreadable", () => {
    expect(secondsUntil("2026-11-25T07:59:00Z", now)).toBe(60);
    expect(secondsUntil("2026-11-25T09:00:00Z", now)).toBe(60);
    expect(secondsUntil("not a time", now, 45)).toBe(45);
  });
});
