// Writes dist/sw.js from plugins/sw.js: the portal's offline copy of its own static files.
// The cache is named after the build (a hash of every emitted file name, which are hashed
// themselves), so a new build installs a new cache and the worker deletes the old ones.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import type { OutputBundle, OutputChunk } from "rollup";

const TEMPLATE = fileURLToPath(new URL("./sw.js", import.meta.url));
/** The pages kept for use without a connection: the holder's licences. */
const OFFLINE_PAGES = ["/src/pages/licences/MyLicencesPage.tsx"];

function isChunk(file: OutputBundle[string] | undefined): file is OutputChunk {
  return file?.type === "chunk";
}

/** The files a chunk needs to run: its static imports, their styles and assets, transitively. */
function closure(bundle: OutputBundle, roots: readonly OutputChunk[]): Set<string> {
  const files = new Set<string>();
  const visit = (chunk: OutputChunk): void => {
    if (files.has(chunk.fileName)) return;
    files.add(chunk.fileName);
    chunk.viteMetadata?.importedCss.forEach((css) => files.add(css));
    chunk.viteMetadata?.importedAssets.forEach((asset) => files.add(asset));
    chunk.imports
      .map((name) => bundle[name])
      .filter(isChunk)
      .forEach(visit);
  };
  roots.forEach(visit);
  return files;
}

/** The files index.html names (its script, stylesheet and emblem). */
function shellFiles(bundle: OutputBundle): string[] {
  const index = bundle["index.html"];
  const html = index?.type === "asset" ? String(index.source) : "";
  return [...html.matchAll(/\/(assets\/[^"'?#\s]+)/g)].map((match) => match[1]!);
}

/** The app shell (index.html, the entry and what it imports) and the offline pages' chunks. */
export function precacheList(bundle: OutputBundle): string[] {
  const chunks = Object.values(bundle).filter(isChunk);
  const pages = chunks.filter(
    (chunk) =>
      chunk.facadeModuleId !== null && OFFLINE_PAGES.some((page) => chunk.facadeModuleId!.endsWith(page)),
  );
  const files = closure(bundle, [...chunks.filter((chunk) => chunk.isEntry), ...pages]);
  shellFiles(bundle).forEach((file) => files.add(file));
  return ["/", ...[...files].sort().map((file) => `/${file}`)];
}

export function buildVersion(bundle: OutputBundle): string {
  return createHash("sha256").update(Object.keys(bundle).sort().join("\n")).digest("hex").slice(0, 16);
}

export function serviceWorker(): Plugin {
  return {
    name: "medreg-service-worker",
    apply: "build",
    // After Vite's own plugins: index.html is in the bundle by then.
    enforce: "post",
    generateBundle(_options, bundle) {
      const source = readFileSync(TEMPLATE, "utf8")
        .replace("__BUILD_VERSION__", JSON.stringify(buildVersion(bundle)))
        .replace("__PRECACHE__", JSON.stringify(precacheList(bundle)));
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}
