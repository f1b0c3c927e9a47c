import { describe, expect, it } from "vitest";
import { backoffDelay } from "./polling";

describe("backoffDelay", () => {
  it("doubles from one second", () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("never waits longer than the ceiling", () => {
    expect(backoffDelay(4)).toBe(15_000);
    expect(backoffDelay(40)).toBe(15_000);
    expect(backoffDelay(3, 500, 3000)).toBe(3000);
  });
});
