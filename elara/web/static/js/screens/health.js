// Health (admin): the /health report as a page, refreshed every 15 seconds.

import { api } from "../api.js";
import { badge, errorState, h, loading, pageHead, replace } from "../dom.js";
import { dateTime } from "../format.js";

// Health checks and their fields in plain words (the API's keys are for machines).
const NAMES = {
  database: "Database", upload_service: "Upload service", database_service: "Database service",
  disk: "Disk space", memory: "Memory", backups: "Backups",
};
const FIELDS = {
  backend: "Engine", round_trip_ms: "Response time", http_status: "HTTP status", free_mb: "Free space",
  rss_mb: "In use", path: "Folder", error: "Error",
};
const STATUS = { up: "up", ok: "ok", down: "down", low: "low", high: "high", none: "no backups", stale: "out of date" };

/** A field's name in words; the alert threshold reads the way it triggers. */
function fieldName(check, key) {
  if (key === "threshold_mb") return check === "memory" ? "Alert above" : "Alert below";
  return FIELDS[key] || key.replaceAll("_", " ");
}

function value(key, v) {
  if (v === null || v === undefined) return "–";
  if (key.endsWith("_ms")) return `${Number(v).toLocaleString(undefined, { maximumFractionDigits: 1 })} ms`;
  if (key.endsWith("_mb")) return Number(v) >= 1024 ? `${(Number(v) / 1024).toFixed(1)} GB` : `${Math.round(Number(v))} MB`;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function uptime(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} seconds`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 86400)} days`;
}

function age(hours) {
  return hours < 1 ? "less than an hour ago" : hours < 48 ? `${Math.round(hours)} hours ago` : `${Math.round(hours / 24)} days ago`;
}

/** The backups card: the newest archive of each kind and how old it is. */
function backupRows(check) {
  const latest = Object.entries(check.latest || {});
  if (!latest.length) return [h("dt", {}, "Last backup"), h("dd", {}, "None yet. Run “elara backup” or turn on the backup schedule.")];
  return latest.flatMap(([kind, item]) => [h("dt", {}, `Last ${kind.replaceAll("+", " and ")} backup`),
    h("dd", {}, `${dateTime(item.at)} (${age(Number(item.age_hours))})`)]);
}

function milliseconds(ms, above) {
  const text = Number(ms) >= 1000 ? `${(Number(ms) / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`
    : `${Number(ms).toLocaleString(undefined, { maximumFractionDigits: 0 })} ms`;
  return above ? `over ${text}` : text;
}

/** Median and 95th percentile per area of the app, from the request metrics since start. */
function timesCard(rows) {
  const columns = [["Area", "area"], ["Requests", "requests"], ["Median", "p50"], ["95th percentile", "p95"]];
  const cell = (row, key) => key === "area" ? row.area
    : key === "requests" ? Number(row.requests).toLocaleString() : milliseconds(row[`${key}_ms`], row[`${key}_above`]);
  const body = rows.map((row) => h("tr", {}, columns.map(([label, key]) =>
    h("td", { class: key === "area" ? null : "num", "data-label": label }, cell(row, key)))));
  return h("section", { class: "card", "aria-label": "Response times" },
    h("div", { class: "card__head" }, h("h2", {}, "Response times")),
    h("p", { class: "muted small" }, "Since Elara started: half of the requests were answered within the median, 95 in 100 within the 95th percentile."),
    rows.length
      ? h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, columns.map(([label, key]) => h("th", { scope: "col", class: key === "area" ? null : "num" }, label)))),
        h("tbody", {}, body)))
      : h("p", {}, "No requests measured yet."));
}

function checkCard(name, check) {
  const status = typeof check === "object" && check ? check.status || "" : String(check);
  const title = NAMES[name] || name.replaceAll("_", " ");
  let rows = [];
  if (name === "backups" && typeof check === "object") rows = backupRows(check);
  else if (typeof check === "object" && check) {
    rows = Object.entries(check).filter(([key]) => key !== "status")
      .flatMap(([key, v]) => [h("dt", {}, fieldName(name, key)), h("dd", {}, value(key, v))]);
  }
  return h("section", { class: "card", "aria-label": `${title} check` },
    h("div", { class: "card__head" }, h("h2", {}, title), status ? badge(STATUS[status] || status, status) : null),
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
        h("dl", { class: "kv" }, h("dt", {}, "Version"), h("dd", {}, value("version", body.version)),
          h("dt", {}, "Uptime"), h("dd", {}, uptime(Number(body.uptime_seconds || 0))))),
      h("div", { class: "grid grid--kpi" }, checks.map(([name, check]) => checkCard(name, check))),
      body.response_times ? timesCard(body.response_times) : null);
  } catch (error) {
    replace(box, errorState(error, "The health report is unavailable"));
  }
}

export function render(root) {
  const box = h("div", { class: "stack" }, loading("Checking…"));
  root.append(pageHead("Health", "Database and services with their response times, disk space, memory and backups."), box);
  load(box);
  const timer = setInterval(() => load(box), 15000);
  return () => clearInterval(timer);
}
