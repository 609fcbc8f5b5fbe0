// A multi-select with search: a button opening a panel of labelled checkboxes.

import { h, nextId, replace } from "../dom.js";

export class MultiSelect {
  /** options: [{value, label}]; onChange(values) after each toggle. */
  constructor({ label, allText, options = [], onChange, searchable = false }) {
    this.label = label;
    this.allText = allText;
    this.onChange = onChange;
    this.selected = new Set();
    this.options = options;
    const id = nextId("multi");
    this.labelEl = h("span", { class: "field__label", id: `${id}-label` }, label);
    this.summary = h("span", { class: "multi__summary" }, allText);
    this.button = h("button", {
      type: "button", class: "btn multi__button", "aria-expanded": "false", "aria-controls": `${id}-panel`,
      "aria-labelledby": `${id}-label ${id}-button`, id: `${id}-button`,
      onclick: () => this.toggle(),
    }, this.summary, h("span", { "aria-hidden": "true" }, "▾"));
    this.search = searchable
      ? h("input", { type: "search", placeholder: "Search…", "aria-label": `Search ${label.toLowerCase()}`, oninput: () => this.renderList() })
      : null;
    this.list = h("ul", { class: "multi__list", "aria-label": label });
    this.panel = h("div", { class: "multi__panel", id: `${id}-panel`, hidden: true },
      this.search, this.list,
      h("div", { class: "multi__tools" },
        h("button", { type: "button", class: "link-btn", onclick: () => this.setAll(true) }, "Select shown"),
        h("button", { type: "button", class: "link-btn", onclick: () => this.setAll(false) }, "Clear")));
    this.el = h("div", { class: "field multi" }, this.labelEl, this.button, this.panel);
    // Escape closes an open panel wherever the focus is (a re-rendered list may have taken it).
    this.escape = (event) => {
      if (event.key === "Escape" && !this.panel.hidden) {
        this.close();
        this.button.focus();
      }
    };
    document.addEventListener("keydown", this.escape);
    this.outside = (event) => !this.el.contains(event.target) && this.close();
    document.addEventListener("click", this.outside);
    this.renderList();
  }

  setOptions(options) {
    this.options = options;
    const known = new Set(options.map((o) => o.value));
    this.selected = new Set([...this.selected].filter((v) => known.has(v)));
    this.renderList();
  }

  get values() {
    return [...this.selected];
  }

  set values(values) {
    this.selected = new Set(values);
    this.renderList();
  }

  visible() {
    const term = this.search?.value.trim().toLowerCase() || "";
    return this.options.filter((o) => !term || o.label.toLowerCase().includes(term));
  }

  renderList() {
    const focused = this.list.contains(document.activeElement) ? document.activeElement.value : null;
    const items = this.visible().slice(0, 500).map((option) => {
      const id = nextId("opt");
      return h("li", {},
        h("label", { class: "check", for: id },
          h("input", { type: "checkbox", id, value: option.value, checked: this.selected.has(option.value),
            onchange: (event) => this.pick(option.value, event.target.checked) }),
          option.label));
    });
    replace(this.list, items.length ? items : h("li", { class: "muted small" }, "No matches"));
    if (focused !== null) [...this.list.querySelectorAll("input")].find((input) => input.value === focused)?.focus();
    const count = this.selected.size;
    this.summary.textContent = count === 0 ? this.allText
      : count === 1 ? this.options.find((o) => this.selected.has(o.value))?.label || "1 selected"
      : `${count} selected`;
    this.button.title = count > 1
      ? this.options.filter((o) => this.selected.has(o.value)).map((o) => o.label).join(", ")
      : this.summary.textContent; // the whole name when the button cuts it short
  }

  pick(value, on) {
    if (on) this.selected.add(value);
    else this.selected.delete(value);
    this.renderList();
    this.onChange?.(this.values);
  }

  setAll(on) {
    for (const option of this.visible()) {
      if (on) this.selected.add(option.value);
      else this.selected.delete(option.value);
    }
    this.renderList();
    this.onChange?.(this.values);
  }

  toggle() {
    if (this.panel.hidden) this.open();
    else this.close();
  }

  open() {
    this.panel.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    (this.search || this.list.querySelector("input"))?.focus();
  }

  close() {
    this.panel.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
  }

  destroy() {
    document.removeEventListener("click", this.outside);
    document.removeEventListener("keydown", this.escape);
  }
}
