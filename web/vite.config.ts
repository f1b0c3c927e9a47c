import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

// The app serves dist/ itself: index.html at every SPA path, dist/assets with a one-year cache.
export default defineConfig({
  plugins: [preact()],
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
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
