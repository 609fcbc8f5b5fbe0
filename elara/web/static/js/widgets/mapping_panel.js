// The mapping screen: what Elara will store from a file before anything is stored. It posts the
// file to /api/datasets/inspect, shows the preview (sample records, totals, warnings), lets the
// user correct each column's role, the constants the file lacks, the header row and sheet, the
// kinds of unknown accounts and the sign convention; every change asks for a new preview (the
// latest answer wins). `settings` is then exactly what the preview was computed from.

import { Latest, api, isAbort } from "../api.js";
import { empty, errorState, field, h, loading, replace, toast } from "../dom.js";
import { integer, money } from "../format.js";
import { DataTable } from "./data_table.js";

export const ROLES = [
  ["company", "Company"],
  ["date", "Date"],
  ["period", "Period (year, month, quarter)"],
  ["account", "Account or line item"],
  ["category", "Category"],
  ["amount", "Amount (money)"],
  ["debit", "Debit"],
  ["credit", "Credit"],
  ["drcr", "Debit/credit indicator (Dr/Cr) signing the amount"],
  ["measure", "Money column (becomes an account)"],
  ["entity", "Money of the company in the header"],
  ["member", "Money of the class, department or location in the header"],
  ["currency", "Currency"],
  ["description", "Description"],
  ["dimension", "Dimension to filter by (region, product…)"],
  ["scenario", "Scenario (Actual, Budget, Forecast): one is stored"],
  ["quantity", "Number, not money (units, rates)"],
  ["ignore", "Ignore this column"],
];

export const KINDS = [
  ["revenue", "Revenue"],
  ["cost_of_sales", "Cost of sales"],
  ["operating_expense", "Operating expense"],
  ["other_income", "Other income"],
  ["other_expense", "Other expense"],
  ["tax", "Tax"],
  ["subtotal", "Subtotal (shown, never added up)"],
  ["non_financial", "Not money (units, headcount)"],
  ["balance_sheet", "Balance sheet (assets, liabilities, equity)"],
];

const SIGNS = [
  ["", "As the file's totals show"],
  ["natural", "Revenue and costs both shown positive"],
  ["expenses_negative", "Costs shown as negative numbers"],
  ["debit_positive", "Debits positive, credits negative (ledger, trial balance)"],
];

// How numeric dates like 03/04/2025 are read when no day in the file is above 12.
const DATE_ORDERS = [
  ["", "As the file shows (day first when it cannot tell)"],
  ["day_first", "Day first: 03/04/2025 is 3 April"],
  ["month_first", "Month first: 03/04/2025 is March 4 (Canada, US)"],
];

// The constants a file may lack, in the words a finance user knows them by.
const CONSTANTS = [
  { key: "company", label: "Company for the whole file", type: "text", hint: "The file names no company: every record belongs to this one." },
  { key: "date", label: "As-of date", type: "date", hint: "The date the figures are as of (the end of the period)." },
  { key: "year", label: "Year of the month columns", type: "number", hint: "The months in the file have no year." },
  { key: "currency", label: "Currency", type: "text", hint: "Three letters, e.g. USD or EUR." },
  { key: "unit_multiplier", label: "Figures are in", type: "select", always: true,
    hint: "A statement “in thousands” or “USD ’000”: every amount is multiplied, exactly.",
    choices: [["1", "Full units, as written"], ["1000", "Thousands (× 1,000)"], ["10000", "Ten thousands (× 10,000, 万元)"], ["1000000", "Millions (× 1,000,000)"]] },
  { key: "scenario", label: "These figures are", type: "select", always: true, initial: "",
    hint: "A dataset holds one scenario: the dashboard shows actuals unless asked for a budget or forecast, never the two added.",
    choices: [["", "As the file says"], ["actual", "Actuals"], ["budget", "Budget"], ["forecast", "Forecast"], ["prior_year", "Prior year"]] },
  { key: "dimension", label: "The column headers are members of", type: "text", members: true,
    hint: "The dimension the dashboard filters by: Class, Department, Location… (Segment when not named)." },
  // Shown for fiscal period columns ("FY25 P01"): the settings then carry the start month.
  { key: "fiscal_year_start", label: "Fiscal year starts in", type: "select",
    hint: "Dates the fiscal period columns: a year is named after the calendar year it ends in, so with July “FY25 P01” is July 2024.",
    choices: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
      .map((month, index) => [String(index + 1), month]) },
];

const PREVIEW_LIMIT = 5 * 1024 * 1024; // large text files are previewed from their first 5 MB
const TEXT_FILE = /\.(csv|tsv|txt)$/i;
const DEBOUNCE_MS = 300;

function options(pairs, selected) {
  return pairs.map(([value, text]) => h("option", { value, selected: value === selected }, text));
}

/** A warning as one sentence: strings as they are, objects by their message and place. */
export function warningText(warning) {
  if (typeof warning === "string") return warning;
  if (!warning || typeof warning !== "object") return String(warning);
  const where = [warning.row ? `row ${warning.row}` : null, warning.column ? `column “${warning.column}”` : null]
    .filter(Boolean).join(", ");
  const text = warning.message || warning.text || warning.code || "";
  return where ? `${where[0].toUpperCase()}${where.slice(1)}: ${text}` : text;
}

/** The offered constants as {key: value}, whether the API sends an object or a list. */
function offeredMap(offered) {
  if (!offered) return {};
  if (Array.isArray(offered)) {
    return Object.fromEntries(offered.filter((o) => o && o.key).map((o) => [o.key, o.value]));
  }
  return offered;
}

/** What part of a file to preview: all of it, or the first lines of a very large text file. */
async function previewPart(file) {
  if (file.size <= PREVIEW_LIMIT * 2 || !TEXT_FILE.test(file.name)) return { blob: file, partial: false };
  const head = new Uint8Array(await file.slice(0, PREVIEW_LIMIT).arrayBuffer());
  const end = head.lastIndexOf(10) + 1; // cut after the last whole line
  return { blob: new Blob([head.slice(0, end || head.length)], { type: file.type }), partial: true };
}

export class MappingPanel {
  /** onState({ready, needs}) whenever the preview changes or starts loading. */
  constructor({ onState }) {
    this.onState = onState;
    this.latest = new Latest();
    this.file = null;
    this.answer = null;
    this.timer = null;
    this.status = h("div", { "aria-live": "polite" });
    this.body = h("div", { class: "stack" });
    this.el = h("section", { class: "mapping stack", "aria-label": "Mapping and preview", hidden: true },
      h("div", { class: "card__head" }, h("h3", {}, "What Elara will store"),
        h("p", { class: "small muted" }, "Check the columns and the totals below, then store the file.")),
      this.status, this.body);
  }

  get ready() {
    return Boolean(this.answer) && !this.pending && this.missing().length === 0 && this.roles().length === 0;
  }

  /** Roles no column plays yet (e.g. "amount"), as inspect reports them. */
  roles() {
    return this.answer?.missing || [];
  }

  /** Start over with a new file: preview it with the settings Elara suggests. */
  async start(file) {
    this.file = file;
    this.answer = null;
    this.part = await previewPart(file);
    this.el.hidden = false;
    replace(this.body);
    this.inspect(null);
  }

  reset() {
    this.latest.abort();
    clearTimeout(this.timer);
    this.file = null;
    this.answer = null;
    this.pending = false;
    this.el.hidden = true;
    replace(this.body);
    replace(this.status);
  }

  /** The settings of the current preview, with the user's edits; null when there is none. */
  settings() {
    return this.answer?.settings ? this.collect() : null;
  }

  changed(reshape = false) {
    clearTimeout(this.timer);
    this.pending = true;
    this.announce();
    this.timer = setTimeout(() => this.inspect(this.collect(reshape)), DEBOUNCE_MS);
  }

  announce() {
    this.onState?.({ ready: this.ready, pending: this.pending, needs: this.missing(), roles: this.roles() });
  }

  async inspect(settings) {
    if (!this.file) return;
    this.pending = true;
    this.announce();
    replace(this.status, loading(this.answer ? "Updating the preview…" : "Reading the file…"));
    const form = new FormData();
    form.append("file", this.part.blob, this.file.name);
    if (settings) form.append("settings", JSON.stringify(settings));
    try {
      const answer = await this.latest.run((signal) => api.form("/api/datasets/inspect", form, signal));
      this.pending = false;
      this.show(answer);
    } catch (error) {
      if (isAbort(error)) return;
      this.pending = false;
      replace(this.status, errorState(error, "Elara could not read this file"));
      this.announce();
    }
  }

  /** The constants still missing: asked for by Elara and not typed in yet. */
  missing() {
    const needs = this.answer?.needs || [];
    return needs.filter((key) => !this.constantInputs?.[key]?.value.trim());
  }

  collect(reshape = false) {
    const base = structuredClone(this.answer?.settings || {});
    const constants = {};
    for (const [key, input] of Object.entries(this.constantInputs || {})) {
      const value = input.value.trim();
      if (value) {
        constants[key] = key === "year" || key === "unit_multiplier" || key === "fiscal_year_start" ? Number(value) : key === "currency" ? value.toUpperCase() : value;
      }
    }
    base.constants = constants;
    if (this.sheetSelect) base.sheet = this.sheetSelect.value || null;
    const headerRow = Number(this.headerRow?.value);
    base.header_row = Number.isInteger(headerRow) && headerRow >= 1 ? headerRow : null;
    if (this.signSelect) base.sign = this.signSelect.value || null;
    if (this.dateOrderSelect) base.date_order = this.dateOrderSelect.value || null;
    base.account_kinds = { ...(base.account_kinds || {}) };
    for (const [account, select] of this.kindSelects || []) {
      if (select.value) base.account_kinds[account] = select.value;
      else delete base.account_kinds[account];
    }
    if (reshape) {
      base.columns = []; // another sheet or header row: let Elara suggest the columns anew
    } else {
      base.columns = (base.columns || []).map((column, index) => ({
        ...column, role: this.roleSelects?.[index]?.value || column.role,
      }));
      // Columns of company money: their headers name the companies, no company is typed.
      if (base.columns.some((column) => column.role === "entity")) delete base.constants.company;
    }
    return base;
  }

  show(answer) {
    if (!answer?.settings) {
      // An older server: no preview to show, the file is stored as the server reads it.
      this.answer = null;
      replace(this.status, empty("No preview is available for this file; it will be stored as it is read."));
      this.announce();
      return;
    }
    this.answer = answer;
    const focused = this.el.contains(document.activeElement) ? document.activeElement.getAttribute("name") : null;
    replace(this.status, answer.recipe ? h("p", { class: "alert alert--ok" },
      `This layout matches the saved recipe “${answer.recipe.name ?? answer.recipe}”; its settings are used.`) : null);
    replace(this.body,
      this.layoutPart(answer),
      this.constantsPart(answer),
      this.columnsPart(answer.settings),
      this.kindsPart(answer),
      this.warningsPart(answer.preview?.warnings || []),
      this.numbersNotePart(answer.preview?.number_format_note),
      this.totalsPart(answer),
      this.skippedPart(answer.preview?.skipped_rows || []),
      this.samplePart(answer.preview?.sample || []),
      this.recipePart());
    // The preview is rebuilt: keep the keyboard where the user was.
    if (focused) this.body.querySelector(`[name="${CSS.escape(focused)}"]`)?.focus();
    this.announce();
  }

  layoutPart(answer) {
    const settings = answer.settings;
    const sheets = answer.sheets || [];
    this.sheetSelect = sheets.length > 1
      ? h("select", { name: "sheet", onchange: () => this.changed(true) },
        [...sheets.map((name) => h("option", { value: name, selected: name === settings.sheet }, name)),
          h("option", { value: "*", selected: settings.sheet === "*" }, "Every sheet")])
      : null;
    this.headerRow = h("input", { type: "number", name: "header_row", min: 1, step: 1, inputmode: "numeric",
      value: settings.header_row ?? answer.header_row ?? "", onchange: () => this.changed(true) });
    this.signSelect = h("select", { name: "sign", onchange: () => this.changed() }, options(SIGNS, settings.sign ?? ""));
    this.dateOrderSelect = h("select", { name: "date_order", onchange: () => this.changed() },
      options(DATE_ORDERS, settings.date_order ?? ""));
    return h("div", { class: "form-row" },
      this.sheetSelect ? field("Sheet", this.sheetSelect) : null,
      field("Header row", this.headerRow, "The row number that holds the column names."),
      field("How amounts are signed", this.signSelect),
      field("Dates like 03/04/2025", this.dateOrderSelect, "Read day first unless a day above 12 shows otherwise; the preview warns when it cannot tell."));
  }

  constantsPart(answer) {
    const offered = offeredMap(answer.offered);
    const given = answer.settings.constants || {};
    const needs = new Set(answer.needs || []);
    const previous = this.constantInputs || {};
    this.constantInputs = {};
    const entities = (answer.settings.columns || []).some((column) => column.role === "entity");
    const members = (answer.settings.columns || []).some((column) => column.role === "member");
    const fields = CONSTANTS.filter((c) => !(entities && c.key === "company"))
      .filter((c) => members || !c.members)
      .map((c) => (c.members ? { ...c, always: true } : c))
      .filter((c) => c.always || needs.has(c.key) || given[c.key] || offered[c.key] || previous[c.key]?.value)
      .map((c) => {
        const value = previous[c.key]?.value || given[c.key] || offered[c.key] || "";
        const input = c.type === "select"
          ? h("select", { name: `constant-${c.key}`, onchange: () => this.changed() }, options(c.choices, String(value || (c.initial ?? "1"))))
          : h("input", { type: c.type, name: `constant-${c.key}`, value: String(value ?? ""),
            required: needs.has(c.key), "aria-required": needs.has(c.key) ? "true" : null,
            maxlength: c.type === "text" ? 100 : null, min: c.type === "number" ? 1900 : null, max: c.type === "number" ? 2200 : null,
            oninput: () => this.changed() });
        this.constantInputs[c.key] = input;
        const found = offered[c.key] && String(offered[c.key]) === String(value);
        const hint = !found ? c.hint
          : c.key === "unit_multiplier" ? `${c.hint} The file’s title or a money column says so.`
            : c.key === "scenario" ? `${c.hint} The file’s title or sheet name says so.`
            : c.key === "currency" ? `${c.hint} The file says so (its title, a header or how its amounts are formatted): “${offered[c.key]}”.`
            : `${c.hint} Found in the file’s title: “${offered[c.key]}”.`;
        return field(needs.has(c.key) ? `${c.label} (required)` : c.label, input, hint);
      });
    if (!fields.length) return null;
    return h("fieldset", {}, h("legend", {}, "What the file does not say"), h("div", { class: "form-row" }, fields));
  }

  columnsPart(settings) {
    const columns = settings.columns || [];
    this.roleSelects = columns.map((column) =>
      h("select", { name: `role-${column.header}`, onchange: () => this.changed() }, options(ROLES, column.role)));
    const fields = columns.map((column, index) => {
      const notes = [column.company ? `Company ${column.company}` : null,
        column.period_end ? `Period ending ${column.period_end}` : null,
        column.decimal_separator === "comma" ? "Decimal comma" : null].filter(Boolean).join(" · ");
      return field(column.header || `Column ${index + 1}`, this.roleSelects[index], notes || null);
    });
    return h("fieldset", {}, h("legend", {}, "What each column holds"),
      columns.length ? h("div", { class: "mapping-grid" }, fields) : empty("No columns found on this row."));
  }

  kindsPart(answer) {
    const accounts = answer.preview?.unclassified ?? answer.unclassified ?? [];
    const chosen = answer.settings.account_kinds || {};
    this.kindSelects = accounts.map((account) => [account,
      h("select", { name: `kind-${account}`, onchange: () => this.changed() },
        h("option", { value: "" }, "— not sure —"), options(KINDS, chosen[account]))]);
    if (!accounts.length) return null;
    return h("fieldset", {}, h("legend", {}, "What these accounts are"),
      h("p", { class: "small muted" }, "Elara does not know these accounts. Saying what they are puts them in the right totals (revenue, costs, margin)."),
      h("div", { class: "mapping-grid" }, this.kindSelects.map(([account, select]) => field(account, select))));
  }

  warningsPart(warnings) {
    if (!warnings.length) return null;
    return h("div", { class: "alert alert--warn", role: "status" },
      h("p", {}, warnings.length === 1 ? "Please check this before storing:" : `Please check these ${warnings.length} points before storing:`),
      h("ul", { class: "warnings" }, warnings.slice(0, 50).map((w) => h("li", {}, warningText(w)))));
  }

  // How values like "12,500" were read, when the file's other evidence decided it: said once.
  numbersNotePart(note) {
    if (!note) return null;
    return h("p", { class: "small muted mapping__numbers-note", role: "note" }, note);
  }

  totalsPart(answer) {
    if (!answer.preview) {
      return h("p", { class: "state state--empty" },
        "The totals appear here once Elara knows what it asks for above (and which column holds the amounts).");
    }
    const totals = answer.preview.totals || {};
    // The records' one currency: a constant, a column or sign, or the reporting currency.
    const currency = answer.preview.currency || answer.settings.constants?.currency || null;
    // A file of several currencies: one row per account and currency, never added across.
    const several = (totals.by_currency || []).length > 1;
    const rows = several
      ? totals.by_currency.flatMap((block) => Object.entries(block.by_account).map(
        ([account, amount]) => ({ key: `${account}\u0000${block.currency}`, account, amount, currency: block.currency })))
      : Object.entries(totals.by_account || {}).map(([account, amount]) => ({ key: account, account, amount, currency }));
    const table = new DataTable({
      caption: "Totals by account that will be stored",
      emptyText: "Nothing would be stored with these settings.",
      rowKey: "key",
      columns: [
        { key: "account", label: "Account" },
        ...(several ? [{ key: "currency", label: "Currency", render: (r) => r.currency || "none" }] : []),
        { key: "amount", label: "Total", numeric: true,
          render: (r) => h("span", { "data-exact": r.amount }, money(r.amount, r.currency)) },
      ],
    });
    table.setRows(rows);
    const records = Number(totals.records || 0);
    const read = answer.preview?.rows_read ?? answer.rows_read;
    const readText = read !== undefined && read !== null && Number(read) !== records
      ? `${integer(read)} ${Number(read) === 1 ? "row" : "rows"} read, ` : "";
    return h("div", { class: "stack mapping__totals" },
      h("p", { class: "small", "data-records": String(records) },
        `${readText}${integer(records)} ${records === 1 ? "record" : "records"} will be stored.`,
        this.part?.partial ? " (The preview covers the first 5 MB of this large file; storing reads all of it.)" : ""),
      table.el);
  }

  /** The rows that will not be stored, and why (titles, blank lines, totals, footers, lines
   * that are not money): closed by default, one line per row as numbered in the file. */
  skippedPart(skipped) {
    if (!skipped.length) return null;
    const noun = skipped.length === 1 ? "row" : "rows";
    const more = skipped.length >= 100 ? " (the first 100)" : "";
    return h("details", { class: "mapping__skipped" },
      h("summary", {}, `${integer(skipped.length)} ${noun} of the file will not be stored${more}`),
      h("ul", { class: "small" }, skipped.map((s) =>
        h("li", { "data-row": String(s.row) },
          `${s.sheet ? `${s.sheet}, ` : ""}row ${integer(s.row)}: ${s.reason}`))));
  }

  samplePart(sample) {
    if (!sample.length) return null;
    const known = ["row", "sheet", "date", "company", "account", "category", "amount", "currency", "description"];
    const present = known.filter((key) => sample.some((r) => r[key] !== undefined && r[key] !== null && r[key] !== ""));
    const extra = [...new Set(sample.flatMap((r) => Object.keys(r.attributes || {})))];
    const columns = [
      ...present.map((key) => ({ key, label: key[0].toUpperCase() + key.slice(1), numeric: key === "amount",
        render: key === "amount" ? (r) => money(r.amount, r.currency) : undefined })),
      ...extra.map((name) => ({ key: `attr:${name}`, label: name, render: (r) => String(r.attributes?.[name] ?? "") })),
    ];
    const table = new DataTable({ caption: `The first ${sample.length} records as they will be stored`, columns, rowKey: "_" });
    table.setRows(sample);
    return table.el;
  }

  recipePart() {
    if (!this.answer?.fingerprint) return null; // recipes are filed under the layout's fingerprint
    const name = h("input", { type: "text", name: "recipe-name", maxlength: 100, placeholder: "e.g. Monthly P&L from Sage" });
    const save = h("button", { type: "button", class: "btn btn--small" }, "Save as recipe");
    const note = h("span", { class: "small muted", "aria-live": "polite" });
    save.addEventListener("click", async () => {
      if (!name.value.trim()) {
        note.textContent = "Give the recipe a name first.";
        name.focus();
        return;
      }
      save.disabled = true;
      try {
        await api.post("/api/recipes", { name: name.value.trim(), fingerprint: this.answer.fingerprint, settings: this.collect() });
        note.textContent = `Saved. The next file with this layout is read the same way.`;
        toast(`Recipe “${name.value.trim()}” saved`);
      } catch (error) {
        note.textContent = `The recipe was not saved: ${error.message}`;
      } finally {
        save.disabled = false;
      }
    });
    return h("div", { class: "form-row mapping__recipe" }, field("Recipe name", name, "Remember these settings for files with the same layout."),
      h("div", { class: "actions" }, save, note));
  }
}
