/**
 * The review app's store, kept up to date incrementally: its own corrections applied to their
 * document without a reload, and every change made by another hand (another process appending to
 * the log, a re-extraction rewriting or removing a record) seen on the next look. And the locator
 * that finds moved inputs by their path's tail and their hash, never a namesake.
 */
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendCorrection, writeFileAtomic } from "../src/emit/index.js";
import { runBatch } from "../src/pipeline/batch.js";
import { SourceLocator } from "../src/review/locate.js";
import { ReviewStore } from "../src/review/store.js";

const CORPUS = fileURLToPath(new URL("../corpus/generated/", import.meta.url));
let root: string;
let outDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-review-store-"));
  outDir = join(root, "out");
  const summary = await runBatch([CORPUS], { outDir, executor: "inline" });
  expect(summary.failed).toBe(0);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("review store", () => {
  it("applies its own corrections to their document only, and sees every change made by another hand", async () => {
    const store = new ReviewStore(outDir);
    const snap = await store.snapshot();
    const files = (await readdir(join(outDir, "reports"))).filter((f) => f.endsWith(".json"));
    expect(snap.docs.length).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(3);
    const [a, b] = snap.docs;
    const cellA = a!.extracted.cells.find((c) => c.value !== null)!;
    const untouched = b!.record;

    // Own correction: applied to doc a at once; doc b keeps the very same record object.
    const entry = await appendCorrection(outDir, { reviewer: "t", sha256: a!.extracted.source.sha256, key: cellA.key, action: "correct", old: cellA.value, new: 777 });
    await store.applyAppended(entry);
    const after = await store.snapshot();
    expect(after.byId.get(a!.id)!.record.cells.find((c) => c.key === cellA.key)).toMatchObject({ value: 777, status: "corrected" });
    expect(after.byId.get(b!.id)!.record).toBe(untouched);

    // Undo from this process: the extracted value is back.
    const undo = await appendCorrection(outDir, { reviewer: "t", sha256: entry.sha256, key: cellA.key, action: "undo", old: cellA.value, new: null, undoes: entry.id });
    await store.applyAppended(undo);
    expect((await store.snapshot()).byId.get(a!.id)!.record.cells.find((c) => c.key === cellA.key)!.value).toBe(cellA.value);

    // Another process appends to the log: seen on the next look.
    await appendCorrection(outDir, { reviewer: "other", sha256: b!.extracted.source.sha256, key: b!.extracted.cells[0]!.key, action: "correct", old: b!.extracted.cells[0]!.value, new: 4242 });
    expect((await store.snapshot()).byId.get(b!.id)!.record.cells[0]!.value).toBe(4242);

    // A re-extraction rewrites a record (renamed into place) and removes another.
    const pathA = join(outDir, "reports", `${a!.id}.json`);
    const rewritten = JSON.parse(await readFile(pathA, "utf8"));
    rewritten.report.agency = "改名后的机关";
    await writeFileAtomic(pathA, JSON.stringify(rewritten));
    const gone = snap.docs[2]!.id;
    await rm(join(outDir, "reports", `${gone}.json`));
    const later = await store.snapshot();
    expect(later.byId.get(a!.id)!.record.report.agency).toBe("改名后的机关");
    expect(later.byId.has(gone)).toBe(false);
    expect(later.docs.length).toBe(files.length - 1);
    // The other document's correction is still applied after the reload.
    expect(later.byId.get(b!.id)!.record.cells[0]!.value).toBe(4242);
  });

  it("sees a record rewritten by another hand while its own export rebuild runs (a rebuild takes minutes at 10,000 records)", async () => {
    const store = new ReviewStore(outDir);
    const doc = (await store.snapshot()).docs[0]!;
    const path = join(outDir, "reports", `${doc.id}.json`);
    const rewritten = JSON.parse(await readFile(path, "utf8"));
    rewritten.report.agency = "重新提取后的机关";
    let seen: string | null | undefined;
    // While the rebuild runs: another hand rewrites the record, then a request looks.
    await store.whileWriting(async () => {
      await writeFileAtomic(path, JSON.stringify(rewritten));
      seen = (await store.snapshot()).byId.get(doc.id)!.record.report.agency;
    });
    expect(seen).toBe("重新提取后的机关");
  });
});

describe("source locator", () => {
  it("finds a moved input by its path's tail under a root, only with the record's hash, and names a missing one", async () => {
    const bytes = Buffer.from("报告正文 2023\n");
    const sha = createHash("sha256").update(bytes).digest("hex");
    const recorded = "/data/archive/2023/report.txt";
    const rootDir = join(root, "copy");
    // A namesake with other bytes nearer the root's top, the right file deeper: the hash decides.
    await mkdir(join(rootDir, "archive", "2023"), { recursive: true });
    await writeFile(join(rootDir, "report.txt"), "另一份报告\n");
    await writeFile(join(rootDir, "archive", "2023", "report.txt"), bytes);
    const locator = new SourceLocator([join(root, "nowhere"), rootDir]);
    expect(await locator.locate(recorded, sha)).toEqual({ path: join(rootDir, "archive", "2023", "report.txt") });
    expect(await locator.locate("/data/archive/2023/other.txt", sha)).toEqual({ missing: "/data/archive/2023/other.txt" });
    // Moved again after it was found: looked for again, not served from the old place.
    await cp(join(rootDir, "archive"), join(root, "copy2", "archive"), { recursive: true });
    await rm(join(rootDir, "archive"), { recursive: true });
    expect(await locator.locate(recorded, sha)).toEqual({ missing: recorded });
    expect((await readdir(join(root, "copy2", "archive", "2023"))).length).toBe(1);
  });
});
