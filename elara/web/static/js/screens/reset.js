// Password reset: ask for a link by email, then choose a new password with the emailed token.

import { api } from "../api.js";
import { errorState, field, h, replace } from "../dom.js";

function card(title, intro, form) {
  return h(
    "section",
    { class: "auth" },
    h(
      "div",
      { class: "card auth__card" },
      h("h1", {}, title),
      h("p", { class: "muted small" }, intro),
      form,
      h("p", { class: "auth__links" }, h("a", { href: "#/login" }, "Back to sign in")),
    ),
  );
}

function requestForm() {
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
  const status = h("div", { "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "btn btn--primary" }, "Send reset link");
  const form = h("form", { class: "form", "aria-label": "Request a password reset" },
    field("Email", email), status, submit,
    h("p", { class: "small" }, h("a", { href: "#/reset?token=" }, "I already have a reset code")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const answer = await api.request("POST", "/api/auth/password-reset/request", {
        json: { email: email.value.trim() }, auth: false,
      });
      replace(status, h("div", { class: "alert alert--ok", role: "status" },
        answer?.message || "If that address has an account, a reset link is on its way."));
    } catch (error) {
      replace(status, errorState(error, "The request failed"));
    } finally {
      submit.disabled = false;
    }
  });
  return card("Forgot your password?", "Enter your email and we will send you a reset link.", form);
}

function confirmForm(token) {
  const code = h("input", { type: "text", name: "token", autocomplete: "off", required: true, value: token || "" });
  const password = h("input", { type: "password", name: "new_password", autocomplete: "new-password", required: true });
  const again = h("input", { type: "password", name: "confirm", autocomplete: "new-password", required: true });
  const status = h("div", { "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "btn btn--primary" }, "Set new password");
  const form = h("form", { class: "form", "aria-label": "Choose a new password" },
    token ? null : field("Reset code", code, "From the email we sent you."),
    field("New password", password, "At least 12 characters; not a common password."),
    field("Repeat the new password", again), status, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (password.value !== again.value) {
      replace(status, errorState({ message: "The two passwords differ." }, "Cannot reset"));
      return;
    }
    submit.disabled = true;
    try {
      await api.request("POST", "/api/auth/password-reset/confirm", {
        json: { token: code.value.trim(), new_password: password.value }, auth: false,
      });
      replace(status, h("div", { class: "alert alert--ok", role: "status" },
        "Your password is changed. ", h("a", { href: "#/login" }, "Sign in")));
    } catch (error) {
      replace(status, errorState(error, "Cannot reset"));
    } finally {
      submit.disabled = false;
    }
  });
  return card("Choose a new password", "Every other session will be signed out.", form);
}

export function render(root, { params }) {
  root.append("token" in params ? confirmForm(params.token) : requestForm());
}
