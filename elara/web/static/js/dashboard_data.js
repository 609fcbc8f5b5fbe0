// Reading /api/dashboard/* and /api/records and turning the answers into what the widgets draw.
// Amounts arrive as exact decimal strings; they become numbers only for drawing.

import { api } from "./api.js";

/** Filter state -> query parameters shared by every dashboard endpoint. */
export function filterQuery(filters) {
  return {
    dataset_id: filters.datasets,
    company: filters.companies,
    account: filters.accounts,
    category: filters.categories,
    from: filters.from,
    to: filters.to,
    dim: Object.entries(filters.dimensions || {}).flatMap(([name, values]) => values.map((v) => `${name}=${v}`)),
    // Actual is the server's default: only another scenario is sent.
    scenario: filters.scenario && filters.scenario !== "actual" ? filters.scenario : undefined,
  };
}

/** Option lists [{value, label}] from strings or {id, name} objects. */
export function options(list) {
  return (list || []).map((item) =>
    typeof item === "object" && item !== null
      ? { value: String(item.id), label: item.name }
      : { value: String(item), label: String(item) },
  );
}

/** The filter options of one scenario's datasets (and the scenarios the user's datasets hold). */
export function getFilters(scenario) {
  return api.get("/api/dashboard/filters", { scenario: scenario && scenario !== "actual" ? scenario : undefined });
}

/** The answer's one currency block: the top level, else the first (largest) currency. */
function pick(body) {
  if (body.current || body.series || body.items) return { block: body, currency: body.converted_to || body.currency };
  const first = body.by_currency?.[0];
  return { block: first || {}, currency: first?.currency ?? null };
}

function currencyNote(body) {
  if (body.conversion_error) return body.conversion_error.message;
  if (body.converted_to) return `Converted to ${body.converted_to} at each record's date.`;
  const count = body.by_currency?.length || 0;
  if (count > 1 && !body.current && !body.series && !body.items) {
    return `These records hold ${count} currencies; showing ${body.by_currency[0].currency}. Filter by dataset or company for the others.`;
  }
  return null;
}

const SCENARIO_NAMES = { budget: "Budget", forecast: "Forecast", prior_year: "Prior-year" };

function scenarioNote(scenario) {
  return SCENARIO_NAMES[scenario] ? `${SCENARIO_NAMES[scenario]} figures, not actuals.` : null;
}

/** Summary as {current, previous, change, currency, note, period, budget}. */
export async function getSummary(filters, signal) {
  const body = await api.get("/api/dashboard/summary", filterQuery(filters), signal);
  const { block, currency } = pick(body);
  const blocks = body.by_currency && !body.current ? body.by_currency : [block];
  return {
    // Records of every currency together: what the records table pages through.
    total: blocks.reduce((sum, b) => sum + Number(b.current?.record_count || 0), 0),
    current: block.current || { record_count: 0 },
    previous: block.previous || {},
    change: block.change || {},
    currency,
    // Budget, forecast or prior-year figures say so beside the KPIs: never taken for actuals.
    note: [scenarioNote(body.scenario), currencyNote(body)].filter(Boolean).join(" ") || null,
    period: body.period,
    scenario: body.scenario || "actual",
    previousPeriod: body.previous_period,
    comparison: body.comparison || null,
    // The budget beside these actuals (same period and filters), in the shown currency.
    budget: (body.budget || []).find((b) => b.currency === currency) || null,
  };
}

/** A period without data is null: a gap in the chart, never a zero. */
function gap(value) {
  return value === null || value === undefined ? null : Number(value);
}

/** One value per series line: revenue for income lines, expenses for costs, else net. */
function lineValues(line) {
  const nonZero = (list) => list.some((v) => Number(v) !== 0);
  if (nonZero(line.revenue) && !nonZero(line.expenses)) return line.revenue;
  if (nonZero(line.expenses) && !nonZero(line.revenue)) return line.expenses;
  return line.net_income;
}

/** A period start (YYYY-MM-DD) as a label fitting the granularity: "Mar 2025", "Q1 2025". */
export function periodLabel(iso, granularity) {
  const [y, m, d] = String(iso).split("-").map(Number);
  if (!y || !m) return String(iso);
  const date = new Date(y, m - 1, d || 1);
  if (granularity === "year") return String(y);
  if (granularity === "quarter") return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
  if (granularity === "month") return date.toLocaleDateString(undefined, { month: "short", year: "numeric" });
  return date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** Time series as {labels, datasets: [{label, data}], currency}. groupBy "" = totals. */
export async function getTimeseries(filters, granularity, groupBy, signal) {
  const body = await api.get("/api/dashboard/timeseries", { ...filterQuery(filters), granularity, group_by: groupBy || undefined }, signal);
  const { block, currency } = pick(body);
  const lines = block.series || [];
  const labels = (body.periods || []).map((p) => periodLabel(p, body.granularity || granularity));
  let datasets;
  if (!groupBy) {
    const line = lines[0] || { revenue: [], expenses: [], net_income: [] };
    datasets = [
      { label: "Revenue", data: line.revenue.map(gap) },
      { label: "Expenses", data: line.expenses.map(gap) },
      { label: "Net income", data: line.net_income.map(gap) },
    ];
  } else {
    datasets = lines.slice(0, 10).map((line) => ({ label: line.key ?? "(none)", data: lineValues(line).map(gap) }));
  }
  return { labels, datasets, currency, note: currencyNote(body), periods: body.periods || [], granularity: body.granularity || granularity };
}

/** The last day of a period starting on `start` (YYYY-MM-DD) at a granularity. */
export function periodEnd(start, granularity) {
  const [y, m, d] = String(start).split("-").map(Number);
  const end = {
    day: () => new Date(y, m - 1, d),
    week: () => new Date(y, m - 1, d + 6),
    month: () => new Date(y, m, 0),
    quarter: () => new Date(y, m + 2, 0),
    year: () => new Date(y, 12, 0),
  }[granularity] || (() => new Date(y, m, 0));
  const date = end();
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Breakdown as {rows, chart, currency}; rows keep the exact strings. */
export async function getBreakdown(filters, by, top = 10, metric = "volume", signal = undefined) {
  const body = await api.get("/api/dashboard/breakdown", { ...filterQuery(filters), by, top, metric }, signal);
  const { block, currency } = pick(body);
  const items = [...(block.items || [])];
  if (block.other) items.push({ ...block.other, key: "Other", other: true });
  const rows = items.map((item) => ({ ...item, label: item.key ?? "(none)" }));
  return {
    rows,
    currency,
    chart: { labels: rows.map((r) => r.label), datasets: [{ label: metric.replace("_", " "), data: rows.map((r) => Number(r.value)) }] },
  };
}

/** One keyset page of records: {items, next}. sort: column name; order: asc|desc. */
export async function getRecords(filters, { sort, order, cursor, limit = 25 }, signal = undefined) {
  const body = await api.get("/api/records", { ...filterQuery(filters), sort, order, cursor, limit }, signal);
  return { items: body.items || [], next: body.next_cursor || null };
}
