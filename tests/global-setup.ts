/**
 * Builds src → dist and tools → dist-dev once before the suite, and the command line's bundle
 * (dist/bundle/, scripts/bundle.mjs) from dist: worker threads and the child processes that tests
 * start (`node bin/nianbao.js …`, which loads the bundle; its generate and eval commands run from
 * dist-dev) run compiled JavaScript (src/pipeline/executor.ts explains why). A type error elsewhere
 * in the tree still emits JavaScript (tsc's default), so it is reported, not fatal.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  for (const project of ["tsconfig.build.json", "tsconfig.tools.json"]) {
    const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", project], { cwd: root, encoding: "utf8" });
    if (tsc.status !== 0) process.stderr.write(`global-setup: tsc -p ${project} reported errors (its output was still written):\n${tsc.stdout}${tsc.stderr}\n`);
  }
  const bundle = spawnSync(process.execPath, ["scripts/bundle.mjs"], { cwd: root, encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`global-setup: scripts/bundle.mjs failed:\n${bundle.stdout}${bundle.stderr}`);
}
