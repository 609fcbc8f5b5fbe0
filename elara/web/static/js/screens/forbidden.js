// Shown when a signed-in user opens a screen their role does not include.

import { h, pageHead } from "../dom.js";

export function render(root) {
  root.append(
    pageHead("Not available", "Your role does not include this screen."),
    h("p", {}, h("a", { href: "#/dashboard" }, "Back to the dashboard")),
  );
}
