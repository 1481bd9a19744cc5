/** Option parsers and helpers shared by the commands of the command line. */
import { readFileSync } from "node:fs";
import bytes from "bytes-iec";
import { InvalidArgumentError } from "commander";

export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export function intAtLeast(min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${text}"`);
    return n;
  };
}

/**
 * A size: 100, 1k, 1.5M, 20MiB, 20MB (bytes-iec: KiB/MiB binary, KB/MB decimal; a bare k/M/G is
 * binary, as in `ls -h`).
 */
export function size(text: string): number {
  const bare = /^\s*(\d+(?:\.\d+)?)\s*([kmgt])\s*$/i.exec(text);
  const n = bytes.parse(bare ? `${bare[1]}${bare[2]!.toUpperCase()}iB` : text.trim());
  if (n === null || !Number.isFinite(n) || n < 1) throw new InvalidArgumentError(`expected a size such as 500k, 20MiB or 1GB, got "${text}"`);
  return Math.floor(n);
}

export const showSize = (n: number): string => bytes.format(n, { mode: "binary" }) ?? `${n}`;

/** Repeatable option: each use adds a value. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Usage errors found after parsing: one line, the hint, exit status 2 (as commander's own). */
export class UsageError extends Error {}

/** Seconds on the command line → ms. */
export function seconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || text.trim() === "") throw new InvalidArgumentError(`expected a positive number of seconds, got "${text}"`);
  return Math.round(n * 1000);
}

export function ocrEngine(v: string): string {
  if (v !== "tesseract.js" && v !== "tesseract") throw new InvalidArgumentError("must be tesseract.js or tesseract");
  return v;
}

/** The OCR settings travel in the environment, where the pool (engine-pool.ts) reads them. */
export function setOcrEnv(o: { ocrEngine?: string; ocrWorkers?: number }): void {
  if (o.ocrEngine !== undefined) process.env["NIANBAO_OCR_ENGINE"] = o.ocrEngine;
  if (o.ocrWorkers !== undefined) process.env["NIANBAO_OCR_WORKERS"] = String(o.ocrWorkers);
}

