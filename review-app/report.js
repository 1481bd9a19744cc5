// The report view: the whole rebuilt table beside the source. Cells in a failed rule are outlined
// red, inferred / repaired / corrected / missing cells are shaded (legend), and a click on a cell
// shows its details and scrolls the source to its line (or draws its box on the page image).
import { fill, correctionNote, el, failedList, flagList, fmtConf, fmtValue, getJson, header, renderSource, scrollToLine, statusBadge, zoomPage } from "./common.js";

const params = new URLSearchParams(location.search);
const doc = params.get("doc") ?? "";
let report = null;
let sourceLoaded = false;

const TABLE_ZH = { t2: "表二 主动公开政府信息情况", t3: "表三 收到和处理政府信息公开申请情况", t4: "表四 政府信息公开行政复议、行政诉讼情况" };

function cellClasses(c, failedKeys) {
  const cls = [`s-${c.status}`];
  if (failedKeys.has(c.key)) cls.push("rule-failed");
  if (c.needs_review) cls.push("needs-review");
  return cls.join(" ");
}

function renderTables() {
  const failedKeys = new Set(report.checks.flatMap((k) => k.keys));
  const tables = report.tables.map((t) => {
    const byKey = new Map(t.cells.map((c) => [`${c.key.split(".").slice(1, -1).join(".")}|${c.key.split(".").pop()}`, c]));
    const head = el("tr", {}, el("th", {}, ""), t.columns.map((col) => el("th", { title: col.key }, col.label)));
    const rows = t.rows.map((row) =>
      el(
        "tr",
        {},
        el("th", { scope: "row", title: row.key }, row.label),
        t.columns.map((col) => {
          const c = byKey.get(`${row.key}|${col.key}`);
          if (!c) return el("td", { class: "none" });
          const td = el("td", { class: cellClasses(c, failedKeys), "data-key": c.key, tabindex: 0, title: `${c.key} · ${fmtConf(c.confidence)}` }, fmtValue(c.value));
          td.addEventListener("click", () => showCell(c));
          td.addEventListener("keydown", (e) => e.key === "Enter" && showCell(c));
          return td;
        }),
      ),
    );
    return el("section", { class: "table" }, el("h2", {}, `${TABLE_ZH[t.id] ?? t.id} `, el("small", {}, t.template ?? "")), el("div", { class: "scroll" }, el("table", {}, el("thead", {}, head), el("tbody", {}, rows))));
  });
  const checks = report.checks.length
    ? el(
        "section",
        { class: "checks" },
        el("h2", {}, `未通过的规则 Failed rules (${report.checks.length} / ${report.checks_total})`),
        el(
          "ul",
          {},
          report.checks.map((k) => {
            const li = el("li", {}, el("code", {}, k.rule), ` 期望 expected ${fmtValue(k.expected)}, 实际 actual ${fmtValue(k.actual)} `, k.message_zh ? el("span", { class: "msg" }, k.message_zh) : null);
            li.addEventListener("mouseenter", () => highlight(k.keys, true));
            li.addEventListener("mouseleave", () => highlight(k.keys, false));
            return li;
          }),
        ),
      )
    : el("p", { class: "ok" }, `全部 ${report.checks_total} 条规则成立 all ${report.checks_total} rules hold`);
  const legend = el(
    "p",
    { class: "legend" },
    ["read", "inferred", "repaired", "missing", "corrected"].map((s) => statusBadge(s)),
    el("span", { class: "status rule-failed" }, "规则不成立 rule failed"),
    el("span", { class: "status needs-review" }, "待审核 needs review"),
  );
  const warnings = report.warnings.length ? el("ul", { class: "warnings" }, report.warnings.map((w) => el("li", {}, w))) : null;
  fill(
    document.getElementById("tables"),
    el("h1", {}, `${report.agency ?? "（机关未识别）"} ${report.year ?? ""}`),
    el("p", { class: "meta" }, `${report.title ?? ""} · ${report.file} · ${report.kind}, ${report.pages} 页 pages`),
    legend,
    warnings,
    checks,
    ...tables,
  );
}

function highlight(keys, on) {
  for (const key of keys) document.querySelector(`td[data-key="${CSS.escape(key)}"]`)?.classList.toggle("hl", on);
}

async function showCell(c) {
  for (const td of document.querySelectorAll("td.selected")) td.classList.remove("selected");
  document.querySelector(`td[data-key="${CSS.escape(c.key)}"]`)?.classList.add("selected");
  const side = document.getElementById("side");
  const info = side.querySelector(".cell-info");
  fill(
    info,
    el("div", { class: "value-line" }, el("span", { class: "value" }, fmtValue(c.value)), statusBadge(c.status), el("span", { class: "confidence" }, `置信度 ${fmtConf(c.confidence)}`)),
    el("p", {}, el("strong", {}, c.label_zh)),
    el("p", { class: "meta" }, el("code", {}, c.key), ` · 原文 raw "${c.raw}" · 第 ${c.source.line} 行 line`),
    correctionNote(c.correction),
    flagList(c.flags),
    failedList(c.failed),
  );
  const source = side.querySelector(".source");
  if (c.source.bbox || !sourceLoaded) {
    await renderSource(source, { doc, line: c.source.line, page: c.source.page, bbox: c.source.bbox, table: c.table, all: true });
    sourceLoaded = !c.source.bbox;
  }
  for (const ln of source.querySelectorAll(".ln.focus")) ln.classList.remove("focus");
  const line = source.querySelector(`.ln[data-line="${c.source.line}"]`);
  line?.classList.add("focus");
  scrollToLine(source.querySelector(".source-lines"), line);
}

async function load() {
  header("report", [el("a", { href: "/" }, "← 返回待审核 back to queue")]);
  report = await getJson(`/api/report?${new URLSearchParams({ doc })}`);
  document.title = `nianbao review — ${report.agency ?? report.file} ${report.year ?? ""}`;
  renderTables();
  fill(document.getElementById("side"), el("div", { class: "cell-info" }, el("p", { class: "muted" }, "点击单元格查看来源 click a cell to see its source")), el("div", { class: "source tall" }));
  const all = report.tables.flatMap((t) => t.cells);
  const first = all.find((c) => c.key === params.get("key")) ?? all.find((c) => c.needs_review) ?? all[0];
  if (first) await showCell(first);
  document.body.dataset.ready = "1";
}

load().catch((err) => fill(document.getElementById("tables"), el("p", { class: "error" }, String(err))));

// + and − zoom the page picture, 0 goes back to the value (as in the queue).
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
  const f = { "+": 1.25, "=": 1.25, "-": 1 / 1.25, "0": null }[e.key];
  if (f !== undefined && zoomPage(f)) e.preventDefault();
});
