/**
 * OCR engines behind one interface: tesseract.js (WebAssembly, the Chinese model shipped in
 * @tesseract.js-data/chi_sim, nothing downloaded) and the native `tesseract` CLI where installed.
 * Both read the same image (a strip of cells, see cell-strip.ts) in the same mode and return words
 * with boxes and confidences, so the output model does not depend on the engine.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { toPng, type Gray } from "./image-ops.js";

export type OcrEngineKind = "tesseract.js" | "tesseract";

/** digits: number cells (digits and separators only); text: Chinese labels and prose. */
export type OcrMode = "digits" | "text";

export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  /** Pixels in the recognized image. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The engine's text line the word belongs to (block.paragraph.line). */
  line: string;
}

export interface OcrEngine {
  readonly kind: OcrEngineKind;
  recognize(image: Gray, mode: OcrMode): Promise<OcrWord[]>;
  close(): Promise<void>;
}

/** Characters a number cell may hold. The confusable letters are read as digits by digit-confusions.ts. */
export const DIGIT_WHITELIST = "0123456789,.-";

/** Tesseract page segmentation: 6 = one uniform block of text (the strip of cells is one). */
const PSM_BLOCK = "6";

const require = createRequire(import.meta.url);

/** Where the Chinese model lives inside node_modules (the LSTM-only integer model: faster, same accuracy). */
export function chiSimLangPath(): string {
  const pkg = dirname(require.resolve("@tesseract.js-data/chi_sim/package.json"));
  return join(pkg, "4.0.0_best_int");
}

export async function createTesseractJs(): Promise<OcrEngine> {
  const { createWorker, OEM } = await import("tesseract.js");
  const worker = await createWorker("chi_sim", OEM.LSTM_ONLY, {
    langPath: chiSimLangPath(),
    gzip: true,
    // Never write the unpacked model into the working directory, never fetch it.
    cacheMethod: "none",
  });
  let current: OcrMode | null = null;
  return {
    kind: "tesseract.js",
    async recognize(image, mode) {
      if (current !== mode) {
        await worker.setParameters({
          tessedit_pageseg_mode: PSM_BLOCK as never,
          tessedit_char_whitelist: mode === "digits" ? DIGIT_WHITELIST : "",
          preserve_interword_spaces: "1",
        });
        current = mode;
      }
      const { data } = await worker.recognize(toPng(image), {}, { text: false, tsv: true });
      return parseTsv(data.tsv ?? "");
    },
    async close() {
      await worker.terminate();
    },
  };
}

/** The native CLI, one process per image (it reads the image from stdin, writes TSV to stdout). */
export function createNativeTesseract(binary = "tesseract"): OcrEngine {
  return {
    kind: "tesseract",
    recognize(image, mode) {
      const args = ["stdin", "stdout", "-l", "chi_sim", "--oem", "1", "--psm", PSM_BLOCK, "-c", "preserve_interword_spaces=1"];
      if (mode === "digits") args.push("-c", `tessedit_char_whitelist=${DIGIT_WHITELIST}`);
      args.push("tsv");
      return new Promise((resolve, reject) => {
        const child = spawn(binary, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (d: Buffer) => out.push(d));
        child.stderr.on("data", (d: Buffer) => err.push(d));
        child.on("error", (e: NodeJS.ErrnoException) =>
          reject(e.code === "ENOENT" ? new Error(`the OCR engine "tesseract" is not installed (${binary} not found; Debian: apt install tesseract-ocr tesseract-ocr-chi-sim)`) : e),
        );
        child.on("close", (code) => {
          if (code !== 0) reject(new Error(`tesseract exited with ${code}: ${Buffer.concat(err).toString().trim()}`));
          else resolve(parseTsv(Buffer.concat(out).toString("utf8")));
        });
        child.stdin.end(toPng(image));
      });
    },
    async close() {},
  };
}

/** Tesseract's TSV: level 5 rows are words (left, top, width, height, conf, text). */
export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const line of tsv.split("\n")) {
    const f = line.split("\t");
    if (f[0] !== "5" || f.length < 12) continue;
    const text = f.slice(11).join("\t").trim();
    if (!text) continue;
    words.push({
      text,
      confidence: Math.max(0, Math.min(1, Number(f[10]) / 100)),
      x: Number(f[6]),
      y: Number(f[7]),
      width: Number(f[8]),
      height: Number(f[9]),
      line: `${f[2]}.${f[3]}.${f[4]}`,
    });
  }
  return words;
}
