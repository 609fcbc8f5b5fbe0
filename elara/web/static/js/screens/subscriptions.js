// Subscriptions and alerts: the saved views one has subscribed people to, the threshold alerts,
// and for each one "Send now" / "Test", pause or resume, change and delete. Items are cards, so
// the screen reads on a phone as well as on a desktop.

import { api, isAbort } from "../api.js";
import { confirmDialog, errorState, h, loading, pageHead, replace, toast } from "../dom.js";
import { dateTime } from "../format.js";
import { COMPARISONS, METRICS, PERIODS, alertDialog, subscribeDialog } from "../widgets/subscription_dialogs.js";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function when(sub) {
  const at = `at ${sub.time} (${sub.timezone})`;
  if (sub.frequency === "daily") return `Every day ${at}`;
  if (sub.frequency === "weekly") return `Every ${WEEKDAYS[sub.weekday ?? 0]} ${at}`;
  return `Monthly on day ${sub.month_day ?? 1} ${at}`;
}

function rule(alert) {
  const unit = alert.comparison.endsWith("_pct") || alert.metric.endsWith("margin") ? " %" : "";
  return `${METRICS[alert.metric] || alert.metric} ${COMPARISONS[alert.comparison] || alert.comparison} ${alert.threshold}${unit}, ${PERIODS[alert.period] || alert.period}`;
}

function item(title, lines, actions) {
  return h("li", { class: "sub-item" },
    h("div", { class: "sub-item__text" }, h("h3", {}, title), lines.filter(Boolean).map((l) => h("p", { class: "small muted" }, l))),
    h("div", { class: "actions" }, actions));
}

function button(text, onclick, kind = "") {
  return h("button", { type: "button", class: `btn btn--small ${kind}`.trim(), onclick }, text);
}

class SubscriptionsScreen {
  constructor(root) {
    this.subs = h("div", { "aria-live": "polite" }, loading());
    this.alerts = h("div", { "aria-live": "polite" }, loading());
    root.append(
      pageHead("Subscriptions and alerts", "Saved views emailed on a schedule, and alerts on their figures. Create them from a saved view on the dashboard (Subscribe…, Alert…)."),
      h("div", { class: "stack" },
        h("section", { class: "card", "aria-label": "Subscriptions" }, h("div", { class: "card__head" }, h("h2", {}, "Subscriptions")), this.subs),
        h("section", { class: "card", "aria-label": "Alerts" }, h("div", { class: "card__head" }, h("h2", {}, "Alerts")), this.alerts)),
    );
    this.load();
  }

  async load() {
    await Promise.all([this.loadSubs(), this.loadAlerts()]);
  }

  async loadSubs() {
    try {
      const subs = await api.get("/api/subscriptions");
      replace(this.subs, subs.length
        ? h("ul", { class: "sub-list" }, subs.map((s) => this.subItem(s)))
        : h("p", { class: "muted" }, "No subscriptions yet. Choose a saved view on the dashboard and press Subscribe…"));
    } catch (error) {
      if (!isAbort(error)) replace(this.subs, errorState(error, "Subscriptions could not be loaded"));
    }
  }

  async loadAlerts() {
    try {
      const alerts = await api.get("/api/alerts");
      replace(this.alerts, alerts.length
        ? h("ul", { class: "sub-list" }, alerts.map((a) => this.alertItem(a)))
        : h("p", { class: "muted" }, "No alerts yet. Choose a saved view on the dashboard and press Alert…"));
    } catch (error) {
      if (!isAbort(error)) replace(this.alerts, errorState(error, "Alerts could not be loaded"));
    }
  }

  subItem(sub) {
    const view = { id: sub.view_id, name: sub.view_name };
    return item(sub.view_name, [
      `${when(sub)}${sub.enabled ? "" : " · paused"}`,
      `To: ${sub.recipients.join(", ")}`,
      sub.mine ? null : `Owner: ${sub.owner}`,
      sub.enabled && sub.next_run_at ? `Next: ${dateTime(sub.next_run_at)}` : null,
      sub.last_run_at ? `Last sent ${dateTime(sub.last_run_at)}: ${sub.last_status || ""}` : null,
    ], [
      button("Send now", () => this.act(() => api.post(`/api/subscriptions/${sub.id}/send`), `“${sub.view_name}” is being sent`)),
      button("Change", async () => (await subscribeDialog(view, sub)) && this.loadSubs()),
      button(sub.enabled ? "Pause" : "Resume", () => this.act(() => api.patch(`/api/subscriptions/${sub.id}`, { enabled: !sub.enabled }), sub.enabled ? "Paused" : "Resumed")),
      button("Delete", async () => (await confirmDialog(`Delete the subscription to “${sub.view_name}”?`, "Delete")) &&
        this.act(() => api.delete(`/api/subscriptions/${sub.id}`), "Subscription deleted"), "btn--danger"),
    ]);
  }

  alertItem(alert) {
    const view = { id: alert.view_id, name: alert.view_name || alert.name };
    return item(alert.name, [
      `${rule(alert)}${alert.enabled ? "" : " · paused"}`,
      alert.view_name ? `On the view “${alert.view_name}”` : "On its own filters",
      `To: ${alert.recipients.join(", ")}`,
      alert.last_checked_at ? `Last checked ${dateTime(alert.last_checked_at)}` : null,
    ], [
      button("Test", () => this.test(alert)),
      button("Change", async () => (await alertDialog(view, alert)) && this.loadAlerts()),
      button(alert.enabled ? "Pause" : "Resume", () => this.act(() => api.patch(`/api/alerts/${alert.id}`, { enabled: !alert.enabled }), alert.enabled ? "Paused" : "Resumed")),
      button("Delete", async () => (await confirmDialog(`Delete the alert “${alert.name}”?`, "Delete")) &&
        this.act(() => api.delete(`/api/alerts/${alert.id}`), "Alert deleted"), "btn--danger"),
    ]);
  }

  async test(alert) {
    try {
      const result = await api.post(`/api/alerts/${alert.id}/test`);
      if (result.note) toast(result.note);
      else toast(`${result.breached ? "Breached" : "Not breached"} (${result.readings.map((r) => r.value ?? "n/a").join(", ")}). ${result.emailed ? "A test email was sent to you." : ""}`);
    } catch (error) {
      toast(`The alert could not be tested: ${error.message}`, "error");
    }
  }

  async act(call, message) {
    try {
      await call();
      toast(message);
      await this.load();
    } catch (error) {
      toast(`That did not work: ${error.message}`, "error");
    }
  }
}

export function render(root) {
  new SubscriptionsScreen(root);
  return null;
}
