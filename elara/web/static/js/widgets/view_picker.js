// Saved views on the dashboard: pick one (own or shared), save the current filters under a
// name (private or shared), rename, delete, make it the default, copy its link. What a shared
// view shows is still decided by the reader's own access (the API narrows its companies).

import { api, isAbort } from "../api.js";
import { append, confirmDialog, field, h, replace, toast } from "../dom.js";
import { alertDialog, subscribeDialog } from "./subscription_dialogs.js";

/** A small form dialog; resolves with the form's values, or null when cancelled. */
function formDialog(title, fields, submitLabel) {
  return new Promise((resolve) => {
    const form = h("form", { method: "dialog", class: "form", "aria-label": title });
    const dialog = h("dialog", { "aria-label": title }, form);
    const done = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    append(form, [h("h2", {}, title), fields.map((f) => f.el),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "btn btn--primary" }, submitLabel),
        h("button", { type: "button", class: "btn", onclick: () => done(null) }, "Cancel"))]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      done(Object.fromEntries(fields.map((f) => [f.key, f.value()])));
    });
    dialog.addEventListener("cancel", () => done(null));
    document.body.append(dialog);
    dialog.showModal();
  });
}

function nameField(value = "") {
  const input = h("input", { type: "text", name: "view-name", required: true, maxlength: 120, value });
  return { key: "name", el: field("Name", input), value: () => input.value.trim() };
}

function sharedField(checked = false) {
  const input = h("input", { type: "checkbox", name: "view-shared", checked });
  return { key: "shared", el: h("label", { class: "check" }, input, "Share with everyone who may see this data"),
    value: () => input.checked };
}

/** View filters (API shape) <-> dashboard filters (filter bar shape). */
export function toViewFilters(filters) {
  const out = {};
  for (const key of ["companies", "accounts", "categories"]) if (filters[key]?.length) out[key] = filters[key];
  if (filters.datasets?.length) out.datasets = filters.datasets.map(Number);
  if (filters.from) out.from = filters.from;
  if (filters.to) out.to = filters.to;
  if (filters.granularity) out.granularity = filters.granularity;
  if (filters.scenario && filters.scenario !== "actual") out.scenario = filters.scenario;
  // Dimension filters (Region=West) as the API's `dims`: {"Region": ["West"]}.
  const dims = Object.entries(filters.dimensions || {}).filter(([, values]) => values?.length);
  if (dims.length) out.dims = Object.fromEntries(dims.map(([name, values]) => [name, values.map(String)]));
  return out;
}

/** A saved view's filters as the filter bar takes them (`dims` are its `dimensions`). */
export function fromViewFilters(filters) {
  const { dims, ...rest } = filters || {};
  return { ...rest, dimensions: dims && typeof dims === "object" ? dims : {} };
}

export class ViewPicker {
  /** current() -> dashboard filters; onApply(filters, view) applies a chosen view. */
  constructor({ current, onApply }) {
    this.current = current;
    this.onApply = onApply;
    this.views = [];
    this.select = h("select", { name: "view", onchange: () => this.choose() });
    this.note = h("span", { class: "small muted", "aria-live": "polite" });
    const button = (text, onclick, extra = {}) => h("button", { type: "button", class: "btn btn--small", onclick, ...extra }, text);
    this.saveButton = button("Save view", () => this.save());
    this.renameButton = button("Rename", () => this.rename());
    this.shareButton = button("Share", () => this.toggleShare());
    this.defaultButton = button("Make default", () => this.makeDefault());
    this.deleteButton = button("Delete", () => this.remove(), { class: "btn btn--small btn--danger" });
    this.linkButton = button("Copy link", () => this.copyLink());
    this.subscribeButton = button("Subscribe…", () => this.subscribe());
    this.alertButton = button("Alert…", () => this.alert());
    this.el = h("div", { class: "views" },
      field("Saved view", this.select),
      h("div", { class: "actions" }, this.saveButton, this.renameButton, this.shareButton, this.defaultButton,
        this.deleteButton, this.linkButton, this.subscribeButton, this.alertButton),
      this.note);
    this.render();
  }

  get chosen() {
    return this.views.find((v) => String(v.id) === this.select.value) || null;
  }

  get defaultView() {
    return this.views.find((v) => v.is_default) || null;
  }

  async load(selectId = this.select.value) {
    try {
      this.views = await api.get("/api/views");
    } catch (error) {
      if (!isAbort(error)) this.note.textContent = `Saved views are unavailable: ${error.message}`;
      this.views = [];
    }
    this.render(selectId);
    return this.views;
  }

  render(selectId = "") {
    replace(this.select, h("option", { value: "" }, "Current filters (not saved)"),
      this.views.map((v) => h("option", { value: v.id, selected: String(v.id) === String(selectId) },
        `${v.name}${v.is_default ? " (default)" : ""}${v.mine ? (v.shared ? " · shared" : "") : ` · shared by ${v.owner}`}`)));
    const view = this.chosen;
    const editable = Boolean(view && view.mine);
    this.renameButton.hidden = !editable;
    this.deleteButton.hidden = !editable;
    this.shareButton.hidden = !editable;
    this.shareButton.textContent = view?.shared ? "Stop sharing" : "Share";
    this.defaultButton.hidden = !view;
    this.defaultButton.textContent = view?.is_default ? "Not default" : "Make default";
    this.subscribeButton.hidden = !view;
    this.alertButton.hidden = !view;
  }

  /** Show a view as chosen (e.g. the default one the dashboard opened with). */
  mark(view) {
    this.render(view ? view.id : "");
    this.describe(view);
  }

  /** The filters changed by hand: the screen no longer shows the saved view as it is. */
  unmark() {
    if (this.select.value) {
      this.render("");
      this.note.textContent = "";
    }
  }

  describe(view) {
    this.note.textContent = view?.narrowed
      ? "Some companies of this view are not yours to see; it shows the ones you may see."
      : "";
  }

  choose() {
    const view = this.chosen;
    this.render(this.select.value);
    this.describe(view);
    if (view) this.onApply(fromViewFilters(view.filters), view);
  }

  async save() {
    const values = await formDialog("Save this view", [nameField(), sharedField()], "Save view");
    if (!values?.name) return;
    try {
      const view = await api.post("/api/views", { name: values.name, shared: values.shared, filters: toViewFilters(this.current()) });
      await this.load(view.id);
      toast(`View “${view.name}” saved`);
    } catch (error) {
      this.note.textContent = `The view was not saved: ${error.message}`;
    }
  }

  async rename() {
    const view = this.chosen;
    if (!view) return;
    const values = await formDialog("Rename the view", [nameField(view.name)], "Rename");
    if (!values?.name) return;
    await this.change(view, { name: values.name }, "renamed");
  }

  async toggleShare() {
    const view = this.chosen;
    if (view) await this.change(view, { shared: !view.shared }, view.shared ? "is private again" : "is shared");
  }

  async change(view, patch, what) {
    try {
      const changed = await api.patch(`/api/views/${view.id}`, patch);
      await this.load(view.id);
      toast(`View “${changed.name}” ${what}`);
    } catch (error) {
      this.note.textContent = `The view was not changed: ${error.message}`;
    }
  }

  async makeDefault() {
    const view = this.chosen;
    if (!view) return;
    try {
      await api.put("/api/views/default", { view_id: view.is_default ? null : view.id });
      await this.load(view.id);
      toast(view.is_default ? "The dashboard opens with all your data again" : `The dashboard opens with “${view.name}”`);
    } catch (error) {
      this.note.textContent = `The default was not changed: ${error.message}`;
    }
  }

  async remove() {
    const view = this.chosen;
    if (!view || !(await confirmDialog(`Delete the view “${view.name}”?`, "Delete view"))) return;
    try {
      await api.delete(`/api/views/${view.id}`);
      await this.load("");
      toast(`View “${view.name}” deleted`);
    } catch (error) {
      this.note.textContent = `The view was not deleted: ${error.message}`;
    }
  }

  async subscribe() {
    const view = this.chosen;
    const made = view && (await subscribeDialog(view));
    if (made) toast(`Subscribed: “${made.view_name}” goes to ${made.recipients.length} recipient(s). Manage it under Subscriptions.`);
  }

  async alert() {
    const view = this.chosen;
    const made = view && (await alertDialog(view));
    if (made) toast(`Alert “${made.name}” created. Manage it under Subscriptions.`);
  }

  async copyLink() {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      this.note.textContent = "Link copied. Whoever opens it sees these filters, within their own access.";
    } catch {
      this.note.textContent = `Link: ${link}`;
    }
  }
}
