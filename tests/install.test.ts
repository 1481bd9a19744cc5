/**
 * Installing outside the clone (issue 13): the package is packed (`npm pack`), installed from the
 * tarball into a fresh folder outside the repository, and used there as a user would — the
 * `nianbao` command (extract, show) and the library import. Dependencies come from the npm registry
 * (through npm's cache when warm). Install scripts are skipped and better-sqlite3's native addon is
 * taken from the repository's own install (same version, same Node): that addon is what its install
 * script would build, and building it takes minutes on two cores. ~40 s.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..");
const INPUT = join(REPO, "corpus", "generated", "syn00001_93459c28.txt");
const GOLD = JSON.parse(readFileSync(join(REPO, "corpus-gold", "syn00001_93459c28.json"), "utf8")) as { agency: string; cells: Record<string, number | null> };

let root: string;
let app: string;

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const res = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 150_000, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });
  if (res.error) throw res.error;
  return res;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "nianbao-install-"));
  app = join(root, "app");
  // dist/ is compiled by the test setup (global-setup.ts), so packing needs no build.
  const pack = run("npm", ["pack", "--ignore-scripts", "--pack-destination", root], REPO);
  expect(pack.status, pack.stderr).toBe(0);
  const tgz = readdirSync(root).find((f) => /^nianbao-.*\.tgz$/.test(f));
  expect(tgz).toBeDefined();
  cpSync(join(REPO, "corpus", "generated", "syn00001_93459c28.txt"), join(root, "report.txt"));
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  const install = run("npm", ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", join(root, tgz!)], app);
  expect(install.status, install.stderr).toBe(0);
  cpSync(join(REPO, "node_modules", "better-sqlite3", "build"), join(app, "node_modules", "better-sqlite3", "build"), { recursive: true });
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe("installed from the packed tarball, outside the clone", () => {
  it("installs the command and none of the repository's own files", () => {
    expect(existsSync(join(app, "node_modules", ".bin", "nianbao"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "nianbao", "dist", "cli", "index.js"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "nianbao", "src"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "nianbao", "tests"))).toBe(false);
  }, 60_000);

  it("nianbao extract (with a bundled --pipeline) writes an output folder with the right values", () => {
    const res = run(join(app, "node_modules", ".bin", "nianbao"), ["extract", join(root, "report.txt"), "--out", "out", "--quiet", "--pipeline", "default"], app);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain("1 read, 0 failed");
    const panel = readFileSync(join(app, "out", "panel.csv"), "utf8").replace(/^\uFEFF/, "").split("\r\n");
    const header = panel[0]!.split(",");
    const row = panel[1]!.split(",");
    expect(row[header.indexOf("agency")]).toBe(GOLD.agency);
    expect(Number(row[header.indexOf("t2.other_services.change")])).toBe(GOLD.cells["t2.other_services.change"]);
    for (const f of ["keys.csv", "datapackage.json", "nianbao.xlsx", "failures.csv", "nianbao.sqlite"]) expect(existsSync(join(app, "out", f)), f).toBe(true);
  }, 60_000);

  it("nianbao show prints the tables and writes nothing", () => {
    const res = run(join(app, "node_modules", ".bin", "nianbao"), ["show", join(root, "report.txt")], root);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain("三、收到和处理政府信息公开申请情况 (t3)");
    expect(res.stdout).toMatch(/其他对外管理服务事项\s+2\s+41\s+1/);
    expect(existsSync(join(root, "output"))).toBe(false);
  }, 60_000);

  it("the development tools (generate, eval) are not installed, and say so", () => {
    const res = run(join(app, "node_modules", ".bin", "nianbao"), ["generate", "--out", "gen", "--count", "1", "--seed", "1"], app);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/nianbao generate is a development tool of the repository/);
    expect(existsSync(join(app, "node_modules", "nianbao", "dist-dev"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "pdfkit"))).toBe(false);
  }, 60_000);

  it("the library imports by its package name", () => {
    const script = `import { extract } from "nianbao"; const r = await extract(${JSON.stringify(join(root, "report.txt"))}); console.log(JSON.stringify({ agency: r.report.agency, v: r.cells.find((c) => c.key === "t2.other_services.change")?.value }));`;
    writeFileSync(join(app, "use.mjs"), script);
    const res = run(process.execPath, ["use.mjs"], app);
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ agency: GOLD.agency, v: GOLD.cells["t2.other_services.change"] });
  }, 60_000);
});
