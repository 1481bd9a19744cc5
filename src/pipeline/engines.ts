/**
 * Expensive engines shared by every document of a run, created once per runner and keyed by their
 * options (STYLE.md P10, like docling's pipeline cache). OCR is the first such engine and does not
 * exist yet; this is the seam it plugs into:
 *
 *   - one OCR pool per run, sized apart from the document workers (OCR is the heavy, memory-hungry
 *     step: N document threads share M OCR threads instead of loading N models);
 *   - document workers reach it through a MessagePort handed to each worker thread, the main thread
 *     forwarding requests to the pool — so the pool outlives any one document and a timed-out
 *     document's worker can be killed without killing OCR;
 *   - keyed by the options object (engine kind, languages), so two pipelines with the same OCR
 *     settings share one pool.
 *
 * Until an OCR reader exists, `ocr()` fails with a clear message and nothing is started.
 */
export interface OcrOptions {
  kind: "tesseract";
  lang: string[];
  /** Threads of the OCR pool; default: half the cores, at least 1. */
  threads?: number;
}

export interface OcrRequest {
  /** Page image (PNG bytes). */
  image: Uint8Array;
  page: number;
}

export interface OcrWord {
  text: string;
  /** Top-left origin, pixels of the image. */
  bbox: { x: number; y: number; width: number; height: number };
  /** 0–1. */
  confidence: number;
}

export interface OcrEngine {
  recognize(req: OcrRequest): Promise<OcrWord[]>;
  close(): Promise<void>;
}

export class SharedEngines {
  private readonly ocrPools = new Map<string, OcrEngine>();

  /** The OCR engine for these options, created on first use and shared afterwards. */
  ocr(options: OcrOptions): OcrEngine {
    const key = JSON.stringify({ kind: options.kind, lang: [...options.lang].sort(), threads: options.threads ?? null });
    const existing = this.ocrPools.get(key);
    if (existing) return existing;
    throw new Error(`no OCR engine is available yet (asked for ${options.kind} ${options.lang.join("+")}); scanned inputs are refused for now`);
  }

  async close(): Promise<void> {
    await Promise.all([...this.ocrPools.values()].map((e) => e.close()));
    this.ocrPools.clear();
  }
}
