/** Native modules load through src/native.ts, which names the package and the repair when one cannot load. */
import { describe, expect, it } from "vitest";
import { canvas, loadNative, NativeModuleError, openSqlite } from "../src/native.js";

describe("native modules", () => {
  it("load here: better-sqlite3 opens a database, @napi-rs/canvas makes a canvas", () => {
    const db = openSqlite(":memory:");
    expect(db.prepare("select 1 + 1 as n").get()).toEqual({ n: 2 });
    db.close();
    expect(canvas().createCanvas(2, 2).width).toBe(2);
  });

  it("one that cannot load is named, with what needs it and how to repair it", () => {
    const load = () => loadNative("nianbao-no-such-addon", "Testing the message", () => {});
    expect(load).toThrow(NativeModuleError);
    expect(load).toThrow(/^Testing the message needs the native package nianbao-no-such-addon, which cannot be loaded \(Cannot find module 'nianbao-no-such-addon'.*npm rebuild nianbao-no-such-addon/);
  });
});
