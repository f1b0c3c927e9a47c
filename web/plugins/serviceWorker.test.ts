import type { OutputAsset, OutputBundle, OutputChunk } from "rollup";
import { describe, expect, it } from "vitest";
import { buildVersion, precacheList } from "./serviceWorker";

function chunk(fileName: string, facade: string | null, imports: string[], isEntry = false): OutputChunk {
  return {
    type: "chunk",
    fileName,
    facadeModuleId: facade,
    imports,
    isEntry,
    viteMetadata: { importedCss: new Set([`${fileName}.css`]), importedAssets: new Set() },
  } as unknown as OutputChunk;
}

function bundleOf(...files: (OutputChunk | OutputAsset)[]): OutputBundle {
  return Object.fromEntries(files.map((file) => [file.fileName, file]));
}

const INDEX = {
  type: "asset",
  fileName: "index.html",
  source: '<link rel="icon" href="/assets/emblem-1.svg" /><script src="/assets/index-1.js"></script>',
} as unknown as OutputAsset;

const BUNDLE = bundleOf(
  INDEX,
  chunk("assets/index-1.js", "/web/src/main.tsx", ["assets/viewer-1.js"], true),
  chunk("assets/viewer-1.js", null, []),
  chunk("assets/MyLicencesPage-1.js", "/web/src/pages/licences/MyLicencesPage.tsx", ["assets/qr-1.js"]),
  chunk("assets/qr-1.js", null, []),
  chunk("assets/DeskPage-1.js", "/web/src/pages/desk/DeskPage.tsx", ["assets/table-1.js"]),
  chunk("assets/table-1.js", null, []),
);

describe("the service worker's precache list", () => {
  it("holds the app shell and the licence page with what they import, not other pages", () => {
    expect(precacheList(BUNDLE)).toEqual([
      "/",
      "/assets/MyLicencesPage-1.js",
      "/assets/MyLicencesPage-1.js.css",
      "/assets/emblem-1.svg",
      "/assets/index-1.js",
      "/assets/index-1.js.css",
      "/assets/qr-1.js",
      "/assets/qr-1.js.css",
      "/assets/viewer-1.js",
      "/assets/viewer-1.js.css",
    ]);
  });

  it("is named after the build: another set of files gives another cache", () => {
    const rebuilt = bundleOf(...Object.values(BUNDLE), chunk("assets/index-2.js", null, []));
    expect(buildVersion(BUNDLE)).toBe(buildVersion(bundleOf(...Object.values(BUNDLE))));
    expect(buildVersion(rebuilt)).not.toBe(buildVersion(BUNDLE));
  });
});
