// Sign in: email and password; errors (wrong password, lock-out) are shown next to the form.

import { api } from "../api.js";
import { bus } from "../bus.js";
import { errorState, field, h, replace } from "../dom.js";

export function render(root) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", {
    type: "password", name: "password", autocomplete: "current-password", required: true,
  });
  const status = h("div", { "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "btn btn--primary" }, "Sign in");
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Sign in" },
    field("Email", email),
    field("Password", password),
    status,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!email.value || !password.value) {
      replace(status, errorState({ message: "Enter your email and password." }, "Cannot sign in"));
      return;
    }
    submit.disabled = true;
    replace(status);
    try {
      await api.login(email.value.trim(), password.value);
      bus.emit("signed-in");
    } catch (error) {
      replace(status, errorState(error, "Cannot sign in"));
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  root.append(
    h(
      "section",
      { class: "auth" },
      h(
        "div",
        { class: "card auth__card" },
        h("h1", {}, "Sign in to Elara"),
        h("p", { class: "muted small" }, "Financial dashboards for your team."),
        form,
        h("p", { class: "auth__links" }, h("a", { href: "#/reset" }, "Forgot your password?")),
      ),
    ),
  );
  email.focus();
}
