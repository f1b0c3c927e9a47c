import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";
import { gqlDocuments } from "./plugins/gqlDocuments";
import { precompress } from "./plugins/precompress";
import { serviceWorker } from "./plugins/serviceWorker";

// The app serves dist/ itself: index.html at every SPA path, dist/assets with a one-year cache,
// each text asset and the wasm also as .br and .gz (sent by Accept-Encoding); /sw.js keeps the
// app shell and the licence pages for use without a connection.
export default defineConfig({
  plugins: [gqlDocuments(), preact(), serviceWorker(), precompress()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    target: "es2022",
    // The scanner's wasm must stay a file under /assets, never an inlined data URL.
    assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined),
  },
  server: {
    proxy: { "/graphql": "http://127.0.0.1:8000" },
  },
  test: {
    include: ["src/**/*.test.ts", "plugins/**/*.test.ts"],
    environment: "node",
  },
});
