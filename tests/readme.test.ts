/** The README's promises that code can check: its flag table matches FLAG_CODES, its commands exist. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FLAG_CODES, FLAG_CODE_LIST } from "../src/model/index.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const PKG = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

describe("README", () => {
  it("lists every flag code, with the right review marker", () => {
    const rows = new Map([...README.matchAll(/^\| `([a-z_]+)` \| (yes)? *\|/gm)].map((m) => [m[1]!, m[2] === "yes"]));
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

  it("names the package version the code stamps into records", async () => {
    const { VERSION } = await import("../src/version.js");
    expect(VERSION).toBe(PKG.version);
  });
});
