// "Subscribe…" and "Alert…" dialogs of a saved view: email the view on a schedule, or email
// when one of its KPIs crosses a threshold. Each recipient receives only what their own access
// shows them; the API refuses recipients who may not see the view.

import { api } from "../api.js";
import { append, errorState, field, h, replace } from "../dom.js";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const METRICS = {
  revenue: "Revenue",
  expenses: "Expenses",
  net_income: "Net income",
  gross_profit: "Gross profit",
  operating_income: "Operating income",
  margin: "Net margin (%)",
  gross_margin: "Gross margin (%)",
  record_count: "Number of records",
};
export const COMPARISONS = {
  below: "is below",
  above: "is above",
  drop_pct: "falls by more than (%) vs the previous period",
  rise_pct: "rises by more than (%) vs the previous period",
};
export const PERIODS = {
  month: "in the latest month with data",
  quarter: "in the latest quarter with data",
  year: "in the latest year with data",
  view: "over the view's whole period",
};

function select(name, options, value) {
  return h("select", { name },
    Object.entries(options).map(([key, label]) => h("option", { value: key, selected: key === String(value) }, label)));
}

function localZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

function zones() {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}

function recipientsField(list) {
  const input = h("input", { type: "text", name: "recipients", autocomplete: "off",
    value: (list && list.length ? list : [api.user?.email || ""]).join(", ") });
  return {
    el: field("Recipients", input, "Elara users' email addresses, separated by commas. Each sees only their own data."),
    value: () => input.value.split(/[,;\s]+/).map((e) => e.trim()).filter(Boolean),
  };
}

/** A dialog whose form stays open, with the error inside it, until the API accepts it. */
function apiDialog(title, body, submitLabel, submit) {
  return new Promise((resolve) => {
    const status = h("div", { "aria-live": "polite" });
    const form = h("form", { method: "dialog", class: "form", "aria-label": title });
    const dialog = h("dialog", { "aria-label": title, class: "sub-dialog" }, form);
    const done = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    append(form, [h("h2", {}, title), body, status,
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "btn btn--primary" }, submitLabel),
        h("button", { type: "button", class: "btn", onclick: () => done(null) }, "Cancel"))]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        done(await submit());
      } catch (error) {
        replace(status, errorState(error, "Not saved"));
      }
    });
    dialog.addEventListener("cancel", () => done(null));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Subscribe to a view (or change a subscription: `existing`). Resolves with it, or null. */
export function subscribeDialog(view, existing = null) {
  const s = existing || { frequency: "weekly", weekday: 0, month_day: 1, time: "07:00", timezone: localZone() };
  const frequency = select("frequency", { daily: "Daily", weekly: "Weekly", monthly: "Monthly" }, s.frequency);
  const weekday = select("weekday", Object.fromEntries(WEEKDAYS.map((d, i) => [i, d])), s.weekday ?? 0);
  const monthDay = h("input", { type: "number", name: "month_day", min: 1, max: 31, value: s.month_day ?? 1 });
  const time = h("input", { type: "time", name: "time", required: true, value: s.time });
  const zone = h("input", { type: "text", name: "timezone", required: true, list: "elara-zones", value: s.timezone });
  const list = h("datalist", { id: "elara-zones" }, zones().map((z) => h("option", { value: z })));
  const recipients = recipientsField(existing?.recipients);
  const weekdayField = field("Day of the week", weekday);
  const monthDayField = field("Day of the month", monthDay, "31 means the last day of each month.");
  const sync = () => {
    weekdayField.hidden = frequency.value !== "weekly";
    monthDayField.hidden = frequency.value !== "monthly";
  };
  frequency.addEventListener("change", sync);
  sync();
  const body = [
    h("p", { class: "small muted" }, `“${view.name}” as a PDF summary with charts and an XLSX of the records.`),
    h("div", { class: "form-row" }, field("How often", frequency), weekdayField, monthDayField),
    h("div", { class: "form-row" }, field("At", time), field("Time zone", zone)), list,
    recipients.el,
  ];
  const payload = () => ({
    frequency: frequency.value,
    time: time.value.slice(0, 5),
    timezone: zone.value.trim(),
    weekday: frequency.value === "weekly" ? Number(weekday.value) : null,
    month_day: frequency.value === "monthly" ? Number(monthDay.value) : null,
    recipients: recipients.value(),
  });
  const title = existing ? "Change the subscription" : `Subscribe to “${view.name}”`;
  return apiDialog(title, body, existing ? "Save" : "Subscribe", () =>
    existing
      ? api.patch(`/api/subscriptions/${existing.id}`, payload())
      : api.post("/api/subscriptions", { view_id: view.id, ...payload() }));
}

/** An alert on a view (or change one: `existing`). Resolves with it, or null. */
export function alertDialog(view, existing = null) {
  const a = existing || { name: `${view.name}: net margin`, metric: "margin", comparison: "below", threshold: "5", period: "month" };
  const name = h("input", { type: "text", name: "alert-name", required: true, maxlength: 120, value: a.name });
  const metric = select("metric", METRICS, a.metric);
  const comparison = select("comparison", COMPARISONS, a.comparison);
  const threshold = h("input", { type: "text", name: "threshold", inputmode: "decimal", required: true, value: a.threshold });
  const period = select("period", PERIODS, a.period);
  const recipients = recipientsField(existing?.recipients);
  const body = [
    h("p", { class: "small muted" }, "Checked when data changes and every hour; one email per breach, the next only after it has cleared."),
    field("Name", name),
    h("div", { class: "form-row" }, field("When", metric), field("Condition", comparison)),
    h("div", { class: "form-row" }, field("Threshold", threshold), field("Period", period)),
    recipients.el,
  ];
  const payload = () => ({
    name: name.value.trim(),
    metric: metric.value,
    comparison: comparison.value,
    threshold: threshold.value.trim().replace(",", "."),
    period: period.value,
    recipients: recipients.value(),
  });
  const title = existing ? "Change the alert" : `Alert on “${view.name}”`;
  return apiDialog(title, body, existing ? "Save" : "Create alert", () =>
    existing
      ? api.patch(`/api/alerts/${existing.id}`, payload())
      : api.post("/api/alerts", { view_id: view.id, ...payload() }));
}
