// Chart of accounts (admin): search, a kind per account, bulk edit, CSV export and import; kinds
// set everywhere or for one dataset (a dataset's kind wins over every other source there).

import { api } from "../api.js";
import { badge, download, errorState, field, h, replace, toast } from "../dom.js";
import { integer } from "../format.js";
import { DataTable, Pager } from "../widgets/data_table.js";

export const KINDS = [
  ["revenue", "Revenue"],
  ["cost_of_sales", "Cost of sales"],
  ["operating_expense", "Operating expense"],
  ["other_income", "Other income"],
  ["other_expense", "Other expense (interest…)"],
  ["tax", "Tax"],
  ["subtotal", "Subtotal (shown, never added)"],
  ["non_financial", "Non-financial (units, headcount)"],
  ["balance_sheet", "Balance sheet"],
];
const PAGE_SIZE = 50;
const SOURCES = { admin: "set by an admin", vocabulary: "built-in", none: "unclassified" };

function kindSelect(value, onchange, label, emptyText = "Unclassified") {
  return h("select", { "aria-label": label, onchange },
    h("option", { value: "", selected: !value }, emptyText),
    KINDS.map(([key, text]) => h("option", { value: key, selected: key === value }, text)));
}

export class AccountsPanel {
  constructor({ kind = "" } = {}) {
    this.page = 1;
    this.selected = new Set();
    this.search = h("input", { type: "search", name: "q", id: "accounts-search", placeholder: "Account or category", oninput: () => this.debounced() });
    this.kindFilter = h("select", { name: "kind", id: "accounts-kind", onchange: () => this.load(1) },
      h("option", { value: "" }, "All kinds"),
      h("option", { value: "unclassified", selected: kind === "unclassified" }, "Unclassified"),
      KINDS.map(([key, text]) => h("option", { value: key, selected: key === kind }, text)));
    this.bulkKind = kindSelect("", null, "Kind for the selected accounts");
    this.datasets = new Map(); // id -> name, for the scope choice and the per-dataset column
    this.scope = h("select", { name: "scope", id: "accounts-scope", onchange: () => this.scopeChanged() },
      h("option", { value: "" }, "Every dataset"));
    this.bulkButton = h("button", { type: "button", class: "btn", onclick: () => this.applyBulk() }, "Apply to selected");
    this.summary = h("p", { class: "muted", "aria-live": "polite" });
    this.importInput = h("input", { type: "file", accept: ".csv,text/csv", class: "visually-hidden", id: "accounts-import",
      onchange: () => this.importFile(this.importInput.files[0]) });
    this.table = new DataTable({
      caption: "Chart of accounts",
      rowKey: "account",
      emptyText: "No accounts match.",
      columns: [
        { key: "pick", label: "Select", render: (a) => this.checkbox(a) },
        { key: "account", label: "Account" },
        { key: "categories", label: "Categories", render: (a) => a.categories.join(", ") || "–" },
        { key: "kind", label: "Kind", render: (a) => this.kindCell(a) },
        { key: "source", label: "Source", render: (a) => badge(SOURCES[a.source] || a.source, a.source) },
        { key: "datasets", label: "In one dataset", render: (a) => this.overrides(a) },
        { key: "record_count", label: "Records", numeric: true, render: (a) => integer(a.record_count) },
      ],
    });
    this.pager = new Pager((page) => this.load(page));
    this.el = h("section", { class: "card", "aria-labelledby": "accounts-head", id: "chart-of-accounts" },
      h("h2", { id: "accounts-head" }, "Chart of accounts"),
      h("p", { class: "muted" }, "Each account's kind decides where its amounts count. Subtotal lines are shown and tied out, never added."),
      h("div", { class: "form-row" },
        h("div", { class: "field" }, h("label", { for: "accounts-search" }, "Search"), this.search),
        h("div", { class: "field" }, h("label", { for: "accounts-kind" }, "Kind"), this.kindFilter),
        field("Kinds apply to", this.scope, "A dataset's own kind wins there over the kind everywhere."),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "btn", onclick: () => this.exportCsv() }, "Export CSV"),
          h("label", { for: "accounts-import", class: "btn" }, "Import CSV"), this.importInput)),
      h("div", { class: "form-row", role: "group", "aria-label": "Bulk edit" }, this.bulkKind, this.bulkButton),
      this.summary, this.table.el, this.pager.el);
    this.loadDatasets().then(() => this.load(1));
  }

  /** The ready datasets, for the "Kinds apply to" choice. */
  async loadDatasets() {
    try {
      const body = await api.get("/api/datasets", { page: 1, page_size: 500 });
      for (const d of body.items.filter((item) => item.status === "ready")) {
        this.datasets.set(String(d.id), d.name);
        this.scope.append(h("option", { value: String(d.id) }, d.name));
      }
    } catch (error) {
      toast(`Datasets could not be listed: ${error.message}`, "error");
    }
  }

  scopeChanged() {
    this.selected.clear();
    this.load(this.page);
  }

  /** The dataset chosen in "Kinds apply to" (null: every dataset). */
  datasetId() {
    return this.scope.value ? Number(this.scope.value) : null;
  }

  kindCell(account) {
    const id = this.datasetId();
    if (id === null) {
      return kindSelect(account.kind, (e) => this.setKind(account, e.target.value), `Kind of ${account.account}`);
    }
    const own = account.datasets.find((d) => d.dataset_id === id);
    const everywhere = account.kind ? account.kind.replaceAll("_", " ") : "unclassified";
    return kindSelect(own?.kind || "", (e) => this.setKind(account, e.target.value),
      `Kind of ${account.account} in ${this.datasets.get(String(id))}`, `As everywhere (${everywhere})`);
  }

  overrides(account) {
    if (!account.datasets.length) return "–";
    return account.datasets.map((d) => {
      const name = this.datasets.get(String(d.dataset_id)) || `Dataset ${d.dataset_id}`;
      const how = d.source === "import" ? "chosen at import" : "set by an admin";
      return `${name}: ${d.kind.replaceAll("_", " ")} (${how})`;
    }).join("; ");
  }

  checkbox(account) {
    return h("input", { type: "checkbox", "aria-label": `Select ${account.account}`, checked: this.selected.has(account.account),
      onchange: (e) => (e.target.checked ? this.selected.add(account.account) : this.selected.delete(account.account)) });
  }

  debounced() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(1), 250);
  }

  async load(page) {
    this.table.showLoading("Loading accounts…");
    try {
      const body = await api.get("/api/finance/accounts", {
        q: this.search.value.trim() || undefined,
        kind: this.kindFilter.value || undefined,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      this.table.setRows(body.items);
      this.pager.update({ page, pageSize: PAGE_SIZE, total: body.total });
      this.summary.textContent = body.unclassified
        ? `${integer(body.unclassified)} account(s) are unclassified: their amounts show apart on the dashboard.`
        : "Every account is classified.";
      this.page = page;
    } catch (error) {
      this.table.showError(error, "Accounts could not be loaded");
    }
  }

  async setKind(account, kind) {
    const datasetId = this.datasetId();
    const where = datasetId === null ? "" : ` in ${this.datasets.get(String(datasetId))}`;
    try {
      await api.put("/api/finance/accounts", { account: account.account, kind: kind || null, dataset_id: datasetId });
      toast(`${account.account}${where}: ${kind ? kind.replaceAll("_", " ") : "admin kind removed"}.`, "success");
      this.load(this.page);
    } catch (error) {
      toast(error.message, "error");
    }
  }

  async applyBulk() {
    if (!this.selected.size) {
      toast("Select accounts first.", "error");
      return;
    }
    try {
      const body = await api.post("/api/finance/accounts/bulk",
        { accounts: [...this.selected], kind: this.bulkKind.value || null, dataset_id: this.datasetId() });
      toast(`${body.changed} account(s) changed.`, "success");
      this.selected.clear();
      this.load(this.page);
    } catch (error) {
      toast(error.message, "error");
    }
  }

  async exportCsv() {
    try {
      const { blob, filename } = await api.blob("/api/finance/accounts/export");
      download(blob, filename || "elara-accounts.csv");
    } catch (error) {
      toast(error.message, "error");
    }
  }

  async importFile(file) {
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    try {
      const body = await api.request("POST", "/api/finance/accounts/import", { body: form });
      toast(`${body.changed} account(s) changed from ${file.name}.`, "success");
      this.load(1);
    } catch (error) {
      replace(this.summary, errorState(error, "The file was not applied"));
    } finally {
      this.importInput.value = "";
    }
  }

  destroy() {
    clearTimeout(this.timer);
  }
}
