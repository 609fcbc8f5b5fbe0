// DOM building without innerHTML: every piece of data goes in through textContent or attributes.

/**
 * Create an element: h("button", {class: "btn", onclick: fn}, "Save").
 * Attribute values and children are always treated as text, never as markup.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key in el && typeof value !== "string") {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children (strings become text nodes; arrays are flattened; null is skipped). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uid = 0;
/** A unique id for label/aria wiring. */
export function nextId(prefix = "el") {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: a <label> bound to the given control. */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId("f");
  const hintEl = hint ? h("span", { class: "field__hint", id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl);
}

export function loading(text = "Loading…") {
  return h("div", { class: "state state--loading", role: "status" }, text);
}

export function empty(text) {
  return h("div", { class: "state state--empty" }, text);
}

/** An error state that says what failed and carries the correlation id for support. */
export function errorState(error, what = "This could not be loaded") {
  const detail = error?.correlationId ? `Reference: ${error.correlationId}` : null;
  return h(
    "div",
    { class: "state state--error", role: "alert" },
    `${what}: ${error?.message || String(error)}`,
    detail ? h("span", { class: "state__detail" }, detail) : null,
  );
}

export function badge(text, kind = text) {
  return h("span", { class: `badge badge--${String(kind).toLowerCase()}` }, text);
}

/** A page heading block with optional subtitle and actions. */
export function pageHead(title, subtitle, ...actions) {
  return h(
    "div",
    { class: "page-head" },
    h("div", {}, h("h1", {}, title), subtitle ? h("p", { class: "page-head__sub" }, subtitle) : null),
    actions.length ? h("div", { class: "actions" }, actions) : null,
  );
}

/** A small confirmation dialog; resolves true when confirmed. */
export function confirmDialog(message, confirmLabel = "Confirm") {
  return new Promise((resolve) => {
    const dialog = h("dialog", { "aria-label": "Please confirm" });
    const done = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    append(dialog, [
      h("p", {}, message),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "btn btn--danger", onclick: () => done(true) }, confirmLabel),
        h("button", { type: "button", class: "btn", onclick: () => done(false) }, "Cancel"),
      ),
    ]);
    dialog.addEventListener("cancel", () => done(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A short message in the corner. */
export function toast(message, kind = "info") {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = h("div", { class: `toast toast--${kind}` }, message);
  box.append(item);
  setTimeout(() => item.remove(), 5000);
}

/** Trigger a browser download of a Blob or a data: URL. */
export function download(source, filename) {
  const url = typeof source === "string" ? source : URL.createObjectURL(source);
  const link = h("a", { href: url, download: filename, class: "visually-hidden" });
  document.body.append(link);
  link.click();
  link.remove();
  if (typeof source !== "string") setTimeout(() => URL.revokeObjectURL(url), 10000);
}
