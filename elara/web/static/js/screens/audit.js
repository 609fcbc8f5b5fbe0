// Audit (admin): a filterable trail with before/after of each change, the chain verification
// status and the compliance report export.

import { Latest, api, isAbort } from "../api.js";
import { badge, download, errorState, field, h, loading, pageHead, replace } from "../dom.js";
import { dateTime } from "../format.js";
import { DataTable, Pager } from "../widgets/data_table.js";

const PAGE_SIZE = 25;

// Families of actions, as the API matches them by prefix ("auth." = every sign-in event).
const CATEGORIES = [
  ["", "Any action"],
  ["auth.", "Sign-ins and sessions"],
  ["user.", "User administration"],
  ["profile.", "Profile changes"],
  ["dataset.", "Data uploads and deletions"],
  ["records.", "Exports"],
  ["view.", "Saved views"],
  ["assistant.", "Assistant questions"],
  ["settings.", "Settings"],
  ["security.", "Refused access"],
  ["audit.", "Audit reports and checks"],
  ["admin.", "Administration"],
];
const ENTITIES = [["", "Anything"], ["user", "Users"], ["dataset", "Datasets"], ["session", "Sessions"],
  ["view", "Saved views"], ["audit_report", "Audit reports"]];

function changesText(entry) {
  return entry.changes ? JSON.stringify(entry.changes, null, 2) : "No recorded changes.";
}

/** A stored value in plain words: lists joined, yes/no, "all companies" for an empty allow-list. */
function readable(value, key = "") {
  if (value === undefined) return "–";
  if (value === null) return "(not set)";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) {
    if (!value.length) return key === "allowed_companies" ? "all companies" : "none";
    return value.map((v) => readable(v)).join(", ");
  }
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k.replaceAll("_", " ")}: ${readable(v, k)}`).join("; ");
  return String(value);
}

/** Before/after rows from {field: {before, after}} or {before: {...}, after: {...}}. */
function changeRows(changes) {
  if (!changes || typeof changes !== "object") return [];
  const show = (v, key) => readable(v, key);
  if (changes.before || changes.after) {
    const keys = new Set([...Object.keys(changes.before || {}), ...Object.keys(changes.after || {})]);
    return [...keys].map((key) => ({ field: key.replaceAll("_", " "), before: show(changes.before?.[key], key), after: show(changes.after?.[key], key) }));
  }
  return Object.entries(changes).map(([key, value]) =>
    value && typeof value === "object" && ("before" in value || "after" in value)
      ? { field: key.replaceAll("_", " "), before: show(value.before, key), after: show(value.after, key) }
      : { field: key.replaceAll("_", " "), before: "–", after: show(value, key) });
}

class AuditScreen {
  constructor(root) {
    this.page = 1;
    this.latest = new Latest();
    this.people = h("datalist", { id: "audit-people" });
    this.userLookup = new Latest();
    this.user = h("input", { type: "text", name: "user_email", placeholder: "Type a name or email", autocomplete: "off",
      list: "audit-people", oninput: () => this.suggestPeople() });
    this.category = h("select", { name: "category" }, CATEGORIES.map(([value, text]) => h("option", { value }, text)));
    this.action = h("input", { type: "text", name: "action", placeholder: "e.g. user.up", autocomplete: "off" });
    this.entity = h("select", { name: "entity_type" }, ENTITIES.map(([value, text]) => h("option", { value }, text)));
    this.from = h("input", { type: "date", name: "from" });
    this.to = h("input", { type: "date", name: "to" });
    this.chain = h("div", { "aria-live": "polite" }, loading("Verifying the chain…"));
    this.detail = h("div");
    this.reportFormat = h("select", { name: "format" }, h("option", { value: "csv" }, "CSV"), h("option", { value: "pdf" }, "PDF"));
    this.reportStatus = h("div", { "aria-live": "polite" });
    this.table = new DataTable({
      caption: "Audit trail, newest first",
      emptyText: "No entries match these filters.",
      columns: [
        { key: "created_at", label: "When", render: (e) => dateTime(e.created_at) },
        { key: "user", label: "User", render: (e) => e.actor_email || (e.user_id ? `#${e.user_id}` : "system") },
        { key: "action", label: "Action", render: (e) => h("code", {}, e.action) },
        { key: "entity", label: "Entity", render: (e) => [e.entity_type, e.entity_id].filter(Boolean).join(" #") || "–" },
        { key: "ip", label: "IP", render: (e) => e.ip || "–" },
        { key: "outcome", label: "Outcome", render: (e) => (e.outcome ? badge(e.outcome, e.outcome === "success" ? "ok" : e.outcome) : "–") },
        { key: "changes", label: "Details", render: (e) => h("button", { type: "button", class: "btn btn--small", onclick: () => this.show(e.id) }, "Before/after", h("span", { class: "visually-hidden" }, ` of entry ${e.id}`)) },
      ],
    });
    this.pager = new Pager((page) => this.load(page));
    const filterForm = h("form", { class: "filters", "aria-label": "Audit filters" },
      field("User", this.user), this.people, field("Kind of action", this.category),
      field("Action starts with", this.action), field("About", this.entity), field("From", this.from), field("To", this.to),
      h("div", { class: "filters__actions" }, h("button", { type: "submit", class: "btn btn--primary" }, "Filter")));
    filterForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.load(1);
    });
    root.append(
      pageHead("Audit trail", "Every change and sign-in, chained by hash so tampering shows."),
      h("div", { class: "stack" },
        h("div", { class: "two-col" },
          h("section", { class: "card", "aria-label": "Chain status" }, h("h2", {}, "Chain verification"), this.chain,
            h("button", { type: "button", class: "btn btn--small", onclick: () => this.verify() }, "Verify again")),
          h("section", { class: "card", "aria-label": "Compliance report" }, h("h2", {}, "Compliance report"),
            h("p", { class: "small muted" }, "Activity by user, sign-ins and failures, exports, permission and data changes for the dates of the filter below (the last 30 days when empty)."),
            h("div", { class: "actions" }, field("Format", this.reportFormat),
              h("button", { type: "button", class: "btn", onclick: () => this.report() }, "Download report")), this.reportStatus)),
        h("section", { class: "card", "aria-label": "Entries" }, filterForm, this.detail, this.table.el, this.pager.el)),
    );
    this.verify();
    this.load(1);
  }

  /** Type-ahead of users' emails from what is typed so far. */
  suggestPeople() {
    clearTimeout(this.peopleTimer);
    const text = this.user.value.trim();
    if (text.length < 2) return;
    this.peopleTimer = setTimeout(async () => {
      try {
        const body = await this.userLookup.run((signal) => api.get("/api/users", { q: text, page_size: 10 }, signal));
        replace(this.people, (body.items || []).map((u) => h("option", { value: u.email }, u.full_name || u.email)));
      } catch {
        /* suggestions are a convenience: typing the whole email still works */
      }
    }, 200);
  }

  query(page) {
    const typed = this.action.value.trim();
    return {
      user_email: this.user.value.trim(), action: typed ? `${typed}*` : this.category.value,
      entity_type: this.entity.value,
      from: this.from.value ? `${this.from.value}T00:00:00` : "", to: this.to.value ? `${this.to.value}T23:59:59` : "",
      page, page_size: PAGE_SIZE,
    };
  }

  async load(page) {
    this.table.showLoading("Loading the trail…");
    try {
      const body = await this.latest.run((signal) => api.get("/api/audit", this.query(page), signal));
      this.page = page;
      this.table.setRows(body.items || []);
      this.pager.update({ page, pageSize: PAGE_SIZE, total: body.total, hasNext: body.total === undefined ? Boolean(body.next) : undefined });
    } catch (error) {
      if (isAbort(error)) return;
      this.table.showError(error, "The audit trail is unavailable");
    }
  }

  async show(id) {
    replace(this.detail, loading("Loading the entry…"));
    let entry;
    try {
      entry = await api.get(`/api/audit/${id}`);
    } catch (error) {
      replace(this.detail, errorState(error, "The entry is unavailable"));
      return;
    }
    const rows = changeRows(entry.changes);
    const table = new DataTable({ caption: "Before and after", emptyText: "No recorded changes.", rowKey: "field",
      columns: [{ key: "field", label: "Field" }, { key: "before", label: "Before" }, { key: "after", label: "After" }] });
    table.setRows(rows);
    replace(this.detail, h("div", { class: "card", "aria-label": `Audit entry ${entry.id}` },
      h("div", { class: "card__head" }, h("h3", {}, `Entry ${entry.id}: ${entry.action}`),
        h("button", { type: "button", class: "btn btn--small", onclick: () => replace(this.detail) }, "Close")),
      rows.length ? table.el : h("pre", { class: "cell-pre" }, changesText(entry)),
      h("p", { class: "small muted" }, `Correlation id: ${entry.correlation_id || "–"} · Hash ${String(entry.entry_hash || "").slice(0, 16)}… · ${entry.user_agent || ""}`)));
  }

  async verify() {
    replace(this.chain, loading("Verifying the chain…"));
    try {
      const body = await api.get("/api/audit/verify");
      const problems = body.problems || [];
      replace(this.chain, h("p", {}, body.ok ? badge("intact", "ok") : badge("broken"), " ",
        body.ok ? `${body.entries} entries verified.` : `${problems.length} problem(s) found.`),
      problems.length ? h("ul", { class: "small" }, problems.slice(0, 20).map((p) => h("li", {}, `Entry ${p.entry_id ?? "?"}: ${p.problem}`))) : null);
    } catch (error) {
      replace(this.chain, errorState(error, "The chain could not be verified"));
    }
  }

  async report() {
    replace(this.reportStatus, loading("Preparing the report…"));
    try {
      const format = this.reportFormat.value;
      const today = new Date();
      const monthAgo = new Date(today.getTime() - 30 * 86400000);
      const from = this.from.value || monthAgo.toISOString().slice(0, 10);
      const to = this.to.value || today.toISOString().slice(0, 10);
      const { blob, filename } = await api.blob("/api/audit/report", { from, to, format });
      download(blob, filename || `elara-compliance.${format}`);
      replace(this.reportStatus);
    } catch (error) {
      replace(this.reportStatus, errorState(error, "The report failed"));
    }
  }
}

export function render(root) {
  new AuditScreen(root);
}
