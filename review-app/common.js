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

/** The page view on screen (queue and report show one at a time): the keyboard zooms it. */
let currentPageView = null;

/** Zoom the page view shown: factor > 1 in, < 1 out, null back to the view it opened with. */
export function zoomPage(factor) {
  if (!currentPageView) return false;
  if (factor === null) currentPageView.reset();
  else currentPageView.zoomBy(factor);
  return true;
}

// How the page opens on a value: its box this tall on screen when the table does not fit across,
// and how much of the page above the values (column headings) and left of them (row labels) is
// kept pinned in view when the zoom scrolls them away.
const BOX_HEIGHT_PX = 24;
/** At most this many times the fit-width zoom on opening (more shows a few cells and no context). */
const MAX_OPEN_ZOOM = 3;
const HEADER_PT = 90;
const MIN_LABEL_PT = 120;

/**
 * The page picture in a scrolling view that opens zoomed on the value's box, the box in the middle
 * and the row labels and column headings of its table in view: when the zoom scrolls them off, a
 * strip of the picture above the table (headings) and one left of it (labels) stay pinned to the
 * view's edges, as frozen panes in a spreadsheet do. A strip shows its whole band of the page, at
 * a smaller scale when it would not fit, lined up with the value's column (headings) and row (labels).
 * bbox and table are in PDF points, top-left origin (DESIGN.md), the picture's coordinates.
 */
function pageView(image, bbox) {
  const W = image.width;
  const H = image.height;
  const t = image.table ?? { x0: bbox.x, y0: bbox.y, x1: bbox.x + bbox.width, y1: bbox.y + bbox.height };
  const labelLeft = Math.max(0, t.x0 - Math.max(MIN_LABEL_PT, t.x1 - t.x0));
  const headTop = Math.max(0, t.y0 - HEADER_PT);
  const img = el("img", { src: image.url, alt: `page ${image.page}`, draggable: "false" });
  const svg = el("svg:svg", { class: "bbox", viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none" }, el("svg:rect", { x: bbox.x, y: bbox.y, width: bbox.width, height: bbox.height }));
  const canvas = el("div", { class: "page-canvas" }, img, svg);
  const scroller = el("div", { class: "page-scroll", tabindex: "0", "aria-label": `page ${image.page}` }, canvas);
  const top = el("div", { class: "pin pin-top", hidden: true }, el("div", { class: "pin-col" }));
  const left = el("div", { class: "pin pin-left", hidden: true }, el("div", { class: "pin-row" }));
  const label = el("span", { class: "zoom-label" });
  const btn = (text, title, fn) => {
    const b = el("button", { type: "button", title }, text);
    b.addEventListener("click", fn);
    return b;
  };
  const view = el("div", { class: "page-view", "data-skew": image.skew ?? 0 }, scroller, top, left);
  const wrap = el(
    "div",
    { class: "page-wrap" },
    el(
      "div",
      { class: "zoom-bar" },
      btn("−", "缩小 zoom out (−)", () => api.zoomBy(1 / 1.25)),
      label,
      btn("+", "放大 zoom in (+)", () => api.zoomBy(1.25)),
      btn("⟲", "回到数值 back to the value (0)", () => api.reset()),
      image.skew ? el("span", { class: "muted" }, ` 已校正倾斜 straightened ${Number(image.skew).toFixed(2)}°`) : null,
    ),
    view,
  );
  let z = 1;
  let initial = 1;

  function layout() {
    canvas.style.width = `${W * z}px`;
    canvas.style.height = `${H * z}px`;
    label.textContent = `${Math.round(z * 100)}%`;
    view.dataset.zoom = String(z);
    pins();
  }

  /** The pinned strips: shown only while the real headings / labels are scrolled out of view. */
  function pins() {
    const vw = scroller.clientWidth;
    const vh = scroller.clientHeight;
    const labelPt = t.x0 - labelLeft;
    const headPt = t.y0 - headTop;
    const leftW = Math.min(labelPt * z, vw * 0.4);
    const topH = Math.min(headPt * z, vh * 0.25);
    const showLeft = scroller.scrollLeft > labelLeft * z + 1 && leftW > 8;
    const showTop = scroller.scrollTop > t.y0 * z - topH + 1 && topH > 8;
    left.hidden = !showLeft;
    top.hidden = !showTop;
    const bg = `url("${image.url}")`;
    // The value's centre on screen, relative to the view.
    const cx = (bbox.x + bbox.width / 2) * z - scroller.scrollLeft;
    const cy = (bbox.y + bbox.height / 2) * z - scroller.scrollTop;
    if (showLeft) {
      const s = leftW / labelPt; // the whole label band across
      const oy = cy - (bbox.y + bbox.height / 2) * s; // the value's row lined up
      Object.assign(left.style, { width: `${leftW}px`, height: `${vh}px`, backgroundImage: bg, backgroundSize: `${W * s}px ${H * s}px`, backgroundPosition: `${-labelLeft * s}px ${oy}px` });
      Object.assign(left.firstChild.style, { top: `${bbox.y * s + oy - 3}px`, height: `${bbox.height * s + 6}px` });
    }
    if (showTop) {
      const x0 = showLeft ? leftW : 0;
      const s = topH / headPt; // the whole heading band down
      const ox = cx - x0 - (bbox.x + bbox.width / 2) * s; // the value's column lined up
      Object.assign(top.style, { left: `${x0}px`, width: `${vw - x0}px`, height: `${topH}px`, backgroundImage: bg, backgroundSize: `${W * s}px ${H * s}px`, backgroundPosition: `${ox}px ${-headTop * s}px` });
      Object.assign(top.firstChild.style, { left: `${bbox.x * s + ox - 3}px`, width: `${bbox.width * s + 6}px` });
    }
  }

  /** Scroll so that the page point (px, py) is at fraction (fx, fy) of the view. */
  function scrollTo(px, py, fx, fy) {
    scroller.scrollLeft = Math.max(0, px * z - scroller.clientWidth * fx);
    scroller.scrollTop = Math.max(0, py * z - scroller.clientHeight * fy);
    pins();
  }

  function focus() {
    const vw = scroller.clientWidth;
    const fitWidth = vw / W;
    // The whole table across, labels included, when its box is then big enough to read; else zoom
    // in on the box (the pinned strips keep labels and headings in view).
    const across = vw / (t.x1 - labelLeft + 12);
    z = across * bbox.height >= BOX_HEIGHT_PX * 0.65 ? across : BOX_HEIGHT_PX / Math.max(4, bbox.height);
    z = Math.min(Math.max(z, fitWidth * 0.5), fitWidth * MAX_OPEN_ZOOM);
    initial = z;
    layout();
    const cx = bbox.x + bbox.width / 2;
    const cy = bbox.y + bbox.height / 2;
    // Labels and headings on the page itself when they fit beside the box; else the box centred.
    const fitsLeft = (cx - labelLeft) * z < vw * 0.85;
    scrollTo(fitsLeft ? labelLeft : cx, cy, fitsLeft ? 0 : 0.55, 0.55);
    if (fitsLeft) scroller.scrollLeft = Math.max(0, labelLeft * z - 6);
    const fitsAbove = (cy - headTop) * z < scroller.clientHeight * 0.85;
    if (fitsAbove) scroller.scrollTop = Math.max(0, headTop * z - 6);
    pins();
  }

  // Until the reader zooms, the view follows its own size: the first frame can come before the
  // page has its final layout (a loaded machine), and a zoom fitted to that width is too small.
  let touched = false;
  let focusedWidth = 0;
  const api = {
    zoomBy(f) {
      touched = true;
      // The page point at the middle of the view stays there.
      const cx = (scroller.scrollLeft + scroller.clientWidth / 2) / z;
      const cy = (scroller.scrollTop + scroller.clientHeight / 2) / z;
      z = Math.min(Math.max(z * f, 0.2), 12);
      layout();
      scrollTo(cx, cy, 0.5, 0.5);
    },
    reset() {
      focus();
    },
  };
  scroller.addEventListener("scroll", pins, { passive: true });
  for (const type of ["wheel", "pointerdown", "keydown"]) scroller.addEventListener(type, () => (touched = true), { passive: true });
  new ResizeObserver(() => {
    if (!touched && view.dataset.ready && scroller.clientWidth !== focusedWidth) {
      focusedWidth = scroller.clientWidth;
      focus();
    }
    pins();
  }).observe(scroller);
  // Laid out once the view has its size on the page (it is created detached).
  requestAnimationFrame(() => {
    focusedWidth = scroller.clientWidth;
    focus();
    view.dataset.ready = "1";
  });
  return { node: wrap, api };
}

/**
 * The source of a value: the page image with the cell's box when there is one (PDF and scans),
 * else the lines of the input text around the cell's line.
 */
export async function renderSource(container, { doc, line, page, bbox, table, all = false }) {
  const q = new URLSearchParams({ doc, line: String(line || 1), page: String(page || 1) });
  if (table) q.set("table", table);
  if (all) q.set("all", "1");
  const src = await getJson(`/api/source?${q}`);
  currentPageView = null;
  if (src.image && bbox) {
    // The picture's size in points stands in for the page's when it is not known (old page images).
    if (!src.image.width || !src.image.height) {
      const probe = new Image();
      probe.src = src.image.url;
      await probe.decode().catch(() => undefined);
      src.image.width ??= probe.naturalWidth;
      src.image.height ??= probe.naturalHeight;
    }
    const { node, api } = pageView(src.image, bbox);
    currentPageView = api;
    fill(container, node);
    return;
  }
  if (!src.lines) {
    const missing = src.missing
      ? [el("strong", {}, "找不到源文件 input file not found: "), el("code", { class: "missing-path" }, src.missing), el("br"), "文件已移动？用 ", el("code", {}, "nianbao review --source-root 目录DIR"), " 指明输入所在的目录 moved? name the folder that holds the inputs with --source-root"]
      : null;
    fill(
      container,
      el("p", { class: missing ? "missing" : "muted" }, missing ?? ({ unreadable: "源文件无法读取 the input file cannot be read", changed: "源文件在提取后已改变，请重新提取 the input file changed since it was read; extract it again" }[src.problem] ?? "无源文本 no source text")),
    );
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
