// KPI cards: the statement figures (revenue, gross profit, operating income, EBITDA, net income,
// margins, expenses) with change vs. the previous period only when it has comparable data; a
// card for unclassified amounts (with a link to classify them) and "does not tie out" warnings.
// Costs are shown positive, as a P&L reads. When budget datasets are stored, each money card
// shows the budget for the same period and the share of it reached (over the budgeted companies).

import { hasRole } from "../api.js";
import { empty, errorState, h, loading, replace } from "../dom.js";
import { compactMoney, integer, money, percent } from "../format.js";

const KPIS = [
  { key: "revenue", label: "Revenue", kind: "money", goodWhenUp: true },
  { key: "gross_profit", label: "Gross profit", kind: "money", goodWhenUp: true, ratio: "gross_margin", ratioLabel: "Gross margin" },
  { key: "operating_income", label: "Operating income", kind: "money", goodWhenUp: true },
  { key: "ebitda", label: "EBITDA", kind: "money", goodWhenUp: true, optional: true },
  { key: "net_income", label: "Net income", kind: "money", goodWhenUp: true },
  { key: "margin", label: "Net margin", kind: "percent", goodWhenUp: true },
  { key: "expenses", label: "Expenses", kind: "money", goodWhenUp: false },
  { key: "record_count", label: "Records", kind: "count", goodWhenUp: null },
];

function show(kind, value, currency) {
  if (kind === "percent") return percent(value);
  if (kind === "count") return integer(value);
  return money(value, currency);
}

/** The percent change (a number) from the server's change block; null when not comparable. */
function changeOf(kpi, summary) {
  const change = summary.change;
  if (!change || !Object.keys(change).length) return null;
  if (kpi.kind === "percent") return change.margin_points != null ? Number(change.margin_points) : null;
  const given = change[kpi.key];
  if (given && given.percent !== null && given.percent !== undefined) return Number(given.percent);
  return null;
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
    const comparable = summary.change && Object.keys(summary.change).length > 0;
    const period = comparable && summary.previousPeriod ? `Change against ${summary.previousPeriod.from} – ${summary.previousPeriod.to}.` : "";
    const noComparison = !comparable ? summary.comparison?.note : null;
    const note = [summary.note, period, noComparison].filter(Boolean).join(" ");
    const cards = KPIS.filter((kpi) => !kpi.optional || summary.current[kpi.key] != null).map((kpi) => this.card(kpi, summary));
    replace(this.el, cards, this.unclassified(summary), this.tieOuts(summary), this.budgetCoverage(summary),
      note ? h("p", { class: "kpi__note" }, note) : null);
  }

  card(kpi, summary) {
    const change = changeOf(kpi, summary);
    const noChange = summary.comparison && !summary.comparison.comparable ? "No comparable data" : "No previous period";
    let changeEl = h("p", { class: "kpi__change muted" }, noChange);
    if (change !== null && Number.isFinite(change)) {
      const up = change >= 0;
      const good = kpi.goodWhenUp === null ? null : up === kpi.goodWhenUp;
      const unit = kpi.kind === "percent" ? " pts" : "%";
      changeEl = h("p", { class: `kpi__change ${good === null ? "" : good ? "kpi__change--up" : "kpi__change--down"}` },
        `${up ? "▲" : "▼"} ${up ? "+" : ""}${change.toFixed(1)}${unit}`,
        h("span", { class: "visually-hidden" }, " versus the previous period"));
    }
    const comparable = summary.change && Object.keys(summary.change).length > 0;
    const previous = comparable ? summary.previous?.[kpi.key] : undefined;
    const value = summary.current[kpi.key];
    const headline = kpi.kind === "money" ? compactMoney(value, summary.currency) : show(kpi.kind, value, summary.currency);
    const ratio = kpi.ratio && summary.current[kpi.ratio] != null ? h("p", { class: "kpi__prev" }, `${kpi.ratioLabel}: ${percent(summary.current[kpi.ratio])}`) : null;
    return h("article", { class: "card kpi", "data-kpi": kpi.key },
      h("p", { class: "kpi__label" }, kpi.label),
      h("p", { class: "kpi__value" }, headline),
      kpi.kind === "money" ? h("p", { class: "kpi__exact", "data-exact": String(value) }, show(kpi.kind, value, summary.currency)) : null,
      ratio,
      (summary.current.stated || []).includes(kpi.key) ? h("p", { class: "kpi__prev" }, "As the file states it (no lines to compute it from)") : null,
      this.tieOutLine(kpi, summary),
      changeEl,
      previous !== undefined && previous !== null ? h("p", { class: "kpi__prev" }, `Previous: ${show(kpi.kind, previous, summary.currency)}`) : null,
      this.budgetLine(kpi, summary));
  }

  /** The budget for the same period and filters, and how much of it the actuals reached. */
  budgetLine(kpi, summary) {
    const budget = summary.budget?.budget?.[kpi.key];
    const reached = summary.budget?.percent_of_budget?.[kpi.key];
    if (kpi.kind !== "money" || budget === undefined || budget === null || reached === undefined) return null;
    const share = reached === null ? "" : ` · ${percent(reached)} of budget`;
    const coverage = summary.budget?.coverage;
    const partial = coverage?.partial ? ` (budget covers ${coverage.budgeted} of ${coverage.companies} companies)` : "";
    return h("p", { class: "kpi__prev kpi__budget", "data-budget": String(budget) },
      `Budget: ${money(budget, summary.currency)}${share}${partial}`);
  }

  /** A budget of only some companies: the % and variance compare those companies' actuals. */
  budgetCoverage(summary) {
    const coverage = summary.budget?.coverage;
    if (!coverage?.partial) return null;
    const left = coverage.without_budget.join(", ");
    return h("p", { class: "kpi__note kpi__coverage", "data-budgeted": String(coverage.budgeted), "data-companies": String(coverage.companies) },
      `The budget covers ${coverage.budgeted} of ${coverage.companies} companies: % of budget and the variance compare their actuals only (no budget: ${left}).`);
  }

  /** Nothing is silently left out: amounts of accounts without a kind get their own card. */
  unclassified(summary) {
    const count = Number(summary.current.unclassified_count || 0);
    if (!count) return null;
    const link = hasRole("admin")
      ? h("a", { href: "#/finance?kind=unclassified", class: "btn btn--small" }, "Classify accounts")
      : h("p", { class: "muted" }, "An admin can classify these accounts under Finance settings.");
    return h("article", { class: "card kpi kpi--warn", "data-kpi": "unclassified", role: "status" },
      h("p", { class: "kpi__label" }, "Unclassified"),
      h("p", { class: "kpi__value" }, compactMoney(summary.current.unclassified, summary.currency)),
      h("p", { class: "kpi__exact", "data-exact": String(summary.current.unclassified) }, money(summary.current.unclassified, summary.currency)),
      h("p", { class: "kpi__prev" }, `${integer(count)} record(s) in no figure above`),
      link);
  }

  /** On the card of a figure the file states otherwise: the card shows the computed figure,
   * so the stated one and the difference are said right under it. */
  tieOutLine(kpi, summary) {
    const t = (summary.current.tie_outs || []).find((item) => item.line === kpi.key);
    if (!t) return null;
    return h("p", { class: "kpi__prev kpi__tieout", "data-stated": String(t.stated), "data-difference": String(t.difference) },
      `Does not tie out: the file states ${money(t.stated, summary.currency)} (difference ${money(t.difference, summary.currency)})`);
  }

  /** A stated subtotal that differs from the computed figure, with both numbers and the difference. */
  tieOuts(summary) {
    const items = summary.current.tie_outs || [];
    if (!items.length) return null;
    return h("div", { class: "alert alert--warn kpi__tieouts", role: "alert", "data-kpi": "tie-outs" },
      h("strong", {}, "Does not tie out"),
      h("ul", {}, items.map((t) => h("li", {},
        `${t.label}: the file states ${money(t.stated, summary.currency)}, the lines add up to ${money(t.computed, summary.currency)}; difference ${money(t.difference, summary.currency)}.`))));
  }
}
