// A card holding one Chart.js chart, with loading/empty/error states and a PNG download.

import { bus } from "../bus.js";
import { chartTheme, loadChart } from "../charts.js";
import { download, empty, errorState, h, loading, replace } from "../dom.js";
import { compact } from "../format.js";

export class ChartCard {
  /**
   * type: line | bar | doughnut. onPick({index, datasetIndex, label, series}) makes points,
   * bars and slices clickable (drill-through).
   */
  constructor({ title, type, filename, span = "span-6", short = false, extraTools = [], onPick = null }) {
    this.onPick = onPick;
    this.type = type;
    this.title = title;
    this.filename = filename;
    this.chart = null;
    this.data = null;
    this.canvas = h("canvas", { role: "img", "aria-label": `${title} chart` });
    this.overlay = h("div");
    this.box = h("div", { class: `chart-box${short ? " chart-box--short" : ""}` }, this.canvas, this.overlay);
    this.note = h("p", { class: "chart-note small muted", hidden: true });
    if (onPick) this.canvas.classList.add("drillable");
    this.pngButton = h("button", { type: "button", class: "btn btn--small", onclick: () => this.downloadPng(), disabled: true },
      "PNG", h("span", { class: "visually-hidden" }, ` of ${title}`));
    this.el = h(
      "section",
      { class: `card ${span}`, "aria-label": title },
      h("div", { class: "card__head" }, h("h2", {}, title), h("div", { class: "actions" }, extraTools, this.pngButton)),
      this.box,
      this.note,
    );
    this.offTheme = bus.on("theme", () => this.data && this.draw(this.data));
  }

  /** A loading state over the card; an older chart stays visible beneath it, dimmed. */
  showLoading() {
    const state = loading(this.chart ? "Updating…" : "Loading chart…");
    if (this.chart) state.classList.add("state--over");
    replace(this.overlay, state);
    this.el.setAttribute("aria-busy", "true");
  }

  showError(error) {
    this.el.removeAttribute("aria-busy");
    this.destroyChart();
    replace(this.overlay, errorState(error, `${this.title} is unavailable`));
    this.pngButton.disabled = true;
  }

  /** data: {labels: [...], datasets: [{label, data: [numbers]}]} */
  async draw(data) {
    this.data = data;
    this.el.removeAttribute("aria-busy");
    const hasData = data.labels.length > 0 && data.datasets.some((set) => set.data.length > 0);
    if (!hasData) {
      this.destroyChart();
      replace(this.overlay, empty("No data for these filters."));
      this.pngButton.disabled = true;
      return;
    }
    let Chart;
    try {
      Chart = await loadChart();
    } catch (error) {
      this.showError(error);
      return;
    }
    replace(this.overlay);
    this.destroyChart();
    this.chart = new Chart(this.canvas, this.config(data));
    this.canvas.setAttribute("aria-label", this.describe(data));
    this.pngButton.disabled = false;
  }

  /** A line under the chart (e.g. what the chart leaves out); empty hides it. */
  setNote(text) {
    this.note.textContent = text || "";
    this.note.hidden = !text;
  }

  describe(data) {
    const names = data.datasets.map((set) => set.label).filter(Boolean).join(", ");
    return `${this.title}: ${data.labels.length} points${names ? ` for ${names}` : ""}.`;
  }

  config(data) {
    const theme = chartTheme();
    const round = this.type === "doughnut";
    const datasets = data.datasets.map((set, index) => {
      const color = theme.palette[index % theme.palette.length];
      if (round || this.type === "bar" && data.datasets.length === 1) {
        const colors = data.labels.map((_, i) => theme.palette[i % theme.palette.length]);
        return { ...set, backgroundColor: colors, borderColor: round ? theme.surface : colors, borderWidth: round ? 2 : 0 };
      }
      // Past a few hundred points markers only blur the line.
      const pointRadius = data.labels.length > 200 ? 0 : 2;
      return { ...set, borderColor: color, backgroundColor: `${color}33`, tension: 0.25, pointRadius, pointHitRadius: 6, borderWidth: 2, fill: false };
    });
    const scales = round ? {} : {
      x: { ticks: { color: theme.text, maxRotation: 0, autoSkip: true, autoSkipPadding: 12, maxTicksLimit: 12 }, grid: { color: theme.grid } },
      y: { ticks: { color: theme.text, callback: (value) => compact(value) }, grid: { color: theme.grid } },
    };
    return {
      type: this.type,
      data: { labels: data.labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        onClick: this.onPick ? (event, elements) => this.picked(elements, data) : undefined,
        indexAxis: this.type === "bar" ? "y" : "x",
        scales: this.type === "bar" ? { x: scales.y, y: { ...scales.x, ticks: { color: theme.text } } } : scales,
        plugins: {
          legend: { display: round || data.datasets.length > 1, position: round ? "right" : "bottom", labels: { color: theme.text, boxWidth: 12 } },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label || ctx.label}: ${Number(ctx.raw).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` } },
        },
      },
    };
  }

  picked(elements, data) {
    const hit = elements?.[0];
    if (!hit) return;
    this.onPick({ index: hit.index, datasetIndex: hit.datasetIndex, label: data.labels[hit.index],
      series: data.datasets[hit.datasetIndex]?.label });
  }

  downloadPng() {
    if (!this.chart) return;
    download(this.chart.toBase64Image("image/png", 1), `${this.filename}.png`);
  }

  destroyChart() {
    this.chart?.destroy();
    this.chart = null;
  }

  destroy() {
    this.destroyChart();
    this.offTheme();
  }
}
