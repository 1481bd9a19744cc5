// The overview: flags by kind, the confidence distribution, and the data itself — one agency's
// applications by year and outcome (table 3, column 总计).
import { barChart, histogram, stackedByYear } from "./charts.js";
import { el, fill, getJson, header } from "./common.js";

const GROUPS = [
  { key: "granted", label: "予以公开 granted" },
  { key: "partially_granted", label: "部分公开 partly granted" },
  { key: "denied", label: "不予公开 denied" },
  { key: "unable", label: "无法提供 unable to provide" },
  { key: "not_processed", label: "不予处理 not processed" },
  { key: "other", label: "其他处理 other" },
];

function agencyChart(agency) {
  return el(
    "div",
    { id: "agency-chart" },
    stackedByYear(agency.years, GROUPS, { title: `${agency.agency}: 申请 applications by year and outcome` }),
    el("p", { class: "legend" }, GROUPS.map((g, i) => el("span", { class: `key g${i}` }, g.label)), el("span", { class: "key marker" }, "— 本年新收申请 applications received")),
  );
}

async function load() {
  header("overview");
  const o = await getJson("/api/overview");
  const root = document.getElementById("overview");
  const stat = (n, zh, en) => el("div", { class: "stat" }, el("strong", {}, String(n)), el("span", {}, zh), el("span", { class: "en" }, en));
  const select = el("select", { id: "agency" }, o.agencies.map((a, i) => el("option", { value: String(i) }, `${a.agency} (${a.years.map((y) => y.year).join(", ")})`)));
  const holder = el("div", {}, o.agencies[0] ? agencyChart(o.agencies[0]) : el("p", { class: "muted" }, "没有机关和年度 no agency and year found"));
  select.addEventListener("change", () => fill(holder, agencyChart(o.agencies[Number(select.value)])));
  const bins = o.confidence.map((_, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`);
  fill(
    root,
    el("div", { class: "stats" }, stat(o.documents, "份报告", "documents"), stat(o.cells, "个数值", "values"), stat(o.review, "待审核", "to review"), stat(o.corrections, "条审核记录", "log entries")),
    el(
      "section",
      { class: "card" },
      el("h2", {}, "标记分布 Flags by kind"),
      o.flags.length ? barChart(o.flags.map((f) => ({ label: `${f.zh.length > 13 ? `${f.zh.slice(0, 13)}…` : f.zh} ${f.code}`, sub: f.en, value: f.count, cls: f.review ? "bar review" : "bar" })), { title: "flags by kind" }) : el("p", { class: "muted" }, "无标记 no flags"),
    ),
    el("section", { class: "card" }, el("h2", {}, "置信度分布 Confidence distribution"), histogram(o.confidence, bins, { title: "confidence", classOf: (i) => (i < 7 ? "bar review" : "bar") }), el("p", { class: "muted" }, "对数刻度 log scale · 低于 0.7 的数值送审 values below 0.7 go to review")),
    el("section", { class: "card" }, el("h2", {}, "申请数量与办理结果 Applications by year and outcome"), el("label", {}, "机关 agency ", select), holder),
  );
  document.body.dataset.ready = "1";
}

load().catch((err) => fill(document.getElementById("overview"), el("p", { class: "error" }, String(err))));
