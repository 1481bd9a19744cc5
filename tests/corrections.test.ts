/** The review log (src/emit/corrections.ts): folding, applying, staleness, and every export applying it. */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  appendCorrection,
  applyCorrections,
  buildLog,
  parseCorrections,
  readCorrections,
  recordToJson,
  writeTables,
  type CorrectionEntry,
} from "../src/emit/index.js";
import { cell, makeRecord } from "./helpers/records.js";

const rec = makeRecord({ cells: [cell("t3.new_received.total", 12, { needs_review: true, confidence: 0.3 }), cell("t3.granted.total", 7)] });
const sha = rec.source.sha256;
let n = 0;
function entry(e: Partial<CorrectionEntry>): CorrectionEntry {
  n += 1;
  return { id: `e${n}`, at: `2026-01-01T00:00:0${n % 10}Z`, reviewer: "qa", sha256: sha, key: "t3.new_received.total", action: "correct", old: 12, new: 13, ...e };
}

describe("applyCorrections", () => {
  it("applies the last decision with status corrected and takes the cell out of review", () => {
    const out = applyCorrections(rec, buildLog([entry({ new: 99 }), entry({ new: 13 })]));
    expect(out.cells[0]).toMatchObject({ value: 13, status: "corrected", needs_review: false, confidence: 1, raw: "12" });
    expect(out.cells[1]).toEqual(rec.cells[1]);
    expect(rec.cells[0]!.value).toBe(12); // pure
  });

  it("undo takes back the named entry (or the last one); unreadable gives null and a flag", () => {
    const a = entry({ new: 13 });
    const b = entry({ action: "unreadable", new: null });
    expect(applyCorrections(rec, buildLog([a, b])).cells[0]).toMatchObject({ value: null, flags: ["marked_unreadable"] });
    expect(applyCorrections(rec, buildLog([a, b, entry({ action: "undo", new: null, undoes: b.id })])).cells[0]!.value).toBe(13);
    expect(applyCorrections(rec, buildLog([a, entry({ action: "undo", new: null })])).cells[0]).toEqual(rec.cells[0]);
  });

  it("keeps a stale decision (extracted value changed) but sends it back to review", () => {
    const out = applyCorrections(rec, buildLog([entry({ old: 11, new: 13 })]));
    expect(out.cells[0]).toMatchObject({ value: 13, status: "corrected", needs_review: true, flags: ["correction_stale"] });
  });

  it("ignores decisions about other documents", () => {
    expect(applyCorrections(rec, buildLog([entry({ sha256: "0".repeat(64) })]))).toBe(rec);
  });

  it("skips a torn last line of the log", () => {
    const text = `${JSON.stringify(entry({}))}\n{"id":"x","at":`;
    const log = parseCorrections(text);
    expect([log.entries.length, log.invalid]).toEqual([1, 1]);
  });
});

describe("exports", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "nianbao-corr-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("appends to corrections.jsonl, and writeTables applies it to CSV, SQLite and corrected.jsonl", async () => {
    await writeTables(dir, [rec]);
    expect(await readdir(dir)).not.toContain("corrected.jsonl");
    const first = await appendCorrection(dir, { reviewer: "qa", sha256: sha, key: "t3.new_received.total", action: "correct", old: 12, new: 15 });
    await appendCorrection(dir, { reviewer: "qa", sha256: sha, key: "t3.granted.total", action: "accept", old: 7, new: 7 });
    expect((await readCorrections(dir)).entries.map((e) => e.id)[0]).toBe(first.id);
    await writeTables(dir, [rec]);
    await writeTables(dir, [rec]); // twice: the SQLite audit rows are not duplicated
    const cells = await readFile(join(dir, "cells.csv"), "utf8");
    expect(cells).toMatch(/t3\.new_received\.total,t3,new_received,total,[^,]*,15,12,1,corrected,/);
    expect(await readFile(join(dir, "review-queue.csv"), "utf8")).not.toContain("t3.new_received.total");
    const db = new Database(join(dir, "nianbao.sqlite"), { readonly: true });
    try {
      expect(db.prepare("SELECT value, status FROM cells WHERE key = 't3.new_received.total'").get()).toEqual({ value: 15, status: "corrected" });
      expect(db.prepare("SELECT key, value, reviewer FROM corrections ORDER BY at, key").all()).toHaveLength(2);
    } finally {
      db.close();
    }
    const corrected = (await readFile(join(dir, "corrected.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(corrected[0].cells[0].value).toBe(15);
    // reports/*.json (written by the batch, not here) are untouched by the log: the record itself is unchanged.
    expect(recordToJson(rec)).toContain('"value":12');
  });

  it("a log line written by hand with a bad sha is dropped, not fatal", async () => {
    await writeFile(join(dir, "corrections.jsonl"), '{"id":"a","sha256":"nope"}\n');
    expect((await readCorrections(dir)).invalid).toBe(1);
  });
});
