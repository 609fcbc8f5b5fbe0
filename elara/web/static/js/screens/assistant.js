// The assistant: a chat panel (question -> answer with its scope, period, metric definition and
// figures, a small chart and a link that opens the same filters in the dashboard), or the
// embedded Q Business web experience. The conversation lives on the server; its id is kept in
// sessionStorage so a reload shows the same conversation and follow-ups keep working.

import { api } from "../api.js";
import { errorState, field, h, loading, pageHead, replace } from "../dom.js";
import { ChartCard } from "../widgets/chart_card.js";

const SUGGESTIONS = [
  "Revenue last quarter",
  "Top 3 companies by gross profit last year",
  "Which companies made a loss last year?",
  "Net margin by quarter this year",
];
const STORE_KEY = "elara.assistant.conversation";

function storedConversation() {
  try {
    return window.sessionStorage.getItem(STORE_KEY);
  } catch {
    return null;
  }
}

function storeConversation(id) {
  try {
    if (id) window.sessionStorage.setItem(STORE_KEY, id);
    else window.sessionStorage.removeItem(STORE_KEY);
  } catch {
    // storage disabled: the conversation simply does not survive a reload
  }
}

/** Chart data from the answer: {type, labels, datasets:[{label,data}]} or {labels, series}. */
function chartData(chart) {
  if (!chart) return null;
  const labels = chart.labels || (chart.points || []).map((p) => p.label ?? p.period);
  const sets = chart.datasets || chart.series || [];
  const datasets = sets.length
    ? sets.map((s) => ({ label: s.label ?? s.name ?? "", data: (s.data || s.values || (s.points || []).map((p) => p.amount ?? p.value)).map(Number) }))
    : [{ label: chart.label || "", data: (chart.points || chart.values || []).map((p) => Number(typeof p === "object" ? p.amount ?? p.value : p)) }];
  return labels?.length ? { type: chart.type || "bar", labels, datasets } : null;
}

/** "#/dashboard?companies=…" from the filters the answer used. */
function dashboardLink(filters) {
  if (!filters || !Object.keys(filters).length) return null;
  const join = (v) => (Array.isArray(v) ? v.join(",") : v);
  const params = new URLSearchParams();
  const map = { companies: filters.company ?? filters.companies, accounts: filters.account ?? filters.accounts,
    categories: filters.category ?? filters.categories,
    datasets: filters.dataset_id ?? filters.datasets, from: filters.from ?? filters.date_from, to: filters.to ?? filters.date_to,
    scenario: filters.scenario && filters.scenario !== "actual" ? filters.scenario : null };
  for (const [key, v] of Object.entries(map)) if (v && join(v)) params.set(key, join(v));
  // "Region=West" filters of the answer become the dashboard's dimension pickers.
  const dims = {};
  for (const pair of [filters.dim ?? []].flat()) {
    const at = String(pair).indexOf("=");
    if (at > 0) (dims[pair.slice(0, at)] ??= []).push(pair.slice(at + 1));
  }
  if (Object.keys(dims).length) params.set("dims", JSON.stringify(dims));
  return `#/dashboard?${params}`;
}

class Chat {
  constructor(root) {
    this.conversation = null;
    this.charts = [];
    this.log = h("div", { class: "chat__log", role: "log", "aria-label": "Conversation", "aria-live": "polite" });
    this.greet();
    this.input = h("input", { type: "text", name: "question", autocomplete: "off", maxlength: 500, placeholder: "e.g. gross margin by company last year" });
    this.send = h("button", { type: "submit", class: "btn btn--primary" }, "Ask");
    const form = h("form", { class: "chat__form", "aria-label": "Ask the assistant" }, field("Your question", this.input), this.send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (this.input.value.trim()) this.ask(this.input.value.trim());
    });
    const restart = h("button", { type: "button", class: "btn btn--small", onclick: () => this.restart() }, "New conversation");
    root.append(h("section", { class: "card chat" }, this.log, form, h("p", {}, restart)));
    this.restore(storedConversation());
  }

  greet() {
    this.log.append(h("div", { class: "msg msg--bot" },
      "Ask about your numbers: revenue, gross profit, EBITDA, margins, rankings, changes, shares. Follow-ups such as \u201cand the year before?\u201d keep the same company and metric.",
      h("div", { class: "suggestions" }, SUGGESTIONS.map((q) => h("button", { type: "button", class: "btn btn--small", onclick: () => this.ask(q) }, q)))));
  }

  /** Show a stored conversation again (after a reload); forget it when it has expired. */
  async restore(id) {
    if (!id) return;
    try {
      const stored = await api.get(`/api/qbusiness/conversations/${encodeURIComponent(id)}`);
      this.conversation = stored.conversation_id;
      for (const turn of stored.turns) {
        this.log.append(h("div", { class: "msg msg--user" }, turn.question ?? ""));
        this.log.append(h("div", { class: "msg msg--bot", "data-kind": turn.kind ?? "" }, ...this.answer(turn)));
      }
      this.log.scrollTop = this.log.scrollHeight;
    } catch {
      storeConversation(null);
    }
  }

  restart() {
    if (this.conversation) api.delete(`/api/qbusiness/conversations/${encodeURIComponent(this.conversation)}`).catch(() => {});
    this.conversation = null;
    storeConversation(null);
    this.destroy();
    this.charts = [];
    this.log.replaceChildren();
    this.greet();
    this.input.focus();
  }

  async ask(question) {
    this.input.value = "";
    this.log.append(h("div", { class: "msg msg--user" }, question));
    const waiting = h("div", { class: "msg msg--bot" }, loading("Thinking…"));
    this.log.append(waiting);
    this.send.disabled = true;
    try {
      const answer = await api.post("/api/qbusiness/chat", { question, conversation_id: this.conversation || undefined });
      this.conversation = answer.conversation_id || this.conversation;
      storeConversation(this.conversation);
      waiting.dataset.kind = answer.kind ?? "";
      replace(waiting, ...this.answer(answer));
    } catch (error) {
      replace(waiting, errorState(error, "No answer"));
    } finally {
      this.send.disabled = false;
      this.log.scrollTop = this.log.scrollHeight;
      this.input.focus();
    }
  }

  answer(answer) {
    // First line: what was computed; lines starting with a bullet are the figures.
    const lines = String(answer.answer ?? answer.text ?? answer.message ?? "").split("\n");
    const bullets = lines.filter((line) => line.startsWith("\u2022 "));
    const parts = [h("p", {}, lines.filter((line) => !line.startsWith("\u2022 ")).join(" "))];
    if (bullets.length) parts.push(h("ul", { class: "msg__figures" }, bullets.map((line) => h("li", {}, line.slice(2)))));
    if (answer.scope || answer.periods?.length || answer.metric) {
      const meta = [];
      if (answer.scope) meta.push(h("div", {}, `Scope: ${answer.scope.label}`));
      if (answer.periods?.length) meta.push(h("div", {}, `Period: ${answer.periods.map((p) => `${p.label} (${p.date_from} to ${p.date_to})`).join(" vs ")}`));
      if (answer.metric) meta.push(h("div", {}, `Metric: ${answer.metric.definition}`));
      parts.push(h("div", { class: "msg__meta" }, meta));
    } else if (answer.computed) {
      parts.push(h("p", { class: "msg__meta" }, answer.computed));
    }
    if (answer.candidates?.length) {
      parts.push(h("div", { class: "suggestions" }, answer.candidates.map((c) => h("button", { type: "button", class: "btn btn--small", onclick: () => this.ask(c.name) }, c.name === c.code ? c.code : `${c.name} (${c.code})`))));
    }
    const data = chartData(answer.chart);
    if (data) {
      const card = new ChartCard({ title: "Answer chart", type: data.type === "line" ? "line" : "bar", filename: "elara-answer", span: "span-12", short: true });
      this.charts.push(card);
      card.draw(data);
      parts.push(card.el);
    }
    const link = dashboardLink(answer.filters);
    if (link) parts.push(h("p", {}, h("a", { href: link, class: "btn btn--small" }, "Open in dashboard")));
    if (answer.suggestions?.length) {
      parts.push(h("div", { class: "suggestions" }, answer.suggestions.map((q) => h("button", { type: "button", class: "btn btn--small", onclick: () => this.ask(q) }, q))));
    }
    return parts;
  }

  destroy() {
    for (const card of this.charts) card.destroy();
  }
}

export function render(root) {
  root.append(pageHead("Assistant", "Questions about your own data, answered from the numbers you may see."));
  const box = h("div", {}, loading("Starting the assistant…"));
  root.append(box);
  let chat = null;
  api.get("/api/qbusiness/config").then((config) => {
    box.remove();
    if (config?.embed_url) {
      root.append(h("iframe", { class: "embed", src: config.embed_url, title: "Amazon Q Business assistant" }));
    } else {
      chat = new Chat(root);
    }
  }).catch((error) => replace(box, errorState(error, "The assistant is not available")));
  return () => chat?.destroy();
}
