import { describe, expect, it } from "vitest";
import { countByStatus } from "./bulkVerify";

describe("countByStatus", () => {
  it("counts each status once, in a stable order", () => {
    const lines = [
      { line: 2, status: "VALID" },
      { line: 3, status: "NOT_FOUND" },
      { line: 4, status: "VALID" },
    ];
    expect(countByStatus(lines)).toEqual([
      ["NOT_FOUND", 1],
      ["VALID", 2],
    ]);
  });
});
