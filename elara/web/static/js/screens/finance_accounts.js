// Chart of accounts (admin): search, a kind per account, bulk edit, CSV export and import.

import { api } from "../api.js";
import { badge, download, errorState, h, replace, toast } from "../dom.js";
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

function kindSelect(value, onchange, label) {
  return h("select", { "aria-label": label, onchange },
    h("option", { value: "", selected: !value }, "Unclassified"),
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
        { key: "kind", label: "Kind", render: (a) => kindSelect(a.kind, (e) => this.setKind(a, e.target.value), `Kind of ${a.account}`) },
        { key: "source", label: "Source", render: (a) => badge(SOURCES[a.source] || a.source, a.source) },
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
        h("div", { class: "actions" },
          h("button", { type: "button", class: "btn", onclick: () => this.exportCsv() }, "Export CSV"),
          h("label", { for: "accounts-import", class: "btn" }, "Import CSV"), this.importInput)),
      h("div", { class: "form-row", role: "group", "aria-label": "Bulk edit" }, this.bulkKind, this.bulkButton),
      this.summary, this.table.el, this.pager.el);
    this.load(1);
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
    try {
      await api.put("/api/finance/accounts", { account: account.account, kind: kind || null });
      toast(`${account.account}: ${kind ? kind.replaceAll("_", " ") : "admin kind removed"}.`, "success");
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
      const body = await api.post("/api/finance/accounts/bulk", { accounts: [...this.selected], kind: this.bulkKind.value || null });
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
