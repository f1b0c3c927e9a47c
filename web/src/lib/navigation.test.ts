import { describe, expect, it } from "vitest";
import { safeNext, signInUrl } from "./navigation";

describe("safeNext", () => {
  it("keeps a path of this site", () => {
    expect(safeNext("/me/licences?tab=shares")).toBe("/me/licences?tab=shares");
  });

  it.each([
    undefined,
    "",
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/sign-in?next=/",
  ])("sends %j home", (next) => {
    expect(safeNext(next)).toBe("/");
  });

  it("never puts another site into the sign-in link", () => {
    expect(signInUrl("/\\evil.example")).toBe("/sign-in?next=%2F");
  });
});
