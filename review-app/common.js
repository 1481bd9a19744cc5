// Shared by the three pages. Every piece of document text goes into the page through text nodes
// (el() below, textContent), never as HTML: a report that prints <script> shows it as text.

/** Builds an element: attrs are set as attributes (on* names refused), children as nodes or text. */
export function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) throw new Error("event handlers are attached with addEventListener");
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** replaceChildren that skips null/false children (the DOM method would print them as "null"). */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return node;
}

export async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
}

export async function postJson(path, body) {
  const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
}

export function fmtValue(v) {
  return v === null || v === undefined ? "—" : String(v);
}

export function fmtConf(c) {
  return c.toFixed(2);
}

/** The page header: title, navigation, and the export files to download. */
export function header(active, extra = []) {
  const link = (href, text, name) => el("a", { href, class: name === active ? "active" : null }, text);
  const top = document.getElementById("top");
  fill(
    top,
    el("span", { class: "brand" }, "nianbao 审核 review"),
    el("nav", {}, link("/", "待审核 Queue", "queue"), link("/overview", "概览 Overview", "overview")),
    el("span", { class: "extra" }, ...extra),
    el(
      "span",
      { class: "downloads" },
      "导出 Export: ",
      ...["cells.csv", "review-queue.csv", "reports.csv", "corrected.jsonl", "nianbao.sqlite", "corrections.jsonl"].map((f) => el("a", { href: `/files/${f}`, download: f }, f)),
    ),
  );
}

const STATUS_ZH = { read: "读取", inferred: "推算", repaired: "修正", missing: "缺失", corrected: "已审核" };

export function statusBadge(status) {
  return el("span", { class: `status s-${status}` }, `${STATUS_ZH[status] ?? status} ${status}`);
}

export function flagList(flags) {
  if (flags.length === 0) return el("p", { class: "muted" }, "无标记 no flags");
  return el(
    "ul",
    { class: "flags" },
    flags.map((f) => el("li", { class: f.review ? "review" : null }, el("code", {}, f.code), " ", el("span", { lang: "zh" }, f.zh), el("br"), el("span", { class: "en", lang: "en" }, f.en))),
  );
}

export function failedList(failed) {
  if (failed.length === 0) return null;
  return el(
    "ul",
    { class: "failed" },
    failed.map((k) =>
      el("li", {}, el("code", {}, k.rule), ` 期望 expected ${fmtValue(k.expected)}, 实际 actual ${fmtValue(k.actual)}`, k.message_zh ? el("div", { class: "msg" }, k.message_zh) : null),
    ),
  );
}

export function correctionNote(c) {
  if (!c) return null;
  const what = { correct: `改为 corrected to ${fmtValue(c.new)}`, accept: "确认 accepted", unreadable: "无法辨认 marked unreadable" }[c.action] ?? c.action;
  return el(
    "p",
    { class: c.stale ? "correction stale" : "correction" },
    `${c.reviewer} ${what} (${c.at.replace("T", " ").slice(0, 19)}; 原值 old ${fmtValue(c.old)})`,
    c.stale ? el("strong", {}, " — 已过期 stale: 提取值已变化 the extracted value changed since") : null,
  );
}

/** Scrolls only the source box (scrollIntoView would scroll the whole page too). */
export function scrollToLine(box, line) {
  if (line) box.scrollTop = Math.max(0, line.offsetTop - box.clientHeight / 2);
}

/**
 * The source of a value: the page image with the cell's box when there is one (PDF and scans,
 * later issues), else the lines of the input text around the cell's line.
 */
export async function renderSource(container, { doc, line, page, bbox, all = false }) {
  const q = new URLSearchParams({ doc, line: String(line || 1), page: String(page || 1) });
  if (all) q.set("all", "1");
  const src = await getJson(`/api/source?${q}`);
  if (src.image && bbox) {
    const img = el("img", { src: src.image.url, alt: `page ${src.image.page}` });
    const box = el("svg:svg", { class: "bbox", preserveAspectRatio: "none" });
    img.addEventListener("load", () => {
      // bbox is in PDF points, top-left origin (DESIGN.md); the image's size stands in for the page's
      // when the page size is not known.
      const w = src.image.width ?? img.naturalWidth;
      const h = src.image.height ?? img.naturalHeight;
      box.setAttribute("viewBox", `0 0 ${w} ${h}`);
      fill(box, el("svg:rect", { x: bbox.x, y: bbox.y, width: bbox.width, height: bbox.height }));
    });
    fill(container, el("div", { class: "page-image" }, img, box));
    return;
  }
  if (!src.lines) {
    fill(container, el("p", { class: "muted" }, { unreadable: "源文件无法读取 the input file cannot be read", changed: "源文件在提取后已改变，请重新提取 the input file changed since it was read; extract it again" }[src.problem] ?? "无源文本 no source text"));
    return;
  }
  const rows = src.lines.map((text, i) => {
    const n = src.from + i;
    return el("div", { class: n === line ? "ln focus" : "ln", "data-line": n }, el("span", { class: "no" }, String(n)), el("span", { class: "tx" }, text));
  });
  const pre = el("div", { class: "source-lines", role: "region", "aria-label": "source" }, rows);
  fill(container, pre);
  scrollToLine(pre, pre.querySelector(".focus"));
}
