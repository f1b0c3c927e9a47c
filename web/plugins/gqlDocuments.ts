// The client preset's `graphql()` looks documents up in one map of every operation (as ASTs),
// which puts them all in the first chunk. This rewrites each `graphql(`…`)` call into the
// document's text with the fragments it spreads appended: urql parses a string document the
// first time it is used, and each page's chunk carries only the documents it uses.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";

const CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;
const IMPORT = /import\s*\{\s*graphql\s*\}\s*from\s*"[./]+gql";?\n?/;
const FRAGMENT = /^\s*fragment\s+(\w+)\s+on\s/;
const SPREAD = /\.\.\.\s*(\w+)/g;

/** Fragment name → its text, from every `graphql()` call of the sources. */
export function collectFragments(sources: readonly string[]): Map<string, string> {
  const fragments = new Map<string, string>();
  for (const code of sources) {
    for (const [, text] of code.matchAll(CALL)) {
      const name = FRAGMENT.exec(text!)?.[1];
      if (name) fragments.set(name, text!);
    }
  }
  return fragments;
}

/** The document with every fragment it spreads (transitively), each once. */
export function withFragments(text: string, fragments: Map<string, string>): string {
  const own = FRAGMENT.exec(text)?.[1];
  const seen = new Set<string>(own ? [own] : []);
  const parts = [text.trim()];
  const pending = [text];
  while (pending.length) {
    for (const [, name] of pending.pop()!.matchAll(SPREAD)) {
      if (seen.has(name!)) continue;
      const fragment = fragments.get(name!);
      if (fragment === undefined) continue; // an inline fragment (`... on Type`) or unknown
      seen.add(name!);
      parts.push(fragment.trim());
      pending.push(fragment);
    }
  }
  return parts.map((part) => part.replace(/\s+/g, " ")).join("\n");
}

export function rewriteDocuments(code: string, fragments: Map<string, string>): string | null {
  if (!IMPORT.test(code)) return null;
  return code
    .replace(IMPORT, "")
    .replace(CALL, (_call, text: string) => JSON.stringify(withFragments(text, fragments)));
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === "gql" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

export function gqlDocuments(srcDir = "src"): Plugin {
  let fragments = new Map<string, string>();
  return {
    name: "medreg-gql-documents",
    enforce: "pre",
    apply: "build",
    buildStart() {
      fragments = collectFragments(sourceFiles(srcDir).map((path) => readFileSync(path, "utf8")));
    },
    transform(code, id) {
      if (!/\/src\/.*\.tsx?$/.test(id) || id.includes("/src/gql/")) return null;
      const rewritten = rewriteDocuments(code, fragments);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}
