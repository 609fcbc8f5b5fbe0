// The user form (admin): create or edit a user's name, role, allowed companies and status.

import { errorState, field, h, replace } from "../dom.js";

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
    this.companies = h("input", { type: "text", name: "allowed_companies", autocomplete: "off", value: (user?.allowed_companies || []).join(", ") });
    this.active = h("input", { type: "checkbox", name: "is_active", checked: user ? user.is_active : true, id: `active-${user?.id || "new"}` });
    this.status = h("div", { "aria-live": "polite" });
    this.submit = h("button", { type: "submit", class: "btn btn--primary" }, user ? "Save changes" : "Create user");
    this.el = h("form", { class: "form", "aria-label": user ? `Edit ${user.email}` : "New user" },
      h("h2", {}, user ? `Edit ${user.full_name || user.email}` : "New user"),
      h("div", { class: "form-row" }, field("Email", this.email), field("Full name", this.fullName)),
      h("div", { class: "form-row" }, field("Role", this.role),
        field("Allowed companies", this.companies, "Company codes separated by commas; empty means all companies.")),
      user ? h("label", { class: "check", for: this.active.id }, this.active, "Active (can sign in)") : null,
      this.status,
      h("div", { class: "actions" }, this.submit,
        h("button", { type: "button", class: "btn", onclick: () => onCancel?.() }, "Cancel")));
    this.el.addEventListener("submit", async (event) => {
      event.preventDefault();
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
  }

  payload() {
    const companies = this.companies.value.split(",").map((c) => c.trim()).filter(Boolean);
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
