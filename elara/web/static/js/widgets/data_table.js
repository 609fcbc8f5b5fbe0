// A table widget: columns with optional sorting, and loading/empty/error states in place.

import { empty, errorState, h, loading, replace } from "../dom.js";

/**
 * columns: [{key, label, numeric, sortable, render(row) -> Node|string, className(row)}]
 * onSort(key, direction) is called when a sortable header is activated.
 */
export class DataTable {
  constructor({ caption, columns, onSort, emptyText = "Nothing to show.", rowKey = "id" }) {
    this.columns = columns;
    this.onSort = onSort;
    this.emptyText = emptyText;
    this.rowKey = rowKey;
    this.sort = { key: null, direction: "asc" };
    this.body = h("tbody");
    this.head = h("thead");
    this.table = h("table", {}, caption ? h("caption", {}, caption) : null, this.head, this.body);
    this.status = h("div");
    this.el = h("div", {}, h("div", { class: "table-wrap" }, this.table), this.status);
    this.renderHead();
  }

  setSort(key, direction) {
    this.sort = { key, direction };
    this.renderHead();
  }

  renderHead() {
    const cells = this.columns.map((column) => {
      const th = h("th", { scope: "col", class: column.numeric ? "num" : null }, column.label);
      if (!column.sortable) return th;
      const active = this.sort.key === column.key;
      th.setAttribute("aria-sort", active ? (this.sort.direction === "asc" ? "ascending" : "descending") : "none");
      const arrow = active ? (this.sort.direction === "asc" ? "▲" : "▼") : "";
      const button = h(
        "button",
        { type: "button", class: "sort-btn", onclick: () => this.toggle(column.key) },
        column.label,
        h("span", { class: "sort-btn__arrow", "aria-hidden": "true" }, arrow),
      );
      replace(th, button);
      return th;
    });
    replace(this.head, h("tr", {}, cells));
  }

  toggle(key) {
    const direction = this.sort.key === key && this.sort.direction === "asc" ? "desc" : "asc";
    this.setSort(key, direction);
    this.onSort?.(key, direction);
  }

  showLoading(text) {
    replace(this.status, loading(text));
  }

  showError(error, what) {
    replace(this.body);
    replace(this.status, errorState(error, what));
  }

  /** Render rows (plain objects); an empty list shows the empty state. */
  setRows(rows) {
    const trs = rows.map((row) =>
      h(
        "tr",
        { dataset: row[this.rowKey] !== undefined ? { key: String(row[this.rowKey]) } : {} },
        this.columns.map((column) => {
          const value = column.render ? column.render(row) : row[column.key];
          const extra = column.className ? column.className(row) : "";
          // data-label: the column's name shown beside the value when rows become cards.
          return h("td", { class: `${column.numeric ? "num" : ""} ${extra}`.trim() || null, "data-label": column.label },
            value ?? "");
        }),
      ),
    );
    replace(this.body, trs);
    replace(this.status, rows.length ? null : empty(this.emptyText));
  }
}

/** Page controls for page/page_size APIs. onPage(page). */
export class Pager {
  constructor(onPage) {
    this.onPage = onPage;
    this.info = h("span", { "aria-live": "polite" });
    this.prev = h("button", { type: "button", class: "btn btn--small", onclick: () => this.onPage(this.page - 1) }, "Previous");
    this.next = h("button", { type: "button", class: "btn btn--small", onclick: () => this.onPage(this.page + 1) }, "Next");
    this.page = 1;
    this.el = h("div", { class: "pager" }, this.info, h("div", { class: "actions" }, this.prev, this.next));
  }

  update({ page, pageSize, total, hasNext }) {
    this.page = page;
    const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
    const last = total === undefined ? (page - 1) * pageSize + pageSize : Math.min(total, page * pageSize);
    this.info.textContent = total === undefined ? `Page ${page}` : `${first}–${last} of ${total}`;
    this.prev.disabled = page <= 1;
    this.next.disabled = hasNext === undefined ? page * pageSize >= total : !hasNext;
  }
}
