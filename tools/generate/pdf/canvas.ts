/**
 * A thin page writer over pdfkit: A4 pages in the layout's orientation, a text cursor, page footers
 * (`- 3 -`) on every page, and text placed line by line at computed positions (the renderer wraps
 * and aligns itself with the fonts' exact widths, so pdfkit never re-wraps anything).
 */
import PDFDocument from "pdfkit";
import { footerText } from "../text.js";
import { loadFont, type FontFace, type LoadedFont } from "./fonts.js";
import type { PdfLayout } from "./layout.js";

const CLOSING = "，。、；：？！）》」』”’,.;:)";
const OPENING = "（《「『“‘(";
const A4: [number, number] = [595.28, 841.89];
/** Fixed so that the same report gives the same bytes (pdfkit derives the file ID from it). */
const CREATION_DATE = new Date(Date.UTC(2025, 0, 1));

export class Canvas {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  page = 0;
  y = 0;
  private readonly chunks: Buffer[] = [];
  private readonly registered = new Set<FontFace>();
  private readonly done: Promise<void>;

  constructor(readonly layout: PdfLayout, title = "") {
    const [w, h] = layout.orientation === "portrait" ? A4 : [A4[1], A4[0]];
    this.width = w;
    this.height = h;
    this.doc = new PDFDocument({
      size: "A4",
      layout: layout.orientation,
      margin: 0,
      autoFirstPage: false,
      info: { CreationDate: CREATION_DATE, Title: title, Producer: "nianbao generator", Creator: "nianbao generator" },
    });
    this.doc.on("data", (b: Buffer) => this.chunks.push(b));
    this.done = new Promise((resolve, reject) => {
      this.doc.on("end", () => resolve());
      this.doc.on("error", reject);
    });
    const m = layout.margin;
    this.left = m;
    this.right = w - m;
    this.top = m * 0.9;
    this.bottom = h - m - 12;
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  font(face: FontFace): LoadedFont {
    return loadFont(face);
  }

  /** Starts the next page, printing the footer of the current one. */
  newPage(): void {
    if (this.page > 0) this.drawFooter();
    this.doc.addPage({ size: "A4", layout: this.layout.orientation, margin: 0 });
    this.page++;
    this.y = this.top;
  }

  /** Breaks the page when less than h points are left. */
  ensure(h: number): void {
    if (this.page === 0 || this.y + h > this.bottom) this.newPage();
  }

  /** Draws one line of text with its top at y (no wrapping). */
  text(face: FontFace, size: number, s: string, x: number, y: number): void {
    if (s === "") return;
    // Registered by name: doc.font(object) would build a new embedded font on every call.
    if (!this.registered.has(face)) {
      this.doc.registerFont(face, loadFont(face).src);
      this.registered.add(face);
    }
    this.doc.font(face).fontSize(size).fillColor("black").text(s, x, y, { lineBreak: false });
  }

  textWidth(face: FontFace, size: number, s: string): number {
    return loadFont(face).width(s, size);
  }

  /** Greedy wrap by width; digit runs and Latin words stay whole; leading indent in points. */
  wrap(face: FontFace, size: number, s: string, maxWidth: number, indent = 0): string[] {
    const font = loadFont(face);
    const lines: string[] = [];
    let cur = "";
    let w = indent;
    for (const token of s.match(/[0-9０-９.．,+\-%]+|[A-Za-z]+|./gsu) ?? []) {
      const tw = font.width(token, size);
      // Closing punctuation never starts a line (it hangs into the margin instead).
      if (w + tw > maxWidth && cur !== "" && !CLOSING.includes(token)) {
        // …and opening punctuation never ends one.
        const open = [...cur].at(-1) ?? "";
        const carry = OPENING.includes(open) && [...cur].length > 1 ? open : "";
        lines.push(carry === "" ? cur : cur.slice(0, -carry.length));
        cur = carry;
        w = carry === "" ? 0 : font.width(carry, size);
      }
      cur += token;
      w += tw;
    }
    if (cur !== "" || lines.length === 0) lines.push(cur);
    return lines;
  }

  /** A paragraph with a first-line indent of two characters, flowing over pages. */
  paragraph(face: FontFace, size: number, s: string, opts: { indent?: boolean; align?: "left" | "center"; gap?: number } = {}): void {
    const lh = size * 1.6;
    const indent = opts.indent === false ? 0 : size * 2;
    const lines = this.wrap(face, size, s, this.contentWidth, indent);
    lines.forEach((line, i) => {
      this.ensure(lh);
      const w = this.textWidth(face, size, line);
      const x = opts.align === "center" ? this.left + (this.contentWidth - w) / 2 : this.left + (i === 0 ? indent : 0);
      this.text(face, size, line, x, this.y);
      this.y += lh;
    });
    this.y += opts.gap ?? 0;
  }

  private drawFooter(): void {
    const size = 10;
    const s = footerText(this.layout.footer.style, this.page);
    const w = this.textWidth("serif", size, s);
    const x =
      this.layout.footer.align === "center"
        ? (this.width - w) / 2
        : this.page % 2 === 1
          ? this.right - w
          : this.left;
    this.text("serif", size, s, x, this.height - this.layout.margin * 0.55 - size);
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.6): void {
    this.doc.lineWidth(width).strokeColor("black").moveTo(x1, y1).lineTo(x2, y2).stroke();
  }

  rect(x: number, y: number, w: number, h: number, opts: { fill?: string; stroke?: boolean }): void {
    if (opts.fill) this.doc.rect(x, y, w, h).fillColor(opts.fill).fill();
    if (opts.stroke) this.doc.lineWidth(0.6).strokeColor("black").rect(x, y, w, h).stroke();
  }

  /** Prints the last footer and returns the whole file. */
  async finish(): Promise<Buffer> {
    if (this.page === 0) this.newPage();
    this.drawFooter();
    this.doc.end();
    await this.done;
    return Buffer.concat(this.chunks);
  }
}
