import { describe, expect, it } from "vitest";
import { percentDone, progressOf } from "./progress";

const states = (p: ReturnType<typeof progressOf>) => p.map((s) => `${s.stage}:${s.state}`);

describe("progressOf", () => {
  it("leaves out the stages the item skips", () => {
    const p = progressOf({ status: "UNDER_REVIEW", institutionReview: false, paperRequired: false });
    expect(states(p)).toEqual(["SUBMIT:done", "ACCEPTANCE:done", "REVIEW:current", "DONE:todo"]);
  });

  it("includes institution review and paper when the item asks for them", () => {
    const p = progressOf({ status: "AWAITING_INSTITUTION", institutionReview: true, paperRequired: true });
    expect(states(p)).toEqual([
      "SUBMIT:done",
      "INSTITUTION:current",
      "ACCEPTANCE:todo",
      "REVIEW:todo",
      "PAPER:todo",
      "DONE:todo",
    ]);
  });

  it("puts a returned application back with its applicant", () => {
    const p = progressOf({
      status: "RETURNED",
      institutionReview: true,
      paperRequired: false,
      returnedFrom: "UNDER_REVIEW",
    });
    expect(p[0]).toEqual({ stage: "SUBMIT", state: "current" });
    expect(p.slice(1).every((s) => s.state === "todo")).toBe(true);
  });

  it("marks where a rejected application stopped", () => {
    const p = progressOf({ status: "REJECTED", institutionReview: false, paperRequired: false });
    expect(states(p)).toEqual(["SUBMIT:done", "ACCEPTANCE:done", "REVIEW:stopped", "DONE:todo"]);
  });

  it("is all done when completed", () => {
    const p = progressOf({ status: "COMPLETED", institutionReview: true, paperRequired: true });
    expect(percentDone(p)).toBe(100);
    expect(percentDone(progressOf({ status: "DRAFT", institutionReview: false, paperRequired: false }))).toBe(
      0,
    );
  });
});
