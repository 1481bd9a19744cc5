import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Compiles dist/ for the tests that run worker threads or `node bin/nianbao.js` child processes.
    globalSetup: ["tests/global-setup.ts"],
    // Hooks that generate and rasterize scans took over the default 10 s at load 7–12 on two cores.
    hookTimeout: 60_000,
  },
});
