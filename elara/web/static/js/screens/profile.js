// Profile: one's name and email, password change, and signed-in devices with revoke.

import { api } from "../api.js";
import { badge, errorState, field, h, pageHead, replace, toast } from "../dom.js";
import { dateTime } from "../format.js";
import { DataTable } from "../widgets/data_table.js";

function ok(text) {
  return h("div", { class: "alert alert--ok", role: "status" }, text);
}

function detailsForm() {
  const user = api.user || {};
  const name = h("input", { type: "text", name: "full_name", maxlength: 200, autocomplete: "name", value: user.full_name || "" });
  const email = h("input", { type: "email", name: "email", autocomplete: "email", value: user.email || "" });
  const current = h("input", { type: "password", name: "current_password", autocomplete: "current-password" });
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "form", "aria-label": "Your details" },
    h("h2", {}, "Your details"), field("Full name", name), field("Email", email),
    field("Current password", current, "Needed only to change your email."), status,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn btn--primary" }, "Save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { full_name: name.value.trim() };
    if (email.value.trim().toLowerCase() !== (api.user?.email || "")) {
      body.email = email.value.trim();
      body.current_password = current.value;
    }
    try {
      const updated = await api.patch("/api/profile", body);
      api.setSession({ access_token: api.token, user: updated });
      current.value = "";
      replace(status, ok("Saved."));
    } catch (error) {
      replace(status, errorState(error, "Not saved"));
    }
  });
  return form;
}

function passwordForm() {
  const current = h("input", { type: "password", name: "current_password", autocomplete: "current-password", required: true });
  const next = h("input", { type: "password", name: "new_password", autocomplete: "new-password", required: true });
  const again = h("input", { type: "password", name: "confirm_password", autocomplete: "new-password", required: true });
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "form", "aria-label": "Change password" },
    h("h2", {}, "Password"), field("Current password", current),
    field("New password", next, "At least 12 characters; not a common password."), field("Repeat new password", again), status,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn btn--primary" }, "Change password")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (next.value !== again.value) {
      replace(status, errorState({ message: "The two new passwords differ." }, "Not changed"));
      return;
    }
    try {
      const payload = await api.post("/api/profile/password", { current_password: current.value, new_password: next.value });
      api.setSession(payload);
      form.reset();
      replace(status, ok("Password changed. Your other devices were signed out."));
    } catch (error) {
      replace(status, errorState(error, "Not changed"));
    }
  });
  return form;
}

class Sessions {
  constructor() {
    this.table = new DataTable({
      caption: "Devices signed in to your account",
      emptyText: "No active sessions.",
      columns: [
        { key: "user_agent", label: "Device", render: (s) => h("span", {}, s.user_agent || "Unknown device", s.current ? [" ", badge("this device", "ok")] : null) },
        { key: "ip", label: "IP address", render: (s) => s.ip || "–" },
        { key: "created_at", label: "Signed in", render: (s) => dateTime(s.created_at) },
        { key: "last_used_at", label: "Last used", render: (s) => dateTime(s.last_used_at) },
        { key: "actions", label: "Actions", render: (s) => (s.current ? "–" : h("button", { type: "button", class: "btn btn--small btn--danger", onclick: () => this.revoke(s) }, "Sign out", h("span", { class: "visually-hidden" }, ` session ${s.id}`))) },
      ],
    });
    this.el = h("section", { class: "card", "aria-label": "Sessions" }, h("h2", {}, "Sessions"), this.table.el);
    this.load();
  }

  async load() {
    this.table.showLoading("Loading sessions…");
    try {
      this.table.setRows(await api.get("/api/profile/sessions"));
    } catch (error) {
      this.table.showError(error, "Sessions are unavailable");
    }
  }

  async revoke(session) {
    try {
      await api.delete(`/api/profile/sessions/${session.id}`);
      toast("Session signed out");
      this.load();
    } catch (error) {
      this.table.showError(error, "The session was not signed out");
    }
  }
}

export function render(root) {
  const user = api.user || {};
  const notice = user.must_change_password
    ? h("p", { class: "notice", role: "alert" }, "Your password was set by an administrator: choose your own to continue.")
    : null;
  root.append(
    pageHead("Profile", `Signed in as ${user.email} · ${user.role}`),
    ...(notice ? [notice] : []),
    h("div", { class: "stack" },
      h("div", { class: "two-col" }, h("section", { class: "card" }, detailsForm()), h("section", { class: "card" }, passwordForm())),
      new Sessions().el),
  );
}
