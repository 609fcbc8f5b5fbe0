// Formatting of money, numbers and dates; amounts arrive as exact decimal strings.

const moneyFormats = new Map();

/** Format a decimal string ("1234.50") for display; keeps exactness for the digits shown. */
export function money(value, currency) {
  if (value === null || value === undefined || value === "") return "–";
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  const key = currency || "";
  if (!moneyFormats.has(key)) {
    const options = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    if (currency) Object.assign(options, { style: "currency", currency });
    try {
      moneyFormats.set(key, new Intl.NumberFormat(undefined, options));
    } catch {
      moneyFormats.set(key, new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    }
  }
  return moneyFormats.get(key).format(number);
}

/** Compact money with its currency for headline figures: $423.2M. */
export function compactMoney(value, currency) {
  const number = Number(value);
  if (!Number.isFinite(number)) return "–";
  const options = { notation: "compact", maximumFractionDigits: 2, minimumFractionDigits: Math.abs(number) >= 1000 ? 2 : 0 };
  try {
    return new Intl.NumberFormat(undefined, currency ? { ...options, style: "currency", currency } : options).format(number);
  } catch {
    return new Intl.NumberFormat(undefined, options).format(number);
  }
}

/** Compact money for chart axes and KPI cards: 12.4M. */
export function compact(value) {
  const number = Number(value);
  if (!Number.isFinite(number)) return "–";
  return new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 }).format(number);
}

export function integer(value) {
  const number = Number(value);
  return Number.isFinite(number) ? new Intl.NumberFormat().format(number) : "–";
}

export function percent(value, digits = 1) {
  if (value === null || value === undefined || value === "") return "–";
  const number = Number(value);
  return Number.isFinite(number) ? `${number.toFixed(digits)}%` : "–";
}

export function dateTime(value) {
  if (!value) return "–";
  const text = String(value);
  const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(parsed.getTime()) ? text : parsed.toLocaleString();
}

export function bytes(value) {
  const number = Number(value) || 0;
  const units = ["B", "KB", "MB", "GB"];
  let size = number;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/** ISO date (YYYY-MM-DD) of a local Date. */
export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The date range of a preset, relative to `today`. */
export function presetRange(preset, today = new Date()) {
  const y = today.getFullYear();
  const m = today.getMonth();
  switch (preset) {
    case "month":
      return { from: isoDate(new Date(y, m, 1)), to: isoDate(new Date(y, m + 1, 0)) };
    case "quarter": {
      const startMonth = Math.floor(m / 3) * 3 - 3;
      return { from: isoDate(new Date(y, startMonth, 1)), to: isoDate(new Date(y, startMonth + 3, 0)) };
    }
    case "ytd":
      return { from: isoDate(new Date(y, 0, 1)), to: isoDate(today) };
    case "12m":
      return { from: isoDate(new Date(y, m - 11, 1)), to: isoDate(new Date(y, m + 1, 0)) };
    default:
      return { from: "", to: "" };
  }
}
