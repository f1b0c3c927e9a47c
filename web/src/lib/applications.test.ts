import { describe, expect, it } from "vitest";
import { applicationTone, stepLabel } from "./applications";

describe("stepLabel", () => {
  it("takes the reader's half of a bilingual step name", () => {
    expect(stepLabel("机构初审 Institution review", "zh-CN")).toBe("机构初审");
    expect(stepLabel("机构初审 Institution review", "en")).toBe("Institution review");
  });
  it("keeps a name in one language as it is", () => {
    expect(stepLabel("受理", "en")).toBe("受理");
  });
});

describe("applicationTone", () => {
  it("marks outcomes", () => {
    expect(applicationTone("COMPLETED")).toBe("success");
    expect(applicationTone("REJECTED")).toBe("danger");
    expect(applicationTone("RETURNED")).toBe("warning");
  });
});
