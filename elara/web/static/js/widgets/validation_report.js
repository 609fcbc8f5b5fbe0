// The validation report of an upload: row, column, value and reason, with its CSV download.

import { api } from "../api.js";
import { download, h, replace } from "../dom.js";
import { DataTable } from "./data_table.js";

export class ValidationReport {
  constructor() {
    this.table = new DataTable({
      caption: "Rows that could not be stored (row numbers as in your file)",
      emptyText: "No errors.",
      rowKey: "row",
      columns: [
        { key: "row", label: "Row", numeric: true },
        { key: "column", label: "Column" },
        { key: "value", label: "Value", render: (r) => h("span", { class: "cell-pre" }, r.value ?? "") },
        { key: "message", label: "Reason" },
      ],
    });
    this.summary = h("p", { class: "small" });
    this.button = h("button", { type: "button", class: "btn btn--small", onclick: () => this.download() }, "Download report (CSV)");
    this.el = h("div", { class: "stack", hidden: true },
      h("div", { class: "card__head" }, h("h3", {}, "Validation report"), this.button), this.summary, this.table.el);
  }

  clear() {
    this.el.hidden = true;
  }

  async load(datasetId) {
    this.datasetId = datasetId;
    this.el.hidden = false;
    this.table.showLoading("Loading the report…");
    try {
      const body = await api.get(`/api/datasets/${datasetId}/errors`, { limit: 200 });
      const items = body.items || [];
      this.table.setRows(items);
      const total = body.total ?? items.length;
      this.summary.textContent = total > items.length ? `Showing ${items.length} of ${total} errors.` : `${total} errors.`;
    } catch (error) {
      this.table.showError(error, "The report is unavailable");
      replace(this.summary);
    }
  }

  async download() {
    try {
      const { blob, filename } = await api.blob(`/api/datasets/${this.datasetId}/errors`, { format: "csv" });
      download(blob, filename || `dataset-${this.datasetId}-errors.csv`);
    } catch (error) {
      this.summary.textContent = `The download failed: ${error.message}`;
    }
  }
}
