// Visible text runs and controls past the viewport's edges (see test_layout.py).
// Text is measured by its own box, so text spilling out of its element counts.
(() => {
  const width = document.documentElement.clientWidth;
  const seen = (el) => {
    if (el.closest("[hidden], .visually-hidden, .skip-link, dialog:not([open])")) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && style.display !== "none";
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string"
    ? "." + el.className.trim().split(/\s+/).join(".") : ""}`;
  const out = (r) => r.width > 1 && r.height > 1 && (r.right > width + 0.5 || r.left < -0.5);
  const problems = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement || !seen(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (out(r)) problems.push(`text "${node.textContent.trim().slice(0, 40)}" in ${name(node.parentElement)} ends at ${Math.round(r.right)}`);
  }
  for (const el of document.querySelectorAll("input, select, textarea, button, a, canvas, img")) {
    if (!seen(el)) continue;
    const r = el.getBoundingClientRect();
    const label = (el.textContent || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 30);
    if (out(r)) problems.push(`${name(el)} "${label}" spans ${Math.round(r.left)}-${Math.round(r.right)}`);
    // A control must also stay inside the content box of the card that holds it (a date box sticking out of its
    // card is a broken layout even when the viewport still has room).
    const card = el.closest(".card");
    if (card && r.width > 1) {
      const style = getComputedStyle(card);
      const inner = card.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
      if (r.right > inner + 0.5) problems.push(`${name(el)} "${label}" sticks out of its card (${Math.round(r.right)} > ${Math.round(inner)})`);
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, width, problems: problems.slice(0, 12) };
})
