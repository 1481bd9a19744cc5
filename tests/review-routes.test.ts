/** The review server's route table (src/review/routes.ts) against what the app's pages ask for. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, FILE_ROUTES } from "../src/review/routes.js";

const APP = join(import.meta.dirname, "..", "review-app");

describe("review routes", () => {
  it("every API path the pages call has a handler", () => {
    const called = new Set(readdirSync(APP).flatMap((f) => readFileSync(join(APP, f), "utf8").match(/\/api\/[a-z-]+/g) ?? []));
    expect(called.size).toBeGreaterThan(3);
    for (const path of called) expect(Object.keys(API_ROUTES), path).toContain(path);
  });

  it("the app's pages and assets match a file route, nothing else does", () => {
    const name = (path: string) => FILE_ROUTES.find((r) => r.pattern.test(path))?.name;
    expect(["/", "/report", "/overview"].map(name)).toEqual(["page", "page", "page"]);
    expect(name("/static/queue.js")).toBe("static");
    expect(name("/files/cells.csv")).toBe("download");
    expect(name("/static/../package.json")).toBeUndefined();
    expect(name("/reports")).toBeUndefined();
  });
});
