// Hand-drawn inline SVG charts (no chart library, nothing from a CDN). Labels are SVG text nodes.
import { el } from "./common.js";

const svg = (tag, attrs = {}, ...children) => el(`svg:${tag}`, attrs, ...children);

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((x) => x >= v) ?? v;
}

/** Horizontal bars: [{label, sub, value}] — one row per bar, labels on the left. */
export function barChart(rows, { width = 640, labelWidth = 300, barHeight = 22, title = "" } = {}) {
  const max = niceMax(Math.max(1, ...rows.map((r) => r.value)));
  const h = rows.length * (barHeight + 6) + 24;
  const plot = width - labelWidth - 60;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} ${h}`, width, height: h, role: "img", "aria-label": title, class: "chart" },
    rows.map((r, i) => {
      const y = i * (barHeight + 6) + 4;
      const w = (r.value / max) * plot;
      return svg(
        "g",
        {},
        svg("text", { x: labelWidth - 8, y: y + barHeight / 2 + 4, "text-anchor": "end", class: "lbl" }, r.label),
        svg("rect", { x: labelWidth, y, width: Math.max(1, w), height: barHeight, class: r.cls ?? "bar" }, svg("title", {}, `${r.label} ${r.sub ?? ""}: ${r.value}`)),
        svg("text", { x: labelWidth + w + 6, y: y + barHeight / 2 + 4, class: "num" }, String(r.value)),
      );
    }),
  );
}

/**
 * Vertical histogram of counts per bin, with bin labels underneath. Log scale: confidences pile up
 * near 1, and the few low bins are the ones a reviewer looks for.
 */
export function histogram(counts, labels, { width = 640, height = 240, title = "", classOf = () => "bar" } = {}) {
  const top = 10 ** Math.ceil(Math.log10(Math.max(10, ...counts)));
  const max = Math.log10(1 + top);
  const left = 50;
  const bottom = 30;
  const plotH = height - bottom - 10;
  const bw = (width - left - 10) / counts.length;
  const ticks = [];
  for (let t = 1; t <= top; t *= 10) ticks.push(t);
  const ht = (c) => (Math.log10(1 + c) / max) * plotH;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, class: "chart" },
    ticks.map((t) => {
      const y = 10 + plotH - ht(t);
      return svg("g", {}, svg("line", { x1: left, x2: width - 10, y1: y, y2: y, class: "grid" }), svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "num" }, String(Math.round(t))));
    }),
    counts.map((c, i) => {
      const h = ht(c);
      const x = left + i * bw;
      return svg(
        "g",
        {},
        svg("rect", { x: x + 2, y: 10 + plotH - h, width: bw - 4, height: Math.max(0, h), class: classOf(i) }, svg("title", {}, `${labels[i]}: ${c}`)),
        svg("text", { x: x + bw / 2, y: height - 12, "text-anchor": "middle", class: "lbl small" }, labels[i]),
        c > 0 ? svg("text", { x: x + bw / 2, y: 10 + plotH - h - 4, "text-anchor": "middle", class: "num small" }, String(c)) : null,
      );
    }),
  );
}

/** Stacked bars per year (outcomes), with the applications received as a marker on each bar. */
export function stackedByYear(years, groups, { width = 640, height = 280, title = "" } = {}) {
  const totals = years.map((y) => Math.max(y.applications ?? 0, groups.reduce((s, g) => s + (y.outcomes[g.key] ?? 0), 0)));
  const max = niceMax(Math.max(1, ...totals));
  const left = 50;
  const bottom = 30;
  const plotH = height - bottom - 10;
  const bw = Math.min(90, (width - left - 10) / Math.max(1, years.length));
  const scale = (v) => (v / max) * plotH;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, class: "chart" },
    [0, max / 2, max].map((t) => {
      const y = 10 + plotH - scale(t);
      return svg("g", {}, svg("line", { x1: left, x2: width - 10, y1: y, y2: y, class: "grid" }), svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "num" }, String(Math.round(t))));
    }),
    years.map((y, i) => {
      const x = left + i * bw + 8;
      let base = 10 + plotH;
      const parts = groups.map((g, gi) => {
        const v = y.outcomes[g.key] ?? 0;
        const h = scale(v);
        base -= h;
        return svg("rect", { x, y: base, width: bw - 16, height: h, class: `g${gi}` }, svg("title", {}, `${y.year} ${g.label}: ${v}`));
      });
      const app = y.applications;
      const marker = app === null ? null : svg("line", { x1: x - 4, x2: x + bw - 12, y1: 10 + plotH - scale(app), y2: 10 + plotH - scale(app), class: "marker" }, svg("title", {}, `${y.year} 新收申请 applications: ${app}`));
      return svg("g", {}, parts, marker, svg("text", { x: x + (bw - 16) / 2, y: height - 12, "text-anchor": "middle", class: "lbl" }, String(y.year)));
    }),
  );
}
