// The review queue: least confident first, keyboard-driven. j/k move, a accepts, c (or Enter) opens
// the correction field (type, Enter saves, Esc cancels), u marks unreadable, z undoes the last
// action of this session, r opens the report view; + and − zoom the page, 0 goes back to the value.
import { fill, correctionNote, el, failedList, flagList, fmtConf, fmtValue, getJson, header, postJson, renderSource, statusBadge, zoomPage } from "./common.js";

const params = new URLSearchParams(location.search);
const state = { items: [], at: 0, left: 0, reviewed: 0, done: new Map(), undo: [], facets: null };
const itemId = (i) => `${i.doc}\u0000${i.key}`;

function filterBar() {
  const f = state.facets;
  const select = (name, label, options) =>
    el(
      "label",
      {},
      label,
      " ",
      (() => {
        const s = el("select", { name, "data-filter": name }, el("option", { value: "" }, "全部 all"), options.map(([v, t]) => el("option", { value: v, selected: params.get(name) === v }, t)));
        s.addEventListener("change", () => {
          if (s.value) params.set(name, s.value);
          else params.delete(name);
          location.search = params.toString();
        });
        return s;
      })(),
    );
  fill(
    document.getElementById("filters"),
    select("show", "显示 show", [["reviewed", "已审核 reviewed"]]),
    select("flag", "标记 flag", f.flags.map((x) => [x.code, `${x.zh} ${x.code} (${x.count})`])),
    select("table", "表 table", f.tables.map((t) => [t, t])),
    select("agency", "机关 agency", f.agencies.map((a) => [a, a])),
    select("year", "年度 year", f.years.map((y) => [y, y])),
  );
}

function counts() {
  return el("span", { id: "left", "data-left": state.left }, `剩余 ${state.left} left · 已审核 ${state.reviewed} reviewed`);
}

function renderList() {
  const list = document.getElementById("items");
  fill(
    list,
    ...state.items.map((item, i) => {
      const done = state.done.get(itemId(item));
      const li = el(
        "li",
        { class: [i === state.at ? "current" : "", done ? "done" : ""].join(" ").trim() || null, "data-key": item.key, "data-doc": item.doc },
        el("span", { class: "conf" }, fmtConf(item.confidence)),
        el("span", { class: "val" }, fmtValue(done ? done.value : item.value)),
        el("span", { class: "key" }, item.key),
        el("span", { class: "who" }, `${item.agency ?? "?"} ${item.year ?? ""}`, item.correction?.stale ? el("span", { class: "stale-mark" }, " 已过期 stale") : null),
      );
      li.addEventListener("click", () => select(i));
      return li;
    }),
  );
  list.children[state.at]?.scrollIntoView({ block: "nearest" });
  header("queue", [counts()]);
}

async function renderDetail() {
  const detail = document.getElementById("detail");
  const item = state.items[state.at];
  if (!item) {
    fill(detail, el("p", { class: "empty" }, state.items.length ? "" : "没有待审核的数值 nothing left to review"));
    return;
  }
  const cell = await getJson(`/api/cell?${new URLSearchParams({ doc: item.doc, key: item.key })}`);
  const input = el("input", { id: "correct-input", type: "text", inputmode: "numeric", autocomplete: "off", hidden: true, "aria-label": "corrected value" });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      const value = Number(input.value.replace(/[,，\s]/g, ""));
      if (input.value.trim() === "" || !Number.isFinite(value)) return input.setCustomValidity("数字 a number"), input.reportValidity();
      act("correct", value);
    } else if (e.key === "Escape") {
      input.hidden = true;
      input.blur();
    }
    e.stopPropagation();
  });
  const button = (label, fn) => {
    const b = el("button", { type: "button" }, label);
    b.addEventListener("click", fn);
    return b;
  };
  const source = el("div", { class: "source" });
  // The item's facts and actions on the left, its source (the page, zoomed on the value) filling the rest.
  const info = el("div", { class: "info" });
  fill(detail, info, el("div", { class: "source-col" }, el("h3", {}, "来源 Source"), source));
  fill(
    info,
    el("div", { class: "value-line" }, el("span", { class: "value", id: "value" }, fmtValue(cell.value)), statusBadge(cell.status), el("span", { class: "confidence" }, `置信度 confidence ${fmtConf(cell.confidence)}`)),
    el("h2", { class: "label" }, cell.label_zh),
    el("p", { class: "meta" }, el("code", { id: "key" }, cell.key), ` · ${cell.agency ?? "?"} ${cell.year ?? ""} · ${cell.file} · 原文 raw "${cell.raw}" · 第 ${cell.source.page} 页 page, 第 ${cell.source.line} 行 line`),
    correctionNote(cell.correction),
    el("h3", {}, "标记 Flags"),
    flagList(cell.flags),
    cell.failed.length ? el("h3", {}, "未通过的规则 Failed rules") : null,
    failedList(cell.failed),
    el(
      "div",
      { class: "actions" },
      button("确认 Accept (a)", () => act("accept")),
      button("更正 Correct (c)", openCorrect),
      input,
      button("无法辨认 Unreadable (u)", () => act("unreadable")),
      button("撤销 Undo (z)", undo),
      el("a", { href: `/report?${new URLSearchParams({ doc: cell.doc, key: cell.key })}` }, "报告 Report (r)"),
    ),
  );
  detail.dataset.key = cell.key;
  await renderSource(source, { doc: cell.doc, line: cell.source.line, page: cell.source.page, bbox: cell.source.bbox, table: cell.table });
}

function openCorrect() {
  const input = document.getElementById("correct-input");
  const item = state.items[state.at];
  if (!input || !item) return;
  input.hidden = false;
  input.value = item.value === null ? "" : String(item.value);
  input.focus();
  input.select();
}

async function act(action, value) {
  const item = state.items[state.at];
  if (!item) return;
  const cell = await postJson("/api/action", { doc: item.doc, key: item.key, action, ...(value === undefined ? {} : { value }) });
  const wasDone = state.done.has(itemId(item));
  state.done.set(itemId(item), cell);
  state.undo.push(state.at);
  if (!cell.needs_review && !wasDone) state.left -= 1;
  const next = state.items.findIndex((x, i) => i > state.at && !state.done.has(itemId(x)));
  if (next >= 0) state.at = next;
  document.body.dataset.saved = `${item.doc}/${item.key}`;
  renderList();
  await renderDetail();
}

async function undo() {
  // The last action of this session; with none, the decision in force on the current value
  // (e.g. in the "reviewed" list after a reload).
  let at = state.undo.pop();
  if (at === undefined && state.items[state.at]?.correction) at = state.at;
  const item = state.items[at ?? -1];
  if (!item) return;
  await postJson("/api/action", { doc: item.doc, key: item.key, action: "undo" });
  const cell = await getJson(`/api/cell?${new URLSearchParams({ doc: item.doc, key: item.key })}`);
  if (cell.correction === null) {
    state.done.delete(itemId(item));
    state.left += 1;
  } else state.done.set(itemId(item), cell);
  state.at = at;
  renderList();
  await renderDetail();
}

function select(i) {
  if (i < 0 || i >= state.items.length) return;
  state.at = i;
  renderList();
  renderDetail();
}

document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.target instanceof HTMLSelectElement) return;
  const keys = { "+": () => zoomPage(1.25), "=": () => zoomPage(1.25), "-": () => zoomPage(1 / 1.25), "0": () => zoomPage(null), j: () => select(state.at + 1), ArrowDown: () => select(state.at + 1), k: () => select(state.at - 1), ArrowUp: () => select(state.at - 1), a: () => act("accept"), c: openCorrect, Enter: openCorrect, u: () => act("unreadable"), z: undo };
  const item = state.items[state.at];
  if (e.key === "r" && item) return void (location.href = `/report?${new URLSearchParams({ doc: item.doc, key: item.key })}`);
  const fn = keys[e.key];
  if (!fn) return;
  e.preventDefault();
  fn();
});

async function load() {
  const q = await getJson(`/api/queue?${params}`);
  state.items = q.items;
  state.left = q.left;
  state.reviewed = q.reviewed;
  state.facets = q.facets;
  filterBar();
  renderList();
  fill(
    document.getElementById("keys"),
    el("kbd", {}, "j"), "/", el("kbd", {}, "k"), " 下一个/上一个 next/previous · ",
    el("kbd", {}, "a"), " 确认 accept · ", el("kbd", {}, "c"), " 更正 correct (输入数值 type, ", el("kbd", {}, "Enter"), " 保存 save, ", el("kbd", {}, "Esc"), " 取消 cancel) · ",
    el("kbd", {}, "u"), " 无法辨认 unreadable · ", el("kbd", {}, "z"), " 撤销 undo · ", el("kbd", {}, "r"), " 报告 report · ", el("kbd", {}, "+"), "/", el("kbd", {}, "−"), " 缩放 zoom, ", el("kbd", {}, "0"), " 回到数值 back to the value",
  );
  await renderDetail();
  document.body.dataset.ready = "1";
}

load().catch((err) => fill(document.getElementById("detail"), el("p", { class: "error" }, String(err))));
