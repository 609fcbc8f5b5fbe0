// Chart.js from the npm registry (served under /vendor), loaded once on demand, themed from CSS.

let loader = null;

/** Load Chart.js; rejects with a clear message when the vendor files are missing. */
export function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loader) {
    loader = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/vendor/chart.js/chart.umd.min.js";
      script.onload = () => (window.Chart ? resolve(window.Chart) : reject(new Error("Chart.js did not load")));
      script.onerror = () => {
        loader = null;
        reject(new Error("the chart library is not installed on the server (run `npm ci`)"));
      };
      document.head.append(script);
    });
  }
  return loader;
}

const PALETTE_LIGHT = ["#3b5bdb", "#0ca678", "#f08c00", "#e03131", "#7048e8", "#1098ad", "#d6336c", "#5c940d", "#868e96", "#ae3ec9", "#2b8a3e", "#364fc7"];
const PALETTE_DARK = ["#7b93ff", "#38d9a9", "#ffc078", "#ff8787", "#b197fc", "#66d9e8", "#f783ac", "#a9e34b", "#ced4da", "#e599f7", "#8ce99a", "#91a7ff"];

/** Colours for charts from the active theme. */
export function chartTheme() {
  const style = getComputedStyle(document.documentElement);
  const dark = style.getPropertyValue("color-scheme").trim() === "dark";
  return {
    text: style.getPropertyValue("--text-muted").trim() || "#4e5a70",
    grid: style.getPropertyValue("--border").trim() || "#d5dbe6",
    surface: style.getPropertyValue("--surface").trim() || "#ffffff",
    palette: dark ? PALETTE_DARK : PALETTE_LIGHT,
  };
}
