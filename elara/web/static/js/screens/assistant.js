// The assistant: a chat panel (question -> answer, what it computed, a small chart and a link
// that opens the same filters in the dashboard), or the embedded Q Business web experience.

import { api } from "../api.js";
import { errorState, field, h, loading, pageHead, replace } from "../dom.js";
import { ChartCard } from "../widgets/chart_card.js";

const SUGGESTIONS = [
  "Revenue of ACME in 2024",
  "Net income last quarter",
  "Top 5 companies by net income",
  "Compare COGS of ACME and GLOBEX by month",
];

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
    datasets: filters.dataset_id ?? filters.datasets, from: filters.from ?? filters.date_from, to: filters.to ?? filters.date_to };
  for (const [key, v] of Object.entries(map)) if (v && join(v)) params.set(key, join(v));
  return `#/dashboard?${params}`;
}

class Chat {
  constructor(root) {
    this.conversation = null;
    this.charts = [];
    this.log = h("div", { class: "chat__log", role: "log", "aria-label": "Conversation", "aria-live": "polite" },
      h("div", { class: "msg msg--bot" }, "Ask about your numbers: totals, comparisons, rankings, growth and shares.",
        h("div", { class: "suggestions" }, SUGGESTIONS.map((q) => h("button", { type: "button", class: "btn btn--small", onclick: () => this.ask(q) }, q)))));
    this.input = h("input", { type: "text", name: "question", autocomplete: "off", maxlength: 500, placeholder: "e.g. revenue of ACME in 2024" });
    this.send = h("button", { type: "submit", class: "btn btn--primary" }, "Ask");
    const form = h("form", { class: "chat__form", "aria-label": "Ask the assistant" }, field("Your question", this.input), this.send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (this.input.value.trim()) this.ask(this.input.value.trim());
    });
    root.append(h("section", { class: "card chat" }, this.log, form));
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
    const parts = [h("p", {}, answer.answer ?? answer.text ?? answer.message ?? "")];
    const computed = answer.computed ?? answer.explanation ?? answer.query;
    if (computed) parts.push(h("p", { class: "msg__meta" }, typeof computed === "string" ? computed : JSON.stringify(computed)));
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
