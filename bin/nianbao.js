#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci`),
// which also bundles it into dist/bundle/ (scripts/bundle.mjs: a few files load faster than ~450);
// the per-file build is the fallback when the bundle is missing.
// `generate` and `eval` are development tools of a checkout, compiled to dist-dev/ by the same build
// and not part of the installed package.
import { existsSync } from "node:fs";

const DEV_COMMANDS = new Set(["generate", "eval"]);
const dev = DEV_COMMANDS.has(process.argv[2] ?? "");
const devEntry = new URL("../dist-dev/tools/cli/index.js", import.meta.url);
const bundled = new URL("../dist/bundle/cli.js", import.meta.url);

async function run() {
  if (dev) {
    if (!existsSync(devEntry)) {
      console.error(`nianbao ${process.argv[2]} is a development tool of the repository: run it in a checkout after \`npm ci\` (or \`npm run build\`), which compiles it to dist-dev/.`);
      return 2;
    }
    return (await import(devEntry.href)).main(process.argv);
  }
  const cli = existsSync(bundled) ? await import(bundled.href) : await import("../dist/cli/index.js");
  return cli.main(process.argv);
}

run().then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : String(err)); process.exitCode = 2; },
);
