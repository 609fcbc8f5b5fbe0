// The filtered records: sortable by any column, keyset-paged (a stack of cursors for "Previous").

import { Latest, isAbort } from "../api.js";
import { h } from "../dom.js";
import { money } from "../format.js";
import { getRecords } from "../dashboard_data.js";
import { DataTable } from "./data_table.js";

const PAGE_SIZE = 25;

export class RecordTable {
  constructor() {
    this.filters = null;
    this.sort = { key: "date", order: "desc" };
    this.cursors = [null];
    this.latest = new Latest();
    this.table = new DataTable({
      caption: "Records matching the filters",
      emptyText: "No records match these filters.",
      onSort: (key, direction) => {
        this.sort = { key, order: direction };
        this.cursors = [null];
        this.load();
      },
      columns: [
        { key: "date", label: "Date", sortable: true },
        { key: "company", label: "Company", sortable: true },
        { key: "account", label: "Account", sortable: true },
        { key: "category", label: "Category", sortable: true },
        { key: "amount", label: "Amount", sortable: true, numeric: true,
          render: (r) => money(r.amount, r.currency), className: (r) => (Number(r.amount) < 0 ? "neg" : "") },
        { key: "currency", label: "Ccy", sortable: true },
        { key: "description", label: "Description", sortable: true },
      ],
    });
    this.table.setSort("date", "desc");
    this.info = h("span", { "aria-live": "polite" });
    this.prev = h("button", { type: "button", class: "btn btn--small", onclick: () => this.page(-1) }, "Previous");
    this.next = h("button", { type: "button", class: "btn btn--small", onclick: () => this.page(1) }, "Next");
    this.el = h("div", {}, this.table.el, h("div", { class: "pager" }, this.info, h("div", { class: "actions" }, this.prev, this.next)));
  }

  setFilters(filters) {
    this.filters = filters;
    this.cursors = [null];
    return this.load();
  }

  page(step) {
    if (step > 0 && this.nextCursor) this.cursors.push(this.nextCursor);
    if (step < 0 && this.cursors.length > 1) this.cursors.pop();
    this.load();
  }

  async load() {
    this.table.showLoading("Loading records…");
    this.prev.disabled = true;
    this.next.disabled = true;
    try {
      const query = { sort: this.sort.key, order: this.sort.order, cursor: this.cursors.at(-1), limit: PAGE_SIZE };
      const page = await this.latest.run((signal) => getRecords(this.filters, query, signal));
      this.nextCursor = page.next;
      this.table.setRows(page.items);
      const index = this.cursors.length;
      this.info.textContent = `Page ${index} · ${PAGE_SIZE} records a page`;
      this.prev.disabled = index <= 1;
      this.next.disabled = !page.next;
    } catch (error) {
      if (isAbort(error)) return;
      this.table.showError(error, "Records are unavailable");
      this.info.textContent = "";
    }
  }

  destroy() {
    this.latest.abort();
  }
}
