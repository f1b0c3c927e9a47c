import { describe, expect, it } from "vitest";
import en from "./en";
import zhCN from "./zh-CN";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]!).sort();

describe("catalogues", () => {
  const zh = flatten(zhCN as unknown as Tree);
  const english = flatten(en as unknown as Tree);

  it("have the same keys", () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it("fill every string and use the same placeholders", () => {
    for (const [key, text] of zh) {
      const other = english.get(key)!;
      expect(text.trim(), key).not.toBe("");
      expect(other.trim(), key).not.toBe("");
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it("write Chinese in the Chinese catalogue and no CJK in the English one", () => {
    const cjk = /[\u4e00-\u9fff]/;
    const allowed = new Set(["language.switchTo", "language.switchToLabel"]);
    for (const [key, text] of english) if (!allowed.has(key)) expect(cjk.test(text), key).toBe(false);
    expect(cjk.test(zh.get("app.name")!)).toBe(true);
  });
});
