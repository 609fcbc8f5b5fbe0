// The dashboard: filters, KPIs, charts, top-N, records and exports; live-refreshed on data.changed.

import { Latest, api, isAbort } from "../api.js";
import { bus } from "../bus.js";
import { download, errorState, h, pageHead, replace, toast } from "../dom.js";
import { bytes, compactMoney, integer, money } from "../format.js";
import { filterQuery, getBreakdown, getFilters, getSummary, getTimeseries, options, periodEnd } from "../dashboard_data.js";
import { ChartCard } from "../widgets/chart_card.js";
import { DataTable } from "../widgets/data_table.js";
import { FilterBar } from "../widgets/filter_bar.js";
import { KpiCards } from "../widgets/kpi_cards.js";
import { RecordTable } from "../widgets/record_table.js";
import { ViewPicker, fromViewFilters } from "../widgets/view_picker.js";

const list = (text) => (text ? text.split(",").filter(Boolean) : undefined);

/** The hash that reproduces a view: the link to share, and what a reload comes back to. */
export function viewHash(filters) {
  const params = new URLSearchParams();
  for (const key of ["datasets", "companies", "accounts", "categories"]) {
    if (filters[key]?.length) params.set(key, filters[key].join(","));
  }
  const dims = Object.fromEntries(Object.entries(filters.dimensions || {}).filter(([, v]) => v?.length));
  if (Object.keys(dims).length) params.set("dims", JSON.stringify(dims));
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.granularity && filters.granularity !== "month") params.set("granularity", filters.granularity);
  if (filters.scenario && filters.scenario !== "actual") params.set("scenario", filters.scenario);
  const text = params.toString();
  return `#/dashboard${text ? `?${text}` : ""}`;
}

/** Dimension filters carried as JSON ({"Region": ["West"]}); anything else is ignored. */
function dimensionsOf(text) {
  try {
    const value = text ? JSON.parse(text) : {};
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value)
      .filter(([, v]) => Array.isArray(v))
      .map(([name, v]) => [name, v.map(String)]));
  } catch {
    return {};
  }
}

/** Filters carried in the hash (the assistant's "open in dashboard" link, a shared view). */
function initialFilters(params) {
  return {
    datasets: list(params.datasets), companies: list(params.companies), accounts: list(params.accounts),
    categories: list(params.categories), dimensions: dimensionsOf(params.dims),
    from: params.from, to: params.to, granularity: params.granularity, scenario: params.scenario,
    preset: params.from || params.to ? null : "all",
  };
}

class Dashboard {
  constructor(root, params) {
    this.root = root;
    this.filters = null;
    this.params = params;
    this.filterBar = new FilterBar({ initial: initialFilters(params), onChange: (f) => {
      this.views.unmark();
      this.apply(f);
    } });
    this.views = new ViewPicker({ current: () => this.filterBar.value, onApply: (filters) => this.applyView(filters) });
    this.kpis = new KpiCards();
    this.groupBy = h("select", { "aria-label": "Series", onchange: () => this.loadSeries() },
      [["", "Revenue, expenses, net"], ["category", "By category"], ["account", "By account"], ["company", "Net by company"]]
        .map(([value, text]) => h("option", { value }, text)));
    this.donutBy = h("select", { "aria-label": "Split by", onchange: () => this.loadDonut() },
      ["category", "account"].map((g) => h("option", { value: g }, `By ${g}`)));
    this.line = new ChartCard({ title: "Over time", type: "line", filename: "elara-over-time", span: "span-8",
      extraTools: [this.groupBy], onPick: (pick) => this.drillPeriod(pick) });
    this.donut = new ChartCard({ title: "Expenses split", type: "doughnut", filename: "elara-split", span: "span-4",
      extraTools: [this.donutBy], onPick: (pick) => this.drillTo(this.donutBy.value, pick.label) });
    this.bar = new ChartCard({ title: "Revenue by company", type: "bar", filename: "elara-by-company", span: "span-6",
      onPick: (pick) => this.drillTo("company", pick.label) });
    this.top = new DataTable({
      caption: "Top 10 companies by revenue; the rest summed as Other",
      emptyText: "No companies match these filters.",
      rowKey: "label",
      columns: [
        { key: "rank", label: "#", numeric: true },
        // The keyboard's way into a company's records (the bar chart's drill-through).
        { key: "label", label: "Company", render: (r) => (r.other ? r.label
          : h("button", { type: "button", class: "link-btn", onclick: () => this.drillTo("company", r.label) }, r.label,
            h("span", { class: "visually-hidden" }, ": show its records"))) },
        { key: "revenue", label: "Revenue", numeric: true, render: (r) => money(r.revenue, r.currency) },
        { key: "net_income", label: "Net income", numeric: true, render: (r) => money(r.net_income, r.currency),
          className: (r) => (Number(r.net_income) < 0 ? "neg" : "") },
      ],
    });
    this.records = new RecordTable();
    this.recordsHead = h("h2", { tabindex: "-1" }, "Records");
    // One "latest wins" per card: a newer filter change cancels the older request.
    this.loads = { summary: new Latest(), series: new Latest(), donut: new Latest(), companies: new Latest() };
    this.status = h("div");
    this.exportButtons = ["csv", "xlsx"].map((format) =>
      h("button", { type: "button", class: "btn", onclick: (e) => this.export(format, e.currentTarget) },
        `Export ${format.toUpperCase()}`));
    this.layout();
    this.off = bus.on("live:data.changed", () => this.apply(this.filters, true));
    this.start();
  }

  layout() {
    this.root.append(
      pageHead("Dashboard", "Revenue, expenses and margin for the companies you can see.", ...this.exportButtons),
      h("div", { class: "stack" },
        this.status,
        h("section", { class: "card", "aria-label": "Saved views" }, this.views.el),
        this.filterBar.el,
        this.kpis.el,
        h("div", { class: "grid grid--charts" },
          this.line.el, this.donut.el, this.bar.el,
          h("section", { class: "card span-6", "aria-label": "Top companies" },
            h("div", { class: "card__head" }, h("h2", {}, "Top companies")), this.top.el),
          h("section", { class: "card span-12", "aria-label": "Records" },
            h("div", { class: "card__head" }, this.recordsHead), this.records.el))),
    );
  }

  /** The pickers' options for one scenario's datasets (each scenario has datasets of its own). */
  async loadOptions(scenario) {
    this.optionsScenario = scenario || "actual";
    try {
      const body = await getFilters(scenario);
      if (this.optionsScenario !== (scenario || "actual")) return;  // a newer scenario was picked
      this.filterBar.setOptions({
        datasets: options(body.datasets), companies: options(body.companies), accounts: options(body.accounts),
        presets: body.presets, dimensions: body.dimensions || [], scenarios: body.scenarios || [],
      });
      for (const select of [this.donutBy, this.groupBy]) {
        for (const option of [...select.options]) if (option.value.startsWith("dim:")) option.remove();
        for (const dimension of body.dimensions || []) {
          select.append(h("option", { value: `dim:${dimension.name}` }, `By ${dimension.name}`));
        }
      }
      // A choice the new scenario's options do not hold (a company only the actuals have) was
      // dropped from the pickers: the cards must read what the pickers now show.
      if (this.filters && !sameChoice(this.filters, this.filterBar.value)) this.apply(this.filterBar.value);
      const nothing = !body.datasets.length && !(body.scenarios || []).some((s) => s !== "actual");
      if (nothing) {
        this.noData = h("div", { class: "alert alert--warn" }, "No data yet. ",
          h("a", { href: "#/datasets" }, "Upload a spreadsheet"), " to fill the dashboard.");
        replace(this.status, this.noData);
      } else if (this.noData?.isConnected) {
        replace(this.status);
      }
    } catch (error) {
      replace(this.status, errorState(error, "Filter options are unavailable"));
    }
  }

  /** The scenario of datasets a link names by id alone (an older link, the assistant's). */
  async scenarioOf(ids) {
    try {
      return (await api.get("/api/dashboard/filters", { dataset_id: ids })).scenario || "actual";
    } catch (error) {
      replace(this.status, errorState(error, "The datasets of this link cannot be shown"));
      return "actual";
    }
  }

  async start() {
    const named = list(this.params.datasets);
    if (!this.params.scenario && named?.length) {
      const read = await this.scenarioOf(named);
      if (read !== "actual") this.filterBar.setScenarios([], read);
    }
    await this.loadOptions(this.filterBar.value.scenario);
    // A link or the assistant names its filters; otherwise the user's default view, if any.
    await this.views.load();
    const fromLink = ["datasets", "companies", "accounts", "categories", "dims", "from", "to", "scenario"].some((key) => this.params[key]);
    const preferred = fromLink ? null : this.views.defaultView;
    if (preferred) {
      this.filterBar.setValue(fromViewFilters(preferred.filters));
      this.views.mark(preferred);
    }
    this.apply(this.filterBar.value);
  }

  applyView(filters) {
    this.filterBar.setValue(filters);
    this.apply(this.filterBar.value);
  }

  apply(filters, quiet = false) {
    this.filters = filters;
    // Another scenario's datasets, companies and dimensions to pick from.
    if ((filters.scenario || "actual") !== this.optionsScenario) this.loadOptions(filters.scenario);
    // The address reproduces the view (replaceState: no new screen, no history entry per click).
    if (window.location.hash.startsWith("#/dashboard")) history.replaceState(null, "", viewHash(filters));
    if (!quiet) this.kpis.showLoading();
    this.loadSummary();
    this.loadSeries();
    this.loadDonut();
    this.loadCompanies();
    this.records.setFilters(filters);
  }

  async loadSummary() {
    try {
      const summary = await this.loads.summary.run((signal) => getSummary(this.filters, signal));
      this.kpis.update(summary);
      this.records.setTotal(summary.total);
      this.followScenario(summary.scenario);
    } catch (error) {
      if (!isAbort(error)) this.kpis.showError(error);
    }
  }

  /** A link naming a budget dataset by id (no scenario) reads the budget: the picker says so. */
  followScenario(read) {
    if (!read || read === (this.filters.scenario || "actual")) return;
    this.filterBar.setScenarios([], read);
    this.filters = { ...this.filters, scenario: read };
    if (window.location.hash.startsWith("#/dashboard")) history.replaceState(null, "", viewHash(this.filters));
    this.loadOptions(read);
  }

  async loadSeries() {
    this.line.showLoading();
    try {
      const { granularity } = this.filters;
      this.series = await this.loads.series.run((signal) => getTimeseries(this.filters, granularity, this.groupBy.value, signal));
      this.line.draw(this.series);
    } catch (error) {
      if (!isAbort(error)) this.line.showError(error);
    }
  }

  async loadDonut() {
    this.donut.showLoading();
    try {
      const result = await this.loads.donut.run((signal) => getBreakdown(this.filters, this.donutBy.value, 8, "expenses", signal));
      const keep = result.rows.map((row, i) => [row, i]).filter(([row]) => Number(row.value) !== 0);
      const chart = { labels: keep.map(([row]) => row.label), datasets: [{ label: "Expenses", data: keep.map(([row]) => Math.abs(Number(row.value))) }] };
      this.donut.draw(chart);
    } catch (error) {
      if (!isAbort(error)) this.donut.showError(error);
    }
  }

  async loadCompanies() {
    this.bar.showLoading();
    this.top.showLoading("Loading companies…");
    try {
      const result = await this.loads.companies.run((signal) => getBreakdown(this.filters, "company", 10, "revenue", signal));
      // "Other" is a total of its own under the chart, not a bar that flattens the others.
      const other = result.rows.find((row) => row.other);
      const shown = result.rows.filter((row) => !row.other);
      this.bar.draw({ labels: shown.map((r) => r.label), datasets: result.chart.datasets.map((set) => ({ ...set, data: shown.map((r) => Number(r.value)) })) });
      this.bar.setNote(other && Number(other.value) ? `All other companies together: ${compactMoney(other.value, result.currency)} (${money(other.value, result.currency)}).` : "");
      this.top.setRows(result.rows.map((row, index) => ({ ...row, rank: row.other ? "" : index + 1, currency: result.currency })));
    } catch (error) {
      if (isAbort(error)) return;
      this.bar.showError(error);
      this.top.showError(error, "Top companies are unavailable");
    }
  }

  /** Records behind a point of the line chart: its period, and its series when grouped. */
  drillPeriod({ index, series }) {
    const start = this.series?.periods?.[index];
    if (!start) return;
    const end = periodEnd(start, this.series.granularity);
    const from = this.filters.from && this.filters.from > start ? this.filters.from : start;
    const to = this.filters.to && this.filters.to < end ? this.filters.to : end;
    const filters = { from, to };
    const group = this.groupBy.value;
    const text = [this.series.labels[index]];
    if (group && series && series !== "(none)") {
      Object.assign(filters, this.narrowing(group, series));
      text.unshift(series);
    }
    this.showDrill(filters, text.join(", "));
  }

  /** Records behind a bar or slice: one company, account, category or dimension value. */
  drillTo(by, label) {
    if (!label || label === "Other" || label === "(none)") return;
    this.showDrill(this.narrowing(by, label), label);
  }

  /** The filters that narrow the records to one group: a company, account or category, or a
   * value of an imported dimension ("dim:Region"), kept beside the other dimensions chosen. */
  narrowing(by, value) {
    if (by.startsWith("dim:")) return { dimensions: { ...(this.filters.dimensions || {}), [by.slice(4)]: [value] } };
    return { [{ company: "companies", account: "accounts", category: "categories" }[by]]: [value] };
  }

  showDrill(filters, text) {
    this.records.setDrill({ filters, text });
    this.recordsHead.scrollIntoView({ block: "start" });
    this.recordsHead.focus({ preventScroll: true });
  }

  /** Download an export with its progress in words and a way to cancel it. */
  async export(format, button) {
    const controller = new AbortController();
    const progress = h("span", {}, `Preparing the ${format.toUpperCase()} file…`);
    const cancel = h("button", { type: "button", class: "btn btn--small", onclick: () => controller.abort() }, "Cancel");
    replace(this.status, h("div", { class: "alert alert--ok drill", role: "status" }, progress, cancel));
    for (const b of this.exportButtons) b.disabled = true;
    try {
      const { blob, filename } = await api.blob("/api/records/export", { ...filterQuery(this.filters), format },
        controller.signal, exportProgress(format, progress));
      download(blob, filename || `elara-records.${format}`);
      replace(this.status);
      toast(`Export ready: ${filename || format.toUpperCase()}`);
    } catch (error) {
      if (isAbort(error)) replace(this.status, h("div", { class: "alert alert--warn", role: "status" }, "The export was cancelled."));
      else replace(this.status, errorState(error, "The export failed"));
    } finally {
      for (const b of this.exportButtons) b.disabled = false;
      button.focus();
    }
  }

  destroy() {
    for (const load of Object.values(this.loads)) load.abort();
    this.records.destroy();
    this.off();
    this.filterBar.destroy();
    for (const card of [this.line, this.donut, this.bar]) card.destroy();
  }
}

/** Whether two filter states pick the same datasets, companies, accounts and dimensions. */
function sameChoice(a, b) {
  const keys = ["datasets", "companies", "accounts"];
  const text = (f) => JSON.stringify([...keys.map((k) => [...(f[k] || [])].map(String).sort()), f.dimensions || {}]);
  return text(a) === text(b);
}

/** Progress in words: records so far of the total for a CSV (its lines as they arrive); the
 * spreadsheet arrives compressed, so its progress is in bytes. */
function exportProgress(format, progress) {
  let total = null;
  let lines = 0;
  return (received, chunk, response) => {
    if (total === null) total = Number(response.headers.get("X-Export-Records") || 0);
    const records = `${integer(total)} record${total === 1 ? "" : "s"}`;
    if (!chunk) {
      progress.textContent = format === "csv" ? `Exporting ${records}…` : `Exporting a spreadsheet of ${records}…`;
      return;
    }
    if (format !== "csv") {
      progress.textContent = `Exporting a spreadsheet of ${records}… ${bytes(received)} received`;
      return;
    }
    for (const byte of chunk) if (byte === 10) lines += 1;
    progress.textContent = `Exporting… ${integer(Math.min(Math.max(lines - 1, 0), total))} of ${records}`;
  };
}

export function render(root, { params }) {
  const screen = new Dashboard(root, params);
  return () => screen.destroy();
}
