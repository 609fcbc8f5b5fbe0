// Health (admin): the /health report as a page, refreshed every 15 seconds.

import { api } from "../api.js";
import { badge, errorState, h, loading, pageHead, replace } from "../dom.js";

function value(v) {
  if (v === null || v === undefined) return "–";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function uptime(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} seconds`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 86400)} days`;
}

function checkCard(name, check) {
  const status = typeof check === "object" && check ? check.status || "" : String(check);
  const rows = typeof check === "object" && check
    ? Object.entries(check).filter(([key]) => key !== "status").flatMap(([key, v]) => [h("dt", {}, key.replaceAll("_", " ")), h("dd", {}, value(v))])
    : [];
  return h("section", { class: "card", "aria-label": `${name} check` },
    h("div", { class: "card__head" }, h("h2", {}, name), status ? badge(status) : null),
    rows.length ? h("dl", { class: "kv" }, rows) : null);
}

async function load(box) {
  try {
    // A 503 still carries the report: show it rather than a bare error.
    const response = await fetch("/health", { headers: api.headers() });
    const body = await response.json().catch(() => null);
    if (!body?.checks) throw new Error(body?.error?.message || `HTTP ${response.status}`);
    const checks = Object.entries(body.checks || {});
    replace(box,
      h("section", { class: "card" },
        h("div", { class: "card__head" }, h("h2", {}, "Overall"), badge(body.status)),
        h("dl", { class: "kv" }, h("dt", {}, "Version"), h("dd", {}, value(body.version)),
          h("dt", {}, "Uptime"), h("dd", {}, uptime(Number(body.uptime_seconds || 0))))),
      h("div", { class: "grid grid--kpi" }, checks.map(([name, check]) => checkCard(name, check))));
  } catch (error) {
    replace(box, errorState(error, "The health report is unavailable"));
  }
}

export function render(root) {
  const box = h("div", { class: "stack" }, loading("Checking…"));
  root.append(pageHead("Health", "Database, services, disk, memory and response times."), box);
  load(box);
  const timer = setInterval(() => load(box), 15000);
  return () => clearInterval(timer);
}
