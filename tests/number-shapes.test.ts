/**
 * Which cells the digit passes read first (src/ocr/number-shapes.ts): numbers and the
 * template's labels drawn in Debian's Noto CJK faces (sans, serif, bold) at table sizes, at 150–300
 * dpi, binarized as a scan is. A label taken for a number costs a digit pass and could be misread;
 * a number missed costs only time (it is read by the Chinese pass as before).
 */
import { describe, expect, it } from "vitest";
import { binarize, type Gray } from "../src/ocr/image-ops.js";
import { holesContradict, looksLikeDigits, looksLikeZero } from "../src/ocr/number-shapes.js";
import { crop, normalizeLevels } from "../src/ocr/image-ops.js";
import { Rng } from "../tools/generate/index.js";
import { TEMPLATES } from "../src/templates/index.js";

const FONTS = [
  { file: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "Noto Sans CJK SC" },
  { file: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", family: "Noto Serif CJK SC" },
  { file: "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", family: "Noto Sans CJK SC", weight: "bold" },
];

async function draw(text: string, font: (typeof FONTS)[number], pt: number, dpi: number): Promise<{ gray: Gray; ink: { x: number; y: number; w: number; h: number } | null }> {
  const { createCanvas, GlobalFonts } = await import("@napi-rs/canvas");
  GlobalFonts.registerFromPath(font.file);
  const px = (pt * dpi) / 72;
  const canvas = createCanvas(Math.ceil(px * (text.length + 2)), Math.ceil(px * 2));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = "#000";
  ctx.font = `${font.weight ?? ""} ${px}px "${font.family}"`;
  ctx.textBaseline = "middle";
  ctx.fillText(text, px, px);
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const data = new Uint8Array(canvas.width * canvas.height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4]!;
  const gray = { width: canvas.width, height: canvas.height, data };
  const bin = binarize(gray);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < gray.height; y++) for (let x = 0; x < gray.width; x++) if (bin.data[y * gray.width + x]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  return { gray, ink: x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 } };
}

async function shaped(text: string, font: (typeof FONTS)[number], pt: number, dpi: number): Promise<boolean> {
  const { gray, ink } = await draw(text, font, pt, dpi);
  return ink !== null && looksLikeDigits(binarize(gray), ink);
}

describe("cells shaped like numbers", () => {
  const rng = new Rng(2026);
  const numbers = Array.from({ length: 40 }, () => String(rng.int(0, 10 ** rng.int(1, 5))));
  numbers.push("0", "1", "7", "11", "1,024", "3773.52", "-3");
  const labels = [...new Set(TEMPLATES.flatMap((t) => t.tables.flatMap((tb) => tb.rows.flatMap((r) => [r.label_zh, ...r.aliases]))))].filter((l) => l.length > 0);
  const cases = FONTS.flatMap((font) => [7, 10.5, 14].flatMap((pt) => [150, 200, 300].map((dpi) => ({ font, pt, dpi }))));

  it("numbers: nearly all are taken for numbers, in every face, size and resolution", async () => {
    let hits = 0;
    let total = 0;
    for (const c of cases) for (const n of numbers.slice(0, 12)) (total++, (hits += (await shaped(n, c.font, c.pt, c.dpi)) ? 1 : 0));
    expect(hits / total).toBeGreaterThan(0.9);
  }, 60_000);

  it("labels of every template: none is taken for a number", async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      for (const label of labels) if (await shaped(label, c.font, c.pt, c.dpi)) wrong.push(`${label} (${c.font.family} ${c.pt}pt ${c.dpi}dpi)`);
    }
    expect(labels.length).toBeGreaterThan(40);
    expect(wrong).toEqual([]);
  }, 120_000);

  it("loops: a looped digit read as another looped digit is caught; a right reading never is", async () => {
    const confusions: [string, string][] = [["6", "0"], ["0", "6"], ["8", "0"], ["9", "0"], ["26", "20"], ["306", "300"], ["18", "10"]];
    let caught = 0;
    let cases2 = 0;
    const wrongAlarms: string[] = [];
    for (const c of cases.filter((x) => x.pt >= 10.5 || x.dpi >= 200)) {
      for (const [printed, misread] of confusions) {
        const { gray, ink } = await draw(printed, c.font, c.pt, c.dpi);
        const cell = normalizeLevels(crop(gray, ink!.x - 3, ink!.y - 3, ink!.w + 6, ink!.h + 6));
        cases2++;
        if (holesContradict(cell, misread)) caught++;
        else if (process.env.SHOW) console.log("missed", printed, "as", misread, c.font.family, c.font.weight ?? "", c.pt, c.dpi);
        if (holesContradict(cell, printed)) wrongAlarms.push(`${printed} (${c.font.family} ${c.pt}pt ${c.dpi}dpi)`);
      }
    }
    expect(wrongAlarms).toEqual([]);
    expect(caught / cases2).toBeGreaterThan(0.8);
  }, 60_000);

  it("zeros: a lone 0 is told by its loop in most faces and sizes, and no other digit ever passes for one", async () => {
    let zeros = 0;
    let tried = 0;
    const impostors: string[] = [];
    for (const c of cases) {
      for (const d of ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]) {
        const { gray, ink } = await draw(d, c.font, c.pt, c.dpi);
        const cell = normalizeLevels(crop(gray, ink!.x - 3, ink!.y - 3, ink!.w + 6, ink!.h + 6));
        const zero = looksLikeZero(cell);
        if (d === "0") (tried++, (zeros += zero ? 1 : 0));
        else if (zero) impostors.push(`${d} (${c.font.family} ${c.pt}pt ${c.dpi}dpi)`);
      }
    }
    expect(impostors).toEqual([]);
    expect(zeros / tried).toBeGreaterThan(0.7);
  }, 60_000);
});
