// The dashboard is served by `rampart serve` from web/dist under a
// Content-Security-Policy that allows no inline script or style: Vite writes
// every script and stylesheet as a file, and nothing is inlined as data URLs.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
} as never);
