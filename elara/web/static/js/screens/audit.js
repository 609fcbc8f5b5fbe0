// Audit (admin): a filterable trail with before/after of each change, the chain verification
// status and the compliance report export.

import { api } from "../api.js";
import { badge, download, errorState, field, h, loading, pageHead, replace } from "../dom.js";
import { dateTime } from "../format.js";
import { DataTable, Pager } from "../widgets/data_table.js";

const PAGE_SIZE = 25;

function changesText(entry) {
  const changes = entry.changes ?? (entry.before || entry.after ? { before: entry.before, after: entry.after } : null);
  return changes ? JSON.stringify(changes, null, 2) : "";
}

class AuditScreen {
  constructor(root) {
    this.page = 1;
    this.user = h("input", { type: "text", name: "user", placeholder: "User id or email", autocomplete: "off" });
    this.action = h("input", { type: "text", name: "action", placeholder: "e.g. user.updated", autocomplete: "off" });
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
        { key: "user", label: "User", render: (e) => e.user_email || e.actor_email || (e.user_id ? `#${e.user_id}` : "system") },
        { key: "action", label: "Action", render: (e) => h("code", {}, e.action) },
        { key: "entity", label: "Entity", render: (e) => [e.entity_type, e.entity_id].filter(Boolean).join(" #") || "–" },
        { key: "ip", label: "IP", render: (e) => e.ip || "–" },
        { key: "changes", label: "Changes", render: (e) => (changesText(e) ? h("button", { type: "button", class: "btn btn--small", onclick: () => this.show(e) }, "Before/after", h("span", { class: "visually-hidden" }, ` of entry ${e.id}`)) : "–") },
      ],
    });
    this.pager = new Pager((page) => this.load(page));
    const filterForm = h("form", { class: "filters", "aria-label": "Audit filters" },
      field("User", this.user), field("Action", this.action), field("From", this.from), field("To", this.to),
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
            h("p", { class: "small muted" }, "Activity by user, sign-ins and failures, exports, permission and data changes for the dates above."),
            h("div", { class: "actions" }, field("Format", this.reportFormat),
              h("button", { type: "button", class: "btn", onclick: () => this.report() }, "Download report")), this.reportStatus)),
        h("section", { class: "card", "aria-label": "Entries" }, filterForm, this.detail, this.table.el, this.pager.el)),
    );
    this.verify();
    this.load(1);
  }

  query(page) {
    const who = this.user.value.trim();
    return {
      user_id: /^\d+$/.test(who) ? who : undefined, user: /^\d+$/.test(who) ? undefined : who,
      action: this.action.value.trim(), from: this.from.value, to: this.to.value, page, page_size: PAGE_SIZE,
    };
  }

  async load(page) {
    this.table.showLoading("Loading the trail…");
    try {
      const body = await api.get("/api/audit", this.query(page));
      this.page = page;
      this.table.setRows(body.items || []);
      this.pager.update({ page, pageSize: PAGE_SIZE, total: body.total, hasNext: body.total === undefined ? Boolean(body.next) : undefined });
    } catch (error) {
      this.table.showError(error, "The audit trail is unavailable");
    }
  }

  show(entry) {
    replace(this.detail, h("div", { class: "card" },
      h("div", { class: "card__head" }, h("h3", {}, `Entry ${entry.id}: ${entry.action}`),
        h("button", { type: "button", class: "btn btn--small", onclick: () => replace(this.detail) }, "Close")),
      h("pre", { class: "cell-pre" }, changesText(entry)),
      h("p", { class: "small muted" }, `Correlation id: ${entry.correlation_id || "–"} · ${entry.user_agent || ""}`)));
  }

  async verify() {
    replace(this.chain, loading("Verifying the chain…"));
    try {
      const body = await api.get("/api/audit/verify");
      const intact = body.ok ?? body.valid ?? body.intact ?? body.status === "ok";
      replace(this.chain, h("p", {}, intact ? badge("intact", "ok") : badge("broken"), " ",
        body.message || (intact ? `${body.checked ?? body.entries ?? ""} entries verified.` : `First bad entry: ${body.first_bad_id ?? body.broken_at ?? "?"}`)));
    } catch (error) {
      replace(this.chain, errorState(error, "The chain could not be verified"));
    }
  }

  async report() {
    replace(this.reportStatus, loading("Preparing the report…"));
    try {
      const format = this.reportFormat.value;
      const { blob, filename } = await api.blob("/api/audit/report", { from: this.from.value, to: this.to.value, format });
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
