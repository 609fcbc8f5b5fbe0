// Finance settings (admin): chart of accounts, reporting currency and FX rates, fiscal year.

import { api } from "../api.js";
import { confirmDialog, errorState, field, h, pageHead, replace, toast } from "../dom.js";
import { DataTable } from "../widgets/data_table.js";
import { AccountsPanel } from "./finance_accounts.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

class CurrencyPanel {
  constructor() {
    this.currency = h("input", { name: "reporting_currency", maxlength: 3, placeholder: "e.g. EUR", pattern: "[A-Za-z]{3}" });
    this.fxFile = h("input", { type: "file", accept: ".csv,text/csv", id: "fx-upload", class: "visually-hidden",
      onchange: () => this.upload(this.fxFile.files[0]) });
    this.status = h("div", { "aria-live": "polite" });
    this.table = new DataTable({
      caption: "Exchange rates (units of the currency per one unit of the reporting currency)",
      rowKey: "key",
      emptyText: "No exchange rates yet.",
      columns: [
        { key: "date", label: "Date" },
        { key: "currency", label: "Currency" },
        { key: "rate", label: "Rate", numeric: true },
        { key: "actions", label: "Actions", render: (r) => h("button", { type: "button", class: "btn btn--small btn--danger",
          onclick: () => this.remove(r) }, "Delete", h("span", { class: "visually-hidden" }, ` ${r.currency} ${r.date}`)) },
      ],
    });
    this.el = h("section", { class: "card", "aria-labelledby": "fx-head", id: "currency-settings" },
      h("h2", { id: "fx-head" }, "Reporting currency and exchange rates"),
      h("form", { class: "form-row", onsubmit: (e) => { e.preventDefault(); this.save(); } },
        field("Reporting currency", this.currency, "Empty: amounts stay in their own currencies."),
        h("button", { type: "submit", class: "btn btn--primary" }, "Save currency")),
      h("div", { class: "actions" }, h("label", { for: "fx-upload", class: "btn" }, "Upload rates CSV"), this.fxFile,
        h("span", { class: "muted" }, "Columns: date, currency, rate.")),
      this.status, this.table.el);
  }

  async load(settings) {
    this.currency.value = settings.reporting_currency || "";
    this.el.dataset.ready = "1";
    this.table.showLoading("Loading rates…");
    try {
      const rates = await api.get("/api/fx-rates", { limit: 500 });
      this.table.setRows(rates.map((r) => ({ ...r, key: `${r.currency}-${r.date}` })));
    } catch (error) {
      this.table.showError(error, "Rates could not be loaded");
    }
  }

  async save() {
    const value = this.currency.value.trim().toUpperCase() || null;
    try {
      const saved = await api.put("/api/dashboard/settings", { reporting_currency: value });
      toast(saved.reporting_currency ? `Reporting currency: ${saved.reporting_currency}.` : "Reporting currency cleared.", "success");
    } catch (error) {
      replace(this.status, errorState(error, "The currency was not saved"));
    }
  }

  async upload(file) {
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    try {
      const body = await api.request("POST", "/api/fx-rates/upload", { body: form });
      toast(`${body.stored} rate(s) stored.`, "success");
      replace(this.status);
      this.load({ reporting_currency: this.currency.value });
    } catch (error) {
      replace(this.status, errorState(error, "The rates were not stored"));
    } finally {
      this.fxFile.value = "";
    }
  }

  async remove(rate) {
    if (!(await confirmDialog(`Delete the ${rate.currency} rate of ${rate.date}?`, "Delete"))) return;
    try {
      await api.delete(`/api/fx-rates?currency=${encodeURIComponent(rate.currency)}&date=${encodeURIComponent(rate.date)}`);
      toast("Rate deleted.", "success");
      this.load({ reporting_currency: this.currency.value });
    } catch (error) {
      toast(error.message, "error");
    }
  }
}

class FiscalPanel {
  constructor() {
    this.month = h("select", { name: "fiscal_year_start" }, MONTHS.map((m, i) => h("option", { value: String(i + 1) }, m)));
    this.el = h("section", { class: "card", "aria-labelledby": "fiscal-head", id: "fiscal-settings" },
      h("h2", { id: "fiscal-head" }, "Fiscal year"),
      h("form", { class: "form-row", onsubmit: (e) => { e.preventDefault(); this.save(); } },
        field("Fiscal year starts in", this.month, "Quarters, years and presets follow it everywhere."),
        h("button", { type: "submit", class: "btn btn--primary" }, "Save fiscal year")));
  }

  load(settings) {
    this.month.value = String(settings.fiscal_year_start || 1);
  }

  async save() {
    try {
      const saved = await api.put("/api/dashboard/settings", { fiscal_year_start: Number(this.month.value) });
      toast(`The fiscal year starts in ${MONTHS[saved.fiscal_year_start - 1]}.`, "success");
    } catch (error) {
      toast(error.message, "error");
    }
  }
}

export function render(root, { params = {} } = {}) {
  const accounts = new AccountsPanel({ kind: params.kind || "" });
  const currency = new CurrencyPanel();
  const fiscal = new FiscalPanel();
  const state = h("div");
  root.append(
    pageHead("Finance settings", "How accounts count, which currency totals are shown in, when the fiscal year starts."),
    h("div", { class: "stack" }, state, accounts.el, currency.el, fiscal.el),
  );
  api.get("/api/dashboard/settings")
    .then((settings) => {
      currency.load(settings);
      fiscal.load(settings);
    })
    .catch((error) => replace(state, errorState(error, "Settings could not be loaded")));
  return () => accounts.destroy();
}
