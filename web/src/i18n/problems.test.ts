import { describe, expect, it } from "vitest";
// The committed SDL, read as the server exports it: a new code there fails this test until
// both catalogues say it.
import sdl from "../../../schema/schema.graphql?raw";
import en from "./en";
import zhCN from "./zh-CN";

function enumMembers(schema: string, name: string): string[] {
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)?.[1] ?? "";
  return body
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^[A-Z][A-Z0-9_]*$/.test(line));
}

describe("problem codes", () => {
  const codes = enumMembers(sdl, "ProblemCode");

  it("are read from the schema", () => {
    expect(codes.length).toBeGreaterThan(50);
    expect(codes).toContain("ID_CHECKSUM");
  });

  it.each([
    ["zh-CN", zhCN.problems as Record<string, string>],
    ["en", en.problems as Record<string, string>],
  ])("each have a sentence in %s", (_language, problems) => {
    const missing = codes.filter((code) => !problems[code]?.trim());
    expect(missing).toEqual([]);
    const stale = Object.keys(problems).filter((code) => !codes.includes(code));
    expect(stale).toEqual([]);
  });
});
