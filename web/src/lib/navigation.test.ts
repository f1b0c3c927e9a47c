import { describe, expect, it } from "vitest";
import { currentMenuPath, safeNext, signInUrl } from "./navigation";

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

describe("currentMenuPath", () => {
  const menu = ["/", "/institutions", "/me", "/me/certification", "/me/apply", "/me/applications"];

  it.each([
    ["/", "/"],
    ["/me", "/me"],
    ["/me/certification", "/me/certification"],
    ["/me/apply/NURSE_FIRST_REGISTRATION", "/me/apply"],
    ["/me/applications", "/me/applications"],
    ["/institutions", "/institutions"],
    ["/me/mobile", "/me"],
  ])("marks one entry for %s", (path, expected) => {
    expect(currentMenuPath(path, menu)).toBe(expected);
  });

  it.each(["/institutionsx", "/applications/abc", "/verify"])("marks none for %s", (path) => {
    expect(currentMenuPath(path, menu)).toBeNull();
  });
});
