// The user form (admin): create or edit a user's name, role, allowed companies and status.

import { api } from "../api.js";
import { errorState, field, h, nextId, replace } from "../dom.js";

const ROLES = [
  ["viewer", "Viewer: looks at dashboards"],
  ["analyst", "Analyst: uploads and explores"],
  ["admin", "Admin: runs the system and its users"],
];

export class UserForm {
  /** user: null to create; onSubmit(payload) returns a promise; onCancel(). */
  constructor({ user = null, onSubmit, onCancel }) {
    this.user = user;
    this.email = h("input", { type: "email", name: "email", required: true, autocomplete: "off", value: user?.email || "", disabled: Boolean(user) });
    this.fullName = h("input", { type: "text", name: "full_name", maxlength: 200, autocomplete: "off", value: user?.full_name || "" });
    this.role = h("select", { name: "role" }, ROLES.map(([value, text]) => h("option", { value, selected: (user?.role || "viewer") === value }, text)));
    this.known = [];
    this.suggestions = h("datalist", { id: nextId("companies") });
    this.companies = h("input", { type: "text", name: "allowed_companies", autocomplete: "off", list: this.suggestions.id,
      value: (user?.allowed_companies || []).join(", "), oninput: () => this.suggest() });
    this.companiesNote = h("p", { class: "field-error", role: "alert", hidden: true });
    this.active = h("input", { type: "checkbox", name: "is_active", checked: user ? user.is_active : true, id: `active-${user?.id || "new"}` });
    this.status = h("div", { "aria-live": "polite" });
    this.submit = h("button", { type: "submit", class: "btn btn--primary" }, user ? "Save changes" : "Create user");
    this.el = h("form", { class: "form", "aria-label": user ? `Edit ${user.email}` : "New user" },
      h("h2", {}, user ? `Edit ${user.full_name || user.email}` : "New user"),
      h("div", { class: "form-row" }, field("Email", this.email), field("Full name", this.fullName)),
      h("div", { class: "form-row" }, field("Role", this.role),
        h("div", {}, field("Allowed companies", this.companies, "Start typing a company code; separate codes with commas. Empty means all companies."),
          this.suggestions, this.companiesNote)),
      user ? h("label", { class: "check", for: this.active.id }, this.active, "Active (can sign in)") : null,
      this.status,
      h("div", { class: "actions" }, this.submit,
        h("button", { type: "button", class: "btn", onclick: () => onCancel?.() }, "Cancel")));
    this.el.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!this.checkCompanies()) return;
      this.submit.disabled = true;
      replace(this.status);
      try {
        await onSubmit(this.payload());
      } catch (error) {
        replace(this.status, errorState(error, user ? "Not saved" : "Not created"));
        this.markInvalid(error);
      } finally {
        this.submit.disabled = false;
      }
    });
    this.loadCompanies();
  }

  /** The company codes Elara holds data for, for the type-ahead and the check. */
  async loadCompanies() {
    try {
      const body = await api.get("/api/dashboard/filters");
      this.known = (body.companies || []).map((c) => (typeof c === "object" ? c.id ?? c.name : c)).map(String);
      this.suggest();
    } catch {
      this.known = []; // no list: the codes are taken as typed
    }
  }

  codes() {
    return this.companies.value.split(",").map((c) => c.trim()).filter(Boolean);
  }

  /** Complete the code being typed (after the last comma) from the known ones. */
  suggest() {
    const text = this.companies.value;
    const cut = text.lastIndexOf(",");
    const before = cut >= 0 ? `${text.slice(0, cut + 1)} ` : "";
    const typed = text.slice(cut + 1).trim().toUpperCase();
    const chosen = new Set(this.codes());
    const options = this.known.filter((code) => !chosen.has(code) && code.toUpperCase().startsWith(typed)).slice(0, 50);
    replace(this.suggestions, options.map((code) => h("option", { value: `${before}${code}` })));
    if (!this.companiesNote.hidden) this.checkCompanies();
  }

  /** Codes that match no company's data are refused here, said in plain words. */
  checkCompanies() {
    const unknown = this.known.length ? this.codes().filter((code) => !this.known.includes(code)) : [];
    this.companiesNote.hidden = !unknown.length;
    this.companiesNote.textContent = unknown.length
      ? `${unknown.join(", ")} ${unknown.length === 1 ? "is not a company" : "are not companies"} in Elara's data. Check the spelling or pick from the suggestions.`
      : "";
    this.companies.setAttribute("aria-invalid", String(unknown.length > 0));
    return !unknown.length;
  }

  payload() {
    const companies = this.codes();
    const body = { full_name: this.fullName.value.trim(), role: this.role.value, allowed_companies: companies };
    if (this.user) body.is_active = this.active.checked;
    else body.email = this.email.value.trim();
    return body;
  }

  markInvalid(error) {
    const fields = new Set((Array.isArray(error.details) ? error.details : []).map((d) => d.field || d.loc?.at(-1)));
    for (const [name, input] of [["email", this.email], ["full_name", this.fullName], ["allowed_companies", this.companies]]) {
      input.setAttribute("aria-invalid", String(fields.has(name)));
    }
  }

  focus() {
    (this.user ? this.fullName : this.email).focus();
  }
}
