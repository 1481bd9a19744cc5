/** The README's promises that code can check: its commands exist, its links and the docs' links lead
 * somewhere, the flag table (moved to docs/outputs.md) matches FLAG_CODES. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FLAG_CODES, FLAG_CODE_LIST } from "../src/model/index.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const OUTPUTS_DOC = readFileSync(new URL("../docs/outputs.md", import.meta.url), "utf8");
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PKG = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

describe("README", () => {
  it("lists every flag code, with the right review marker (docs/outputs.md)", () => {
    const rows = new Map([...OUTPUTS_DOC.matchAll(/^\| `([a-z_]+)` \| (yes)? *\|/gm)].map((m) => [m[1]!, m[2] === "yes"]));
    for (const code of FLAG_CODE_LIST) {
      expect(rows.has(code), code).toBe(true);
      expect(rows.get(code), code).toBe(FLAG_CODES[code].review);
    }
    expect([...rows.keys()].filter((k) => !(k in FLAG_CODES))).toEqual([]);
  });

  it("starts with the install-and-run command and the test command, and CI runs the latter", () => {
    const block = /```sh\n([\s\S]*?)```/.exec(README)![1]!;
    const [run, test] = block.trim().split("\n").map((l) => l.replace(/\s+#.*$/, "").trim());
    expect(run).toBe("npm ci && npx nianbao extract corpus --out output");
    expect(test).toBe("npm test");
    expect(readFileSync(new URL("../.ci/run", import.meta.url), "utf8")).toMatch(/^npm test$/m);
    expect(PKG.scripts.test).toBe("vitest run");
  });

  it("links only to files and anchors that exist (README.md and docs/*.md)", () => {
    const pages = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(ROOT, page), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // http:, mailto:
        const [file, anchor] = target!.split("#");
        const path = file ? join(ROOT, dirname(page), file) : join(ROOT, page);
        if (!existsSync(path)) {
          if (!PENDING_DOCS.has(join(dirname(page), file!))) broken.push(`${page}: ${target}`);
          continue;
        }
        if (anchor && !anchorsOf(readFileSync(path, "utf8")).has(anchor)) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("names the package version the code stamps into records", async () => {
    const { VERSION } = await import("../src/version.js");
    expect(VERSION).toBe(PKG.version);
  });
});

/** Docs written on sibling branches (issue 13) that the README links before they are merged. */
const PENDING_DOCS = new Set(["docs/data-set.md", "docs/cli.md", "docs/hostile-inputs.md", "docs/crawled-pages.md"]);

/** The anchors a Markdown page offers: GitHub's heading slugs and explicit <a id>. */
function anchorsOf(markdown: string): Set<string> {
  const ids = new Set([...markdown.matchAll(/<a id="([^"]+)"/g)].map((m) => m[1]!));
  for (const [, heading] of markdown.matchAll(/^#{1,6} +(.+)$/gm)) {
    ids.add(heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-"));
  }
  return ids;
}
