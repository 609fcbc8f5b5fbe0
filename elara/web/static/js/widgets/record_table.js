// The filtered records: sortable by any column, keyset-paged (a stack of cursors for "Previous"),
// with the total from the dashboard's count, a page size, and a drill-through narrowing (the
// records behind one point, bar or slice of a chart).

import { Latest, isAbort } from "../api.js";
import { h } from "../dom.js";
import { integer, money } from "../format.js";
import { getRecords } from "../dashboard_data.js";
import { DataTable } from "./data_table.js";

const PAGE_SIZES = [25, 50, 100];

export class RecordTable {
  constructor() {
    this.filters = null;
    this.drill = null; // {filters: {...overrides}, text}
    this.total = null;
    this.pageSize = PAGE_SIZES[0];
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
        { key: "currency", label: "Currency", sortable: true },
        { key: "description", label: "Description", sortable: true },
      ],
    });
    this.table.setSort("date", "desc");
    this.drillText = h("span", {});
    this.drillBox = h("div", { class: "drill alert alert--ok", hidden: true }, this.drillText,
      h("button", { type: "button", class: "btn btn--small", onclick: () => this.setDrill(null) }, "Show all records"));
    this.info = h("span", { "aria-live": "polite" });
    this.size = h("select", { "aria-label": "Records a page", onchange: () => {
      this.pageSize = Number(this.size.value);
      this.cursors = [null];
      this.load();
    } }, PAGE_SIZES.map((n) => h("option", { value: n }, String(n))));
    this.prev = h("button", { type: "button", class: "btn btn--small", onclick: () => this.page(-1) }, "Previous");
    this.next = h("button", { type: "button", class: "btn btn--small", onclick: () => this.page(1) }, "Next");
    this.el = h("div", {}, this.drillBox, this.table.el,
      h("div", { class: "pager" }, this.info,
        h("div", { class: "actions" }, h("label", { class: "pager__size" }, "Per page", this.size), this.prev, this.next)));
  }

  setFilters(filters) {
    this.filters = filters;
    this.drill = null;
    this.drillBox.hidden = true;
    this.total = null;
    this.cursors = [null];
    return this.load();
  }

  /** The number of records the filters match (from the summary), for "26–50 of 1,234". */
  setTotal(total) {
    this.total = total === null || total === undefined ? null : Number(total);
    if (!this.drill) this.describe();
  }

  /** Narrow to the records behind a chart element; null shows all the filtered records again. */
  setDrill(drill) {
    this.drill = drill;
    this.drillBox.hidden = !drill;
    this.drillText.textContent = drill ? `Showing the records of ${drill.text}.` : "";
    this.cursors = [null];
    return this.load();
  }

  get query() {
    return this.drill ? { ...this.filters, ...this.drill.filters } : this.filters;
  }

  page(step) {
    if (step > 0 && this.nextCursor) this.cursors.push(this.nextCursor);
    if (step < 0 && this.cursors.length > 1) this.cursors.pop();
    this.load();
  }

  describe() {
    const index = this.cursors.length;
    const first = (index - 1) * this.pageSize + 1;
    const last = first + (this.rows ?? this.pageSize) - 1;
    const total = this.drill ? null : this.total;
    if (!this.rows) {
      this.info.textContent = index > 1 ? `Page ${index}` : "";
    } else {
      this.info.textContent = total === null ? `Records ${integer(first)}–${integer(last)}`
        : `Records ${integer(first)}–${integer(last)} of ${integer(total)}`;
    }
  }

  async load() {
    if (!this.filters) return;
    this.table.showLoading("Loading records…");
    this.prev.disabled = true;
    this.next.disabled = true;
    try {
      const query = { sort: this.sort.key, order: this.sort.order, cursor: this.cursors.at(-1), limit: this.pageSize };
      const page = await this.latest.run((signal) => getRecords(this.query, query, signal));
      this.nextCursor = page.next;
      this.rows = page.items.length;
      this.table.setRows(page.items);
      this.describe();
      this.prev.disabled = this.cursors.length <= 1;
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
