// The upload panel: drag-and-drop or pick a file, the mapping screen (preview, column roles,
// constants) before anything is stored, options, progress for bytes and rows, and the
// validation report.

import { api } from "../api.js";
import { bus } from "../bus.js";
import { errorState, field, h, nextId, replace } from "../dom.js";
import { bytes, integer } from "../format.js";
import { uploadFile } from "../uploads.js";
import { MappingPanel } from "./mapping_panel.js";
import { ValidationReport } from "./validation_report.js";

const TERMINAL = new Set(["ready", "failed"]);

function progressRow(label) {
  const bar = h("progress", { max: 100, value: 0 });
  const text = h("span", {}, "–");
  const id = nextId("progress");
  bar.id = id;
  return { bar, text, el: h("div", { class: "progress-row" },
    h("div", { class: "progress-row__label" }, h("label", { for: id }, label), text), bar) };
}

export class UploadPanel {
  constructor({ datasets = [] } = {}) {
    this.file = null;
    this.input = h("input", { type: "file", hidden: true, name: "file", accept: ".csv,.tsv,.txt,.xlsx,.xls,.ods",
      "aria-label": "Spreadsheet file", onchange: () => this.choose(this.input.files[0]) });
    const pick = h("button", { type: "button", class: "btn", onclick: () => this.input.click() }, "Choose a file");
    this.fileInfo = h("p", { class: "small muted" }, "CSV, TSV, XLSX, XLS or ODS. Files over 50 MB are sent in resumable chunks.");
    this.drop = h("div", { class: "dropzone" },
      h("p", { class: "dropzone__title" }, "Drop a spreadsheet here"), this.fileInfo, pick, this.input);
    this.bindDrop();
    this.name = h("input", { type: "text", name: "dataset-name", maxlength: 200 });
    this.onError = h("select", { name: "on_error" },
      h("option", { value: "reject" }, "Reject the file if any row is bad"),
      h("option", { value: "skip" }, "Keep good rows, report bad ones"));
    this.mode = h("select", { name: "mode", onchange: () => this.modeChanged() },
      h("option", { value: "create" }, "New dataset"),
      h("option", { value: "append" }, "Append to a dataset"),
      h("option", { value: "replace" }, "Replace a dataset"));
    this.target = h("select", { name: "dataset_id" });
    this.targetField = field("Dataset", this.target);
    this.targetField.hidden = true;
    this.submit = h("button", { type: "submit", class: "btn btn--primary", disabled: true }, "Store");
    this.submitNote = h("span", { class: "small muted", "aria-live": "polite" });
    this.mapping = new MappingPanel({ onState: (state) => this.mappingState(state) });
    this.bytesRow = progressRow("Bytes sent");
    this.rowsRow = progressRow("Rows stored");
    this.progress = h("div", { class: "stack", hidden: true }, this.bytesRow.el, this.rowsRow.el);
    this.status = h("div", { "aria-live": "polite" });
    this.report = new ValidationReport();
    this.form = h("form", { class: "form", "aria-label": "Upload a spreadsheet" },
      this.drop,
      h("div", { class: "form-row" }, field("Dataset name", this.name), field("Mode", this.mode), this.targetField,
        field("Bad rows", this.onError)),
      this.mapping.el, h("div", { class: "actions" }, this.submit, this.submitNote), this.progress, this.status, this.report.el);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!this.submit.disabled) this.start(); // Enter in a field while the preview updates waits
    });
    this.el = h("section", { class: "card", "aria-label": "Upload" }, h("div", { class: "card__head" }, h("h2", {}, "Upload a spreadsheet")), this.form);
    this.setDatasets(datasets);
    this.offProgress = bus.on("live:upload.progress", (message) => this.live(message));
  }

  setDatasets(datasets) {
    replace(this.target, datasets.map((d) => h("option", { value: d.id }, d.name)));
  }

  bindDrop() {
    const over = (event) => {
      event.preventDefault();
      this.drop.classList.add("dropzone--over");
    };
    this.drop.addEventListener("dragenter", over);
    this.drop.addEventListener("dragover", over);
    this.drop.addEventListener("dragleave", () => this.drop.classList.remove("dropzone--over"));
    this.drop.addEventListener("drop", (event) => {
      event.preventDefault();
      this.drop.classList.remove("dropzone--over");
      if (event.dataTransfer.files.length) this.choose(event.dataTransfer.files[0]);
    });
  }

  choose(file) {
    if (!file) return;
    this.file = file;
    this.datasetId = null;
    this.report.clear();
    replace(this.status);
    this.fileInfo.textContent = `${file.name} · ${bytes(file.size)}`;
    if (!this.name.value) this.name.value = file.name.replace(/\.[^.]+$/, "");
    this.submit.disabled = true;
    this.mapping.start(file);
  }

  /** Store only what the preview shows: not while it updates, nor while a constant is missing. */
  mappingState({ ready, pending, needs, roles = [] }) {
    if (!this.file || this.busy) return;
    const failed = !this.mapping.answer && !pending; // no preview (an error or an older server)
    this.submit.disabled = !(ready || failed);
    const words = { company: "the company", date: "the as-of date", year: "the year", currency: "the currency" };
    const roleWords = { amount: "the amounts", account: "the accounts", date: "the dates" };
    this.submitNote.textContent = pending ? "Updating the preview…"
      : needs.length ? `Before storing, fill in ${needs.map((n) => words[n] || n).join(" and ")}.`
      : roles.length ? `Before storing, say which column holds ${roles.map((r) => roleWords[r] || r).join(" and ")}.` : "";
  }

  modeChanged() {
    this.targetField.hidden = this.mode.value === "create";
  }

  async start() {
    if (!this.file) return;
    this.busy = true;
    this.submit.disabled = true;
    this.submitNote.textContent = "";
    this.progress.hidden = false;
    this.report.clear();
    this.datasetId = null;
    replace(this.status, h("p", { class: "small" }, `Uploading ${this.file.name}…`));
    this.setBar(this.bytesRow, 0, this.file.size, bytes);
    this.setBar(this.rowsRow, 0, 0, integer);
    const options = {
      name: this.name.value.trim() || this.file.name, onError: this.onError.value, mode: this.mode.value,
      datasetId: this.mode.value === "create" ? null : this.target.value,
      settings: this.mapping.settings(),
    };
    try {
      const answer = await uploadFile(this.file, options, (sent) => this.setBar(this.bytesRow, sent, this.file.size, bytes));
      this.setBar(this.bytesRow, this.file.size, this.file.size, bytes);
      const dataset = answer?.dataset || answer;
      this.datasetId = dataset?.id;
      await this.follow(dataset, dataset?.upload?.id);
    } catch (error) {
      this.failed(error);
    } finally {
      this.busy = false;
      this.submit.disabled = false;
    }
  }

  setBar(row, done, total, unit) {
    const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
    row.bar.value = pct;
    row.text.textContent = total > 0 ? `${unit(done)} of ${unit(total)} (${pct}%)` : unit(done);
  }

  live(message) {
    if (!this.datasetId || String(message.dataset_id) !== String(this.datasetId)) return;
    this.latest = message;
    const parsed = Number(message.rows_parsed || 0);
    this.setBar(this.rowsRow, Number(message.rows_stored || 0), parsed, integer);
  }

  /** Poll (the socket may be faster) until this upload is finished: an append or replace
   *  leaves the dataset ready throughout, so its own upload says when the rows are in. */
  async follow(dataset, uploadId) {
    let current = dataset;
    let upload = dataset?.upload;
    const busy = () => !TERMINAL.has(current.status) || (upload && upload.status === "processing");
    while (current && busy()) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      current = await api.get(`/api/datasets/${current.id}`);
      if (current.latest_upload && current.latest_upload.id === uploadId) upload = current.latest_upload;
      const p = current.progress || {};
      if (p.rows_parsed) this.setBar(this.rowsRow, Number(p.rows_stored || 0), Number(p.rows_parsed), integer);
    }
    this.finished(current, upload);
  }

  finished(dataset, upload) {
    bus.emit("datasets:changed");
    const failed = dataset.status !== "ready" || (upload && upload.status === "failed");
    if (!failed) {
      const stored = Number(upload ? upload.records_stored : dataset.row_count);
      const read = Number(upload ? upload.rows_read : stored);
      const total = Number(dataset.row_count || 0);
      this.setBar(this.rowsRow, stored, stored, integer);
      replace(this.status, h("div", { class: "alert alert--ok", role: "status" },
        `${dataset.name}: ${integer(read)} ${read === 1 ? "row" : "rows"} read, ${integer(stored)} ${stored === 1 ? "record" : "records"} stored`,
        total !== stored ? ` (the dataset now holds ${integer(total)}).` : ".",
        upload?.error_count ? ` ${integer(upload.error_count)} rows were skipped (see the report below).` : ""));
    } else {
      const reason = (upload && upload.status_reason) || dataset.status_reason || "see the report below";
      replace(this.status, h("div", { class: "alert alert--error", role: "alert" }, `${dataset.name} failed: ${reason}.`));
    }
    if (Number(upload ? upload.error_count : dataset.error_count) > 0) this.report.load(dataset.id);
  }

  failed(error) {
    if (this.datasetId) this.report.load(this.datasetId);
    replace(this.status, errorState(error, "The file was not stored"));
  }

  destroy() {
    this.mapping.reset();
    this.offProgress();
  }
}
