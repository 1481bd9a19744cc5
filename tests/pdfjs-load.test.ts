/**
 * Loading pdfjs in the project's own threads leaves Node's `fetch` unloaded (src/ingest/pdf/document.ts,
 * withFetchUnloaded): `Response` is still Node's lazy global afterwards, and works when first used,
 * `bytes()` included. In a host process (no installSyncDecompression) the global is not touched. Each
 * case runs in a fresh Node process: the test runner's own globals may have loaded fetch already.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const DIST = new URL("../dist/ingest/pdf/", import.meta.url).href;

function run(own: boolean): { lazyAfterLoad: boolean; bytes: number[]; pdfjsVersion: string } {
  const script = `
    const { installSyncDecompression } = await import(${JSON.stringify(`${DIST}sync-inflate.js`)});
    const { loadPdfjs } = await import(${JSON.stringify(`${DIST}document.js`)});
    if (${own}) installSyncDecompression();
    const lib = await loadPdfjs();
    const lazyAfterLoad = typeof Object.getOwnPropertyDescriptor(globalThis, "Response").get === "function";
    const bytes = [...(await new Response("ok").bytes())];
    console.log(JSON.stringify({ lazyAfterLoad, bytes, pdfjsVersion: lib.version }));
  `;
  const res = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as { lazyAfterLoad: boolean; bytes: number[]; pdfjsVersion: string };
}

describe("loading pdfjs", () => {
  it("in the project's own thread leaves Response lazy, and it works when first used", () => {
    const r = run(true);
    expect(r.lazyAfterLoad).toBe(true);
    expect(r.bytes).toEqual([111, 107]);
    expect(r.pdfjsVersion).toMatch(/^5\./);
  }, 60_000);

  it("in a host process loads it as pdfjs does (the global is not swapped)", () => {
    const r = run(false);
    expect(r.lazyAfterLoad).toBe(false);
    expect(r.bytes).toEqual([111, 107]);
  }, 60_000);
});
