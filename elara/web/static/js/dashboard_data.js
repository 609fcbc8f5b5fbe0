// Reading /api/dashboard/* and /api/records and turning the answers into what the widgets draw.

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
  };
}

const label = (item) =>
  item?.label ?? item?.key ?? item?.name ?? item?.company_code ?? item?.company ?? item?.account ??
  item?.category ?? item?.period ?? "";
const amount = (item) => Number(item?.amount ?? item?.value ?? item?.total ?? item?.net_income ?? 0);

/** Option lists: [{value, label}] whatever the server sends (strings or objects). */
export function options(list, valueKeys = ["id", "code", "value", "name"]) {
  return (list || []).map((item) => {
    if (typeof item !== "object" || item === null) return { value: String(item), label: String(item) };
    const value = valueKeys.map((key) => item[key]).find((v) => v !== undefined && v !== null);
    const text = item.name && item.name !== value ? (item.code ? `${item.code} · ${item.name}` : item.name) : String(value);
    return { value: String(value), label: text };
  });
}

export function getFilters() {
  return api.get("/api/dashboard/filters");
}

/** Summary as {current, previous, change, currency, note}. */
export async function getSummary(filters) {
  const body = await api.get("/api/dashboard/summary", filterQuery(filters));
  const list = body.items || body.currencies || body.by_currency;
  const first = Array.isArray(list) ? list[0] || {} : body;
  const current = first.current || first;
  const previous = first.previous || first.previous_period || {};
  return {
    current,
    previous,
    change: first.change || {},
    currency: first.currency || body.currency || body.reporting_currency || null,
    note: Array.isArray(list) && list.length > 1 ? `Several currencies: showing ${first.currency}.` : body.note || null,
  };
}

/** Time series as {labels, datasets: [{label, data}]}. */
export async function getTimeseries(filters, granularity, groupBy) {
  const body = await api.get("/api/dashboard/timeseries", { ...filterQuery(filters), granularity, group_by: groupBy });
  const series = body.series || body.items || [];
  const labels = body.labels || body.periods || [...new Set(series.flatMap((s) => (s.points || s.data || []).map((p) => p.period ?? p.date ?? p.bucket ?? p.label)))].sort();
  const datasets = series.slice(0, 12).map((s) => {
    const points = s.points || s.data || s.values || [];
    if (points.length && typeof points[0] !== "object") return { label: label(s), data: points.map(Number) };
    const byLabel = new Map(points.map((p) => [p.period ?? p.date ?? p.bucket ?? p.label, amount(p)]));
    return { label: label(s) || s.group || "Total", data: labels.map((l) => byLabel.get(l) ?? 0) };
  });
  return { labels, datasets };
}

/** Breakdown as {labels, datasets: [one]} plus the ranked rows. */
export async function getBreakdown(filters, by, top = 10) {
  const body = await api.get("/api/dashboard/breakdown", { ...filterQuery(filters), by, top });
  const items = body.items || body.rows || [];
  const rows = items.map((item) => ({ ...item, label: label(item), amount: item.amount ?? item.value ?? item.total }));
  return {
    rows,
    chart: { labels: rows.map((r) => r.label), datasets: [{ label: by, data: rows.map((r) => Number(r.amount)) }] },
  };
}

/** One page of records: {items, next, total}. */
export async function getRecords(filters, { sort, cursor, pageSize = 25, page }) {
  const body = await api.get("/api/records", {
    ...filterQuery(filters), sort, cursor, page_size: pageSize, limit: pageSize, page,
  });
  return {
    items: body.items || [],
    next: body.next_cursor ?? body.next ?? null,
    total: body.total ?? null,
  };
}
