#!/usr/bin/env node
// The command line's bundle (issue 14: the fixed cost of a small run), made by `npm run build`
// after tsc: dist/cli/index.js and the worker threads' entries, with the pure-JavaScript packages
// they load on every run, as a few files in dist/bundle/ that bin/nianbao.js loads. Node 20 resolves,
// reads and links each ES module on its own: the CLI was ~150 compiled modules plus zod's ~95, and
// exceljs's workbook writer ~200 CommonJS files (docs/measured.md, "One small PDF").
//
// The per-file dist/ stays the library (package.json "main") and what tests import. The entries
// keep their names and sit in one folder, so that the code that finds a thread's entry beside
// itself (`new URL("./worker-thread-entry.cjs", import.meta.url)`) and the paths two folders up
// (package.json, pipelines/, review-app/) are the same from dist/bundle/ as from dist/<folder>/.
import { builtinModules } from "node:module";
import { copyFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = `${root}dist/bundle`;

/** Bundled: pure JavaScript, loaded on every run (or by every workbook), no files of their own read at run time. */
const BUNDLED = ["zod", "commander", "exceljs", "bytes-iec", "fastest-levenshtein"];

/** Thread entries: each is started by file name from code beside it (executor.ts, xlsx-link.ts, review/exports.ts). */
const input = {
  cli: "dist/cli/index.js",
  "worker-thread": "dist/pipeline/worker-thread.js",
  "xlsx-thread": "dist/emit/xlsx-thread.js",
  "rebuild-thread": "dist/review/rebuild-thread.js",
};

const builtins = new Set(builtinModules);
// What a bundled package imports is bundled with it (only bundled modules are ever an importer here).
const external = (id, importer) => {
  if (id.startsWith("node:") || builtins.has(id)) return true;
  if (id.startsWith(".") || id.startsWith("/") || id.startsWith("\0")) return false;
  if (importer?.includes("/node_modules/")) return false;
  return !BUNDLED.some((p) => id === p || id.startsWith(`${p}/`));
};

/**
 * Node warns (DEP0005) about `Buffer()` and `new Buffer()` unless the caller's file is under
 * node_modules/, which a bundled package's no longer is: archiver-utils (exceljs's zip writer) and
 * safe-buffer still call it. The calls become `Buffer.alloc` for a size (zero-filled, as `Buffer(n)`
 * is since Node 8) and `Buffer.from` otherwise, which is what `Buffer()` does.
 */
const LEGACY_BUFFER = /(?<![\w$.])(?:new\s+)?Buffer\(/g;
const legacyBuffer = {
  name: "nianbao:legacy-buffer",
  transform(code, id) {
    if (!id.includes("/node_modules/") || !LEGACY_BUFFER.test(code)) return null;
    LEGACY_BUFFER.lastIndex = 0;
    const shim = "const __nianbaoBuffer = (a, b, c) => (typeof a === \"number\" ? Buffer.alloc(a) : Buffer.from(a, b, c));\n";
    return { code: shim + code.replace(LEGACY_BUFFER, (m, offset) => (/function\s+$/.test(code.slice(Math.max(0, offset - 20), offset)) ? m : "__nianbaoBuffer(")), map: null };
  },
};

rmSync(outDir, { recursive: true, force: true });
await build({
  cwd: root,
  input,
  platform: "node",
  external,
  plugins: [legacyBuffer],
  logLevel: "warn",
  output: { dir: outDir, format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js", sourcemap: false },
});
// The document threads' CommonJS entry (src/pipeline/worker-thread-entry.cts says why it is one)
// imports worker-thread.js beside it: copied as tsc wrote it, it loads the bundled entry.
copyFileSync(`${root}dist/pipeline/worker-thread-entry.cjs`, `${outDir}/worker-thread-entry.cjs`);
