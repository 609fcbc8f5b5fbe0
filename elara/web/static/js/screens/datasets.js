// Datasets: the list with status and scenario, the upload panel (analysts and admins) and deletion.

import { Latest, api, hasRole, isAbort } from "../api.js";
import { bus } from "../bus.js";
import { badge, confirmDialog, errorState, h, pageHead, replace, toast } from "../dom.js";
import { dateTime, integer } from "../format.js";
import { DataTable, Pager } from "../widgets/data_table.js";
import { SCENARIO_WORDS } from "../widgets/filter_bar.js";
import { UploadPanel } from "../widgets/upload_panel.js";
import { ValidationReport } from "../widgets/validation_report.js";

const PAGE_SIZE = 20;

class DatasetsScreen {
  constructor(root) {
    this.canWrite = hasRole("analyst");
    this.page = 1;
    this.latest = new Latest();
    this.status = h("div");
    this.report = new ValidationReport();
    this.report.el.classList.add("card");
    this.table = new DataTable({
      caption: "Your datasets",
      emptyText: this.canWrite ? "No datasets yet. Upload a spreadsheet to start." : "No datasets yet. An analyst or admin can upload one.",
      columns: [
        { key: "name", label: "Name" },
        { key: "status", label: "Status", render: (d) => h("span", {}, badge(d.status),
          d.status_reason ? h("span", { class: "small muted" }, ` ${d.status_reason}`) : null) },
        { key: "scenario", label: "Scenario", render: (d) => this.scenario(d) },
        { key: "row_count", label: "Rows", numeric: true, render: (d) => integer(d.row_count) },
        { key: "error_count", label: "Errors", numeric: true, render: (d) => integer(d.error_count) },
        { key: "updated_at", label: "Updated", render: (d) => dateTime(d.updated_at || d.created_at) },
        { key: "actions", label: "Actions", render: (d) => this.actions(d) },
      ],
    });
    this.pager = new Pager((page) => this.load(page));
    // Failed uploads are history, not datasets: listed apart, with why they failed.
    this.failed = new DataTable({
      caption: "Uploads that failed (nothing of them was stored)",
      emptyText: "No failed uploads.",
      columns: [
        { key: "name", label: "File" },
        { key: "status_reason", label: "Why it failed", render: (d) => d.status_reason || "See its report" },
        { key: "updated_at", label: "When", render: (d) => dateTime(d.updated_at || d.created_at) },
        { key: "actions", label: "Actions", render: (d) => this.actions(d) },
      ],
    });
    this.failedBox = h("details", { class: "card", hidden: true }, h("summary", {}, "Failed uploads"), this.failed.el);
    this.upload = this.canWrite ? new UploadPanel() : null;
    root.append(
      pageHead("Datasets", this.canWrite ? "Upload spreadsheets and manage what they became." : "The datasets you can see."),
      h("div", { class: "stack" },
        this.upload?.el,
        h("section", { class: "card", "aria-label": "Datasets" },
          h("div", { class: "card__head" }, h("h2", {}, "All datasets")), this.status, this.table.el, this.pager.el),
        this.failedBox,
        this.report.el),
    );
    this.offs = [bus.on("datasets:changed", () => this.load(this.page)), bus.on("live:data.changed", () => this.load(this.page))];
    this.load(1);
  }

  /** Its owner (an analyst) or an admin may change what the figures are; others read it. */
  mayChange(dataset) {
    return hasRole("admin") || (hasRole("analyst") && dataset.owner_id != null && dataset.owner_id === api.user?.id);
  }

  scenario(dataset) {
    const current = dataset.scenario || "actual";
    if (!this.mayChange(dataset) || dataset.status === "failed") {
      return h("span", { "data-scenario": current }, SCENARIO_WORDS[current] || current);
    }
    const select = h("select", { "aria-label": `Scenario of ${dataset.name}`, "data-scenario": current,
      onchange: () => this.changeScenario(dataset, select) },
    Object.entries(SCENARIO_WORDS).map(([value, text]) => h("option", { value, selected: value === current }, text)));
    return select;
  }

  async changeScenario(dataset, select) {
    const before = dataset.scenario || "actual";
    const after = select.value;
    select.disabled = true;
    try {
      const changed = await api.patch(`/api/datasets/${dataset.id}`, { scenario: after });
      dataset.scenario = changed.scenario;
      select.dataset.scenario = changed.scenario;
      toast(`${dataset.name}: now read as ${SCENARIO_WORDS[changed.scenario]} figures`);
      replace(this.status);
    } catch (error) {
      select.value = before;
      replace(this.status, errorState(error, "The scenario was not changed"));
    } finally {
      select.disabled = false;
    }
  }

  actions(dataset) {
    const buttons = [];
    if (Number(dataset.error_count) > 0) {
      buttons.push(h("button", { type: "button", class: "btn btn--small", onclick: () => this.report.load(dataset.id) },
        "Errors", h("span", { class: "visually-hidden" }, ` of ${dataset.name}`)));
    }
    if (dataset.status === "ready") {
      // A budget (forecast, prior year) opens on its own scenario, never among the actuals.
      const scenario = dataset.scenario && dataset.scenario !== "actual" ? `&scenario=${dataset.scenario}` : "";
      buttons.push(h("a", { class: "btn btn--small", href: `#/dashboard?datasets=${dataset.id}${scenario}` }, "Open",
        h("span", { class: "visually-hidden" }, ` ${dataset.name} in the dashboard`)));
    }
    if (this.canWrite) {
      buttons.push(h("button", { type: "button", class: "btn btn--small btn--danger", onclick: () => this.remove(dataset) },
        "Delete", h("span", { class: "visually-hidden" }, ` ${dataset.name}`)));
    }
    return h("div", { class: "actions" }, buttons);
  }

  async load(page) {
    this.table.showLoading("Loading datasets…");
    try {
      const body = await this.latest.run((signal) => api.get("/api/datasets", { page, page_size: PAGE_SIZE }, signal));
      const items = body.items || [];
      this.page = page;
      const failed = items.filter((d) => d.status === "failed");
      this.table.setRows(items.filter((d) => d.status !== "failed"));
      this.failed.setRows(failed);
      this.failedBox.hidden = !failed.length;
      this.failedBox.querySelector("summary").textContent = `Failed uploads (${failed.length})`;
      this.pager.update({ page, pageSize: PAGE_SIZE, total: body.total ?? items.length });
      this.upload?.setDatasets(items.filter((d) => d.status === "ready"));
      replace(this.status);
    } catch (error) {
      if (isAbort(error)) return;
      this.table.showError(error, "Datasets are unavailable");
    }
  }

  async remove(dataset) {
    const sure = await confirmDialog(`Delete "${dataset.name}" and its ${integer(dataset.row_count)} records? This cannot be undone.`, "Delete dataset");
    if (!sure) return;
    try {
      await api.delete(`/api/datasets/${dataset.id}`);
      toast(`Deleted ${dataset.name}`);
      this.load(this.page);
    } catch (error) {
      replace(this.status, errorState(error, "The dataset was not deleted"));
    }
  }

  destroy() {
    this.latest.abort();
    for (const off of this.offs) off();
    this.upload?.destroy();
  }
}

export function render(root) {
  const screen = new DatasetsScreen(root);
  return () => screen.destroy();
}
