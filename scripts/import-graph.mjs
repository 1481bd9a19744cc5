#!/usr/bin/env node
/**
 * The import graph between the folders of src/ (issue 15): for each pair of top-level folders, how
 * many imports cross from one to the other and how many of those reach past the target folder's
 * index.ts. Reads the sources only (no build). tests/layers.test.ts checks the layers with the same
 * reader.
 *
 *   node scripts/import-graph.mjs [ROOT=src] [--list]   # --list: every import past an index.ts
 */
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Every `.ts` source file under root (declaration files excluded), as paths relative to root, `/`-separated. */
export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(relative(root, path).split(sep).join("/"));
    }
  };
  walk(root);
  return out;
}

// Static imports and re-exports (also multi-line and `import type`), side-effect imports, dynamic imports.
const SPECIFIERS = [
  /\b(?:import|export)\b[^;'"`]*?\bfrom\s*["']([^"']+)["']/g,
  /^\s*import\s*["']([^"']+)["']/gm,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
];

/** Line comments and block comments blanked out, so an example in a comment is not an import. */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/(^|[^:"'\\])\/\/[^\n]*/g, "$1");
}

/** The folder a source file belongs to: its first path segment, or the file's name for a top-level file (`cli`). */
export function folderOf(file) {
  const parts = file.split("/");
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, "");
}

/**
 * Every relative import of every source file under root, resolved to a file under root (those that
 * leave root are listed apart, in `outside`):
 * `{ from, to, fromFolder, toFolder, specifier, cross, pastIndex, noIndex }`. `pastIndex`: a
 * cross-folder import of a file other than the target folder's `index.ts`; `noIndex`: a
 * cross-folder import into a folder that has no `index.ts` at all.
 */
export function collectImports(root) {
  root = resolve(root);
  const files = sourceFiles(root);
  const imports = [];
  /** Imports of files outside root (from src/: tools/, package.json …), `to` relative to root. */
  const outside = [];
  for (const from of files) {
    const text = stripComments(readFileSync(join(root, from), "utf8"));
    const seen = new Set();
    for (const re of SPECIFIERS) {
      for (const m of text.matchAll(re)) {
        const specifier = m[1];
        if (!specifier.startsWith(".") || seen.has(specifier)) continue;
        seen.add(specifier);
        const abs = resolve(root, dirname(from), specifier);
        const candidates = [abs.replace(/\.js$/, ".ts"), abs.replace(/\.mjs$/, ".mts"), abs, `${abs}.ts`, join(abs, "index.ts")];
        const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
        const to = relative(root, hit ?? abs).split(sep).join("/");
        if (to.startsWith("..")) {
          outside.push({ from, specifier, to: relative(root, hit ?? abs).split(sep).join("/") });
          continue;
        }
        const fromFolder = folderOf(from);
        const toFolder = folderOf(to);
        const cross = fromFolder !== toFolder;
        const hasIndex = existsSync(join(root, toFolder, "index.ts"));
        const intoFolder = cross && to.includes("/") && to !== `${toFolder}/index.ts`;
        imports.push({ from, to, fromFolder, toFolder, specifier, cross, pastIndex: intoFolder && hasIndex, noIndex: intoFolder && !hasIndex });
      }
    }
  }
  return { files, imports, outside };
}

/** The text report: totals, then one line per (from → to) pair of folders. */
export function formatGraph({ files, imports }, { list = false } = {}) {
  const cross = imports.filter((i) => i.cross);
  const past = cross.filter((i) => i.pastIndex);
  const noIndex = cross.filter((i) => i.noIndex);
  const folders = [...new Set(files.map(folderOf))].sort();
  const indexless = folders.filter((f) => files.some((x) => x.startsWith(`${f}/`)) && !files.includes(`${f}/index.ts`));
  const lines = [
    `source files: ${files.length}; folders: ${folders.length} (${folders.join(", ")})`,
    `relative imports: ${imports.length}; cross-folder: ${cross.length}; past an index.ts: ${past.length}; into a folder without index.ts: ${noIndex.length} (${indexless.join(", ") || "none"})`,
    "",
    "from -> to: imports (past an index.ts / into a folder without one)",
  ];
  const pairs = new Map();
  for (const i of cross) {
    const key = `${i.fromFolder} -> ${i.toFolder}`;
    const p = pairs.get(key) ?? { n: 0, past: 0, none: 0 };
    p.n++;
    if (i.pastIndex) p.past++;
    if (i.noIndex) p.none++;
    pairs.set(key, p);
  }
  for (const [key, p] of [...pairs].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${key}: ${p.n} (${p.past} / ${p.none})`);
  lines.push("", "folder: imports from (folders)");
  for (const f of folders) {
    const deps = [...new Set(cross.filter((i) => i.fromFolder === f).map((i) => i.toFolder))].sort();
    lines.push(`  ${f}: ${deps.length ? deps.join(", ") : "(leaf)"}`);
  }
  if (list) {
    lines.push("", "imports past an index.ts:");
    for (const i of past) lines.push(`  ${i.from} -> ${i.to}`);
  }
  return lines.join("\n") + "\n";
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith("--")) ?? "src";
  process.stdout.write(formatGraph(collectImports(root), { list: args.includes("--list") }));
}
