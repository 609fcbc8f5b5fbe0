// The dashboard's filter bar: datasets, companies, dates with presets, accounts, granularity, and
// the scenario (actual, budget, forecast, prior year) when the user's datasets hold more than one.

import { field, h, nextId, replace } from "../dom.js";
import { presetRange } from "../format.js";
import { MultiSelect } from "./multi_select.js";

// The server's presets respect the data (anchored to the latest month with data, fiscal year).
const SERVER_KEYS = { month: "this_month", quarter: "last_quarter", ytd: "ytd", "12m": "last_12_months" };
// How a scenario is named to a person (elara/core/scenarios.py SCENARIO_WORDS).
export const SCENARIO_WORDS = { actual: "Actual", budget: "Budget", forecast: "Forecast", prior_year: "Prior year" };

const PRESETS = [
  ["month", "This month"],
  ["quarter", "Last quarter"],
  ["ytd", "Year to date"],
  ["12m", "Last 12 months"],
  ["all", "All time"],
];

export class FilterBar {
  /** onChange(filters) whenever a filter changes. */
  constructor({ onChange, initial = {} }) {
    this.onChange = onChange;
    this.preset = initial.preset || "all";
    this.categories = initial.categories || [];
    const changed = () => this.changed();
    this.datasets = new MultiSelect({ label: "Datasets", allText: "All datasets", onChange: changed });
    this.companies = new MultiSelect({ label: "Companies", allText: "All companies", onChange: changed, searchable: true });
    this.accounts = new MultiSelect({ label: "Accounts", allText: "All accounts", onChange: changed, searchable: true });
    this.from = h("input", { type: "date", name: "from", value: initial.from || "", onchange: () => this.custom() });
    this.to = h("input", { type: "date", name: "to", value: initial.to || "", onchange: () => this.custom() });
    this.granularity = h("select", { name: "granularity", onchange: changed },
      ["day", "week", "month", "quarter", "year"].map((g) =>
        h("option", { value: g, selected: g === (initial.granularity || "month") }, g[0].toUpperCase() + g.slice(1))));
    // The figures read: one scenario at a time, never two added together (docs/finance.md).
    this.scenario = h("select", { name: "scenario", onchange: () => this.scenarioChanged() },
      h("option", { value: "actual" }, SCENARIO_WORDS.actual));
    this.setScenarios(["actual"], initial.scenario || "actual");
    this.scenarioField = field("Scenario", this.scenario);
    this.rangeError = h("p", { class: "field-error", id: nextId("range"), role: "alert", hidden: true },
      "The start date is after the end date. Change one of them to see figures.");
    for (const input of [this.from, this.to]) input.setAttribute("aria-describedby", this.rangeError.id);
    this.presetButtons = PRESETS.map(([key, text]) =>
      h("button", { type: "button", class: "btn btn--small", "aria-pressed": String(key === this.preset),
        onclick: () => this.applyPreset(key) }, text));
    this.el = h(
      "section",
      { class: "card", "aria-label": "Filters" },
      // The presets come first: an open picker's panel drops over what is below it, and
      // it must never hide them (issue 17).
      h("div", { class: "presets", role: "group", "aria-label": "Date presets" }, this.presetButtons),
      (this.presetNote = h("p", { class: "muted presets__note", "aria-live": "polite" })),
      h("div", { class: "filters" },
        this.scenarioField,
        this.datasets.el,
        this.companies.el,
        this.accounts.el,
        field("From", this.from),
        field("To", this.to),
        field("Granularity", this.granularity)),
      (this.dimensionBox = h("div", { class: "filters", role: "group", "aria-label": "Dimensions" })),
      (this.dimensionNote = h("p", { class: "muted dimensions__note", "aria-live": "polite", hidden: true })),
      this.rangeError,
    );
    this.serverPresets = {};
    this.dimensions = [];
    this.pendingDimensions = initial.dimensions || {};  // named by a link before the options came
    this.showScenario();
    if (initial.datasets) this.datasets.values = initial.datasets;
    if (initial.companies) this.companies.values = initial.companies;
    if (initial.accounts) this.accounts.values = initial.accounts;
  }

  /** One type-ahead picker per imported dimension (Region, Segment…). */
  setDimensions(dimensions = []) {
    const chosen = { ...Object.fromEntries(this.dimensions.map((d) => [d.name, d.select.values])), ...this.pendingDimensions };
    this.pendingDimensions = {};
    for (const picker of this.dimensions) picker.select.destroy();
    this.dimensions = dimensions.map((d) => ({
      name: d.name,
      select: new MultiSelect({ label: d.name, allText: `All (${d.name})`, searchable: true,
        options: d.values.map((v) => ({ value: v, label: v })), onChange: () => this.changed() }),
    }));
    replace(this.dimensionBox, this.dimensions.map((d) => d.select.el));
    for (const d of this.dimensions) if (chosen[d.name]?.length) d.select.values = chosen[d.name];
    // A dimension chosen (by a saved view, a link, the other scenario) that these datasets do not
    // hold is no longer applied: said, not dropped in silence.
    const names = new Set(this.dimensions.map((d) => d.name));
    const left = Object.entries(chosen).filter(([name, values]) => values?.length && !names.has(name));
    this.sayDimensions(left, "Not among these datasets' dimensions, so not applied");
  }

  /** A sentence under the dimension pickers about chosen dimensions no picker shows. */
  sayDimensions(entries, words) {
    this.dimensionNote.textContent = entries.length
      ? `${words}: ${entries.map(([n, v]) => `${n} = ${v.join(", ")}`).join("; ")}.`
      : "";
    this.dimensionNote.hidden = !entries.length;
  }

  /** The scenarios the user's datasets hold; the chosen one stays listed even when none is left. */
  setScenarios(scenarios, chosen = this.scenario.value) {
    const known = Object.keys(SCENARIO_WORDS);
    const listed = known.filter((s) => s === "actual" || s === chosen || scenarios.includes(s));
    replace(this.scenario, listed.map((s) => h("option", { value: s }, SCENARIO_WORDS[s])));
    this.scenario.value = known.includes(chosen) ? chosen : "actual";
    this.showScenario();
  }

  /** The picker is shown only when there is more than actuals to pick (or another is chosen). */
  showScenario() {
    if (this.scenarioField) this.scenarioField.hidden = this.scenario.options.length < 2;
  }

  /** Another scenario: the chosen datasets belong to the old one (two are never mixed). */
  scenarioChanged() {
    this.datasets.values = [];
    this.changed();
  }

  /** Show the given filters (a saved view, a shared link) without announcing a change. */
  setValue(filters) {
    this.datasets.values = (filters.datasets || []).map(String);
    this.companies.values = filters.companies || [];
    this.accounts.values = filters.accounts || [];
    this.categories = filters.categories || [];
    const dims = filters.dimensions || {};
    for (const d of this.dimensions) d.select.values = dims[d.name] || [];
    // A dimension whose picker is not there yet (another scenario's options are on the way)
    // is kept until the options come, as for a link.
    const named = new Set(this.dimensions.map((d) => d.name));
    this.pendingDimensions = Object.fromEntries(Object.entries(dims).filter(([name, v]) => !named.has(name) && v?.length));
    this.sayDimensions(Object.entries(this.pendingDimensions), "Applied, though no picker of these datasets shows it");
    this.from.value = filters.from || "";
    this.to.value = filters.to || "";
    this.granularity.value = filters.granularity || "month";
    this.setScenarios([...this.scenario.options].map((o) => o.value), filters.scenario || "actual");
    this.preset = filters.from || filters.to ? null : "all";
    this.markPreset();
    this.validRange();
  }

  setOptions({ datasets, companies, accounts, presets = [], dimensions = [], scenarios = [] }) {
    this.setScenarios(scenarios);
    this.setDimensions(dimensions);
    this.serverPresets = Object.fromEntries(presets.map((p) => [p.key, p]));
    for (const [index, [key]] of PRESETS.entries()) {
      const server = this.serverPresets[SERVER_KEYS[key]];
      if (server) this.presetButtons[index].textContent = server.label;
    }
    this.datasets.setOptions(datasets);
    this.companies.setOptions(companies);
    this.accounts.setOptions(accounts);
  }

  applyPreset(key) {
    this.preset = key;
    const server = this.serverPresets[SERVER_KEYS[key]];
    const range = server || presetRange(key);
    this.from.value = range.from;
    this.to.value = range.to;
    this.presetNote.textContent = server?.note ? `${server.label}: ${server.from} – ${server.to}, ${server.note}.` : "";
    this.markPreset();
    this.changed();
  }

  custom() {
    this.preset = null;
    this.presetNote.textContent = "";
    this.markPreset();
    this.changed();
  }

  markPreset() {
    for (const [index, [key]] of PRESETS.entries()) {
      this.presetButtons[index].setAttribute("aria-pressed", String(key === this.preset));
    }
  }

  get value() {
    return {
      datasets: this.datasets.values,
      companies: this.companies.values,
      accounts: this.accounts.values,
      categories: this.categories,
      dimensions: {
        ...this.pendingDimensions,
        ...Object.fromEntries(this.dimensions.filter((d) => d.select.values.length).map((d) => [d.name, d.select.values])),
      },
      from: this.from.value,
      to: this.to.value,
      granularity: this.granularity.value,
      scenario: this.scenario.value,
      preset: this.preset,
    };
  }

  /** Whether the dates make a range; a reversed one is said once, here, and not sent. */
  validRange() {
    const reversed = Boolean(this.from.value && this.to.value && this.from.value > this.to.value);
    this.rangeError.hidden = !reversed;
    for (const input of [this.from, this.to]) input.setAttribute("aria-invalid", String(reversed));
    return !reversed;
  }

  changed() {
    clearTimeout(this.timer);
    if (!this.validRange()) return;
    this.timer = setTimeout(() => this.onChange(this.value), 150);
  }

  destroy() {
    clearTimeout(this.timer);
    for (const select of [this.datasets, this.companies, this.accounts]) select.destroy();
    for (const picker of this.dimensions) picker.select.destroy();
  }
}
