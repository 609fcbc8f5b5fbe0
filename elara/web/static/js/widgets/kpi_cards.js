// KPI cards: revenue, expenses, net income, margin and record count, with change vs. the
// previous period of equal length.

import { empty, errorState, h, loading, replace } from "../dom.js";
import { compactMoney, integer, money, percent } from "../format.js";

const KPIS = [
  { key: "revenue", label: "Revenue", kind: "money", goodWhenUp: true },
  { key: "expenses", label: "Expenses", kind: "money", goodWhenUp: false },
  { key: "net_income", label: "Net income", kind: "money", goodWhenUp: true },
  { key: "margin", label: "Margin", kind: "percent", goodWhenUp: true },
  { key: "record_count", label: "Records", kind: "count", goodWhenUp: null },
];

function show(kind, value, currency) {
  if (kind === "percent") return percent(value);
  if (kind === "count") return integer(value);
  return money(value, currency);
}

/** The percent change (a number) from the server's change block, else computed. */
function changeOf(kpi, summary) {
  if (!Number(summary.previous?.record_count)) return null; // nothing to compare with
  const given = summary.change?.[kpi.key];
  const raw = typeof given === "object" && given !== null ? given.percent ?? given.pct ?? given.value : given;
  if (kpi.kind === "percent" && summary.change?.margin_points != null) return Number(summary.change.margin_points);
  if (raw !== undefined && raw !== null && kpi.kind !== "percent") return Number(raw);
  const now = Number(summary.current[kpi.key]);
  const before = Number(summary.previous?.[kpi.key]);
  if (!Number.isFinite(now) || !Number.isFinite(before)) return null;
  if (kpi.kind === "percent") return now - before; // margin changes in points
  return before === 0 ? null : ((now - before) / Math.abs(before)) * 100;
}

export class KpiCards {
  constructor() {
    this.el = h("section", { class: "grid grid--kpi", "aria-label": "Key figures" });
    this.showLoading();
  }

  showLoading() {
    replace(this.el, h("div", { class: "card" }, loading("Loading key figures…")));
  }

  showError(error) {
    replace(this.el, h("div", { class: "card" }, errorState(error, "Key figures are unavailable")));
  }

  update(summary) {
    if (summary.current.record_count !== undefined && Number(summary.current.record_count) === 0) {
      replace(this.el, h("div", { class: "card" }, empty("No records match these filters.")));
      return;
    }
    const hasPrevious = Number(summary.previous?.record_count) > 0;
    const period = summary.previousPeriod && hasPrevious ? `Change against ${summary.previousPeriod.from} – ${summary.previousPeriod.to}.` : "";
    const note = [summary.note, period].filter(Boolean).join(" ");
    replace(this.el, KPIS.map((kpi) => this.card(kpi, summary)), note ? h("p", { class: "kpi__note" }, note) : null);
  }

  card(kpi, summary) {
    const change = changeOf(kpi, summary);
    let changeEl = h("p", { class: "kpi__change muted" }, "No previous period");
    if (change !== null && Number.isFinite(change)) {
      const up = change >= 0;
      const good = kpi.goodWhenUp === null ? null : up === kpi.goodWhenUp;
      const unit = kpi.kind === "percent" ? " pts" : "%";
      changeEl = h("p", { class: `kpi__change ${good === null ? "" : good ? "kpi__change--up" : "kpi__change--down"}` },
        `${up ? "▲" : "▼"} ${up ? "+" : ""}${change.toFixed(1)}${unit}`,
        h("span", { class: "visually-hidden" }, " versus the previous period"));
    }
    const previous = Number(summary.previous?.record_count) > 0 ? summary.previous[kpi.key] : undefined;
    const value = summary.current[kpi.key];
    const headline = kpi.kind === "money" ? compactMoney(value, summary.currency) : show(kpi.kind, value, summary.currency);
    return h("article", { class: "card kpi", "data-kpi": kpi.key },
      h("p", { class: "kpi__label" }, kpi.label),
      h("p", { class: "kpi__value" }, headline),
      kpi.kind === "money" ? h("p", { class: "kpi__exact", "data-exact": String(value) }, show(kpi.kind, value, summary.currency)) : null,
      changeEl,
      previous !== undefined && previous !== null ? h("p", { class: "kpi__prev" }, `Previous: ${show(kpi.kind, previous, summary.currency)}`) : null);
  }
}
