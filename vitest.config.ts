import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Compiles dist/ for the tests that run worker threads or `node bin/nianbao.js` child processes.
    globalSetup: ["tests/global-setup.ts"],
  },
});
