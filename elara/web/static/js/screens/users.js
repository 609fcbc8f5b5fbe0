// Users (admin): search, create, edit role and allowed companies, deactivate, reset password.

import { Latest, api, isAbort } from "../api.js";
import { badge, confirmDialog, errorState, h, pageHead, replace, toast } from "../dom.js";
import { dateTime } from "../format.js";
import { DataTable, Pager } from "../widgets/data_table.js";
import { UserForm } from "../widgets/user_form.js";

const PAGE_SIZE = 20;

class UsersScreen {
  constructor(root) {
    this.latest = new Latest();
    this.page = 1;
    this.search = h("input", { type: "search", name: "q", placeholder: "Name or email", oninput: () => this.debounced() });
    this.roleFilter = h("select", { name: "role", onchange: () => this.load(1) },
      h("option", { value: "" }, "All roles"), ["admin", "analyst", "viewer"].map((r) => h("option", { value: r }, r)));
    this.editor = h("div");
    this.notice = h("div", { "aria-live": "polite" });
    this.table = new DataTable({
      caption: "Users of this Elara",
      emptyText: "No users match.",
      columns: [
        { key: "full_name", label: "Name", render: (u) => u.full_name || "–" },
        { key: "email", label: "Email" },
        { key: "role", label: "Role", render: (u) => badge(u.role, u.role === "admin" ? "admin" : "role") },
        { key: "allowed_companies", label: "Companies", render: (u) => (u.allowed_companies?.length ? u.allowed_companies.join(", ") : "All") },
        { key: "is_active", label: "Status", render: (u) => (u.is_active ? badge("active") : badge("inactive")) },
        { key: "last_login_at", label: "Last sign-in", render: (u) => dateTime(u.last_login_at) },
        { key: "actions", label: "Actions", render: (u) => this.actions(u) },
      ],
    });
    this.pager = new Pager((page) => this.load(page));
    const newButton = h("button", { type: "button", class: "btn btn--primary", onclick: () => this.edit(null) }, "New user");
    root.append(
      pageHead("Users", "Who can sign in, with which role and which companies.", newButton),
      h("div", { class: "stack" }, this.notice, this.editor,
        h("section", { class: "card", "aria-label": "User list" },
          h("div", { class: "form-row" },
            h("div", { class: "field" }, h("label", { for: (this.search.id = "user-search") }, "Search"), this.search),
            h("div", { class: "field" }, h("label", { for: (this.roleFilter.id = "user-role") }, "Role"), this.roleFilter)),
          this.table.el, this.pager.el)),
    );
    this.load(1);
  }

  debounced() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(1), 250);
  }

  actions(user) {
    const who = h("span", { class: "visually-hidden" }, ` ${user.email}`);
    return h("div", { class: "actions" },
      h("button", { type: "button", class: "btn btn--small", onclick: () => this.edit(user) }, "Edit", who.cloneNode(true)),
      h("button", { type: "button", class: "btn btn--small", onclick: () => this.resetPassword(user) }, "Reset password", who.cloneNode(true)),
      user.is_active ? h("button", { type: "button", class: "btn btn--small btn--danger", onclick: () => this.deactivate(user) }, "Deactivate", who.cloneNode(true)) : null);
  }

  async load(page) {
    this.table.showLoading("Loading users…");
    try {
      const query = { q: this.search.value.trim(), role: this.roleFilter.value, page, page_size: PAGE_SIZE };
      const body = await this.latest.run((signal) => api.get("/api/users", query, signal));
      this.page = page;
      this.table.setRows(body.items);
      this.pager.update({ page, pageSize: PAGE_SIZE, total: body.total });
    } catch (error) {
      if (isAbort(error)) return;
      this.table.showError(error, "Users are unavailable");
    }
  }

  edit(user) {
    const form = new UserForm({
      user,
      onCancel: () => replace(this.editor),
      onSubmit: async (payload) => {
        const answer = user ? await api.patch(`/api/users/${user.id}`, payload) : await api.post("/api/users", payload);
        replace(this.editor);
        if (user) toast(`Saved ${user.email}`);
        else this.showPassword(answer.user, answer.temporary_password, "created");
        this.load(this.page);
      },
    });
    replace(this.editor, h("section", { class: "card" }, form.el));
    form.focus();
  }

  showPassword(user, password, what) {
    replace(this.notice, h("div", { class: "alert alert--ok", role: "status" },
      `${user.email} ${what}. `,
      password ? ["Temporary password (shown once): ", h("code", {}, password)] : ""));
  }

  async resetPassword(user) {
    if (!(await confirmDialog(`Reset the password of ${user.email}? Their sessions end.`, "Reset password"))) return;
    try {
      const answer = await api.post(`/api/users/${user.id}/reset-password`, {});
      this.showPassword(user, answer.temporary_password, "has a new password");
    } catch (error) {
      replace(this.notice, errorState(error, "The password was not reset"));
    }
  }

  async deactivate(user) {
    if (!(await confirmDialog(`Deactivate ${user.email}? They can no longer sign in; their history is kept.`, "Deactivate"))) return;
    try {
      await api.delete(`/api/users/${user.id}`);
      toast(`Deactivated ${user.email}`);
      this.load(this.page);
    } catch (error) {
      replace(this.notice, errorState(error, "The user was not deactivated"));
    }
  }
}

export function render(root) {
  new UsersScreen(root);
}
