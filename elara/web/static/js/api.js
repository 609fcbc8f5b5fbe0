// The one way the web app talks to the API: bearer token in memory, silent refresh through the
// HttpOnly cookie, and the one JSON error body turned into an ApiError.

import { bus } from "./bus.js";

const CSRF_HEADER = "X-Elara-CSRF";
// Read-your-own-writes across gateways and read replicas (docs/api.md): every read answers with
// the data version it was served at; sending back the highest one seen means no replica behind
// it ever answers this tab.
export const DATA_VERSION_HEADER = "X-Elara-Data-Version";

/** The growing counter of a data version ("12.ab34…" -> 12; anything else -> 0). */
export function versionCounter(value) {
  const head = String(value ?? "").split(".", 1)[0];
  return /^\d{1,15}$/.test(head) ? Number(head) : 0;
}
const HINT_KEY = "elara-signed-in"; // a flag only (no token), so a first visit skips the refresh call

function setHint(on) {
  try {
    if (on) localStorage.setItem(HINT_KEY, "1");
    else localStorage.removeItem(HINT_KEY);
  } catch {
    /* storage disabled: every load tries a refresh */
  }
}

/** Whether this browser signed in before (the refresh cookie itself is invisible to scripts). */
export function mayHaveSession() {
  try {
    return localStorage.getItem(HINT_KEY) === "1";
  } catch {
    return true;
  }
}

/** An API failure carrying the fields of {"error": {code, message, details, correlation_id}}. */
export class ApiError extends Error {
  constructor({ status = 0, code = "network_error", message, details = null, correlationId = null }) {
    super(message || "The request failed.");
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.correlationId = correlationId;
  }
}

/** Whether an error only says that a newer request replaced this one (AbortController). */
export function isAbort(error) {
  return error?.name === "AbortError" || error?.code === "aborted";
}

/**
 * "Latest wins": each run() aborts the call still in flight and hands the new one its signal.
 * A superseded call rejects with an abort error, which callers ignore (see isAbort).
 */
export class Latest {
  constructor() {
    this.controller = null;
  }

  async run(task) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const value = await task(controller.signal);
    if (controller.signal.aborted) throw new ApiError({ code: "aborted", message: "Replaced by a newer request." });
    return value;
  }

  abort() {
    this.controller?.abort();
    this.controller = null;
  }
}

/** Build a query string; arrays become repeated parameters, empty values are left out. */
export function queryString(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== "") search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = body?.error || {};
  return new ApiError({
    status: response.status,
    code: error.code || `http_${response.status}`,
    message: error.message || `${response.status} ${response.statusText || "error"}`,
    details: error.details ?? null,
    correlationId: error.correlation_id || response.headers.get("X-Request-ID"),
  });
}

class ApiClient {
  constructor() {
    this.token = null; // memory only: never localStorage, so a script injection cannot lift it
    this.user = null;
    this.refreshing = null;
    // Every signed-in request also listens to this: signing out cancels whatever is in flight,
    // so no answer (or 401) for the old session arrives after it.
    this.inFlight = new AbortController();
    this.dataVersion = 0; // the highest data version any answer or live event carried
  }

  /** Remember a data version this tab has seen (a response header or a data.changed event). */
  sawVersion(value) {
    this.dataVersion = Math.max(this.dataVersion, versionCounter(value));
  }

  get signedIn() {
    return Boolean(this.token);
  }

  setSession(payload) {
    this.token = payload.access_token;
    this.user = payload.user;
    setHint(true);
    bus.emit("session", this.user);
  }

  clearSession(reason) {
    const had = Boolean(this.token);
    this.token = null;
    this.user = null;
    setHint(false);
    bus.emit("session", null);
    if (had && reason) bus.emit("session:ended", reason);
  }

  /** Exchange email and password for a session. */
  async login(email, password) {
    const payload = await this.request("POST", "/api/auth/login", { json: { email, password }, auth: false });
    this.setSession(payload);
    return payload.user;
  }

  /** Use the refresh cookie for a new access token; one refresh in flight at a time. */
  refresh() {
    if (!this.refreshing) {
      this.refreshing = this.request("POST", "/api/auth/refresh", { auth: false, csrf: true })
        .then((payload) => {
          this.setSession(payload);
          return true;
        })
        .catch(() => {
          setHint(false);
          return false;
        })
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  async logout() {
    // Cancel what is in flight, and stay cancelled until the session is gone: a screen whose
    // answer arrived just now and that asks for more while the sign-out is on its way gets
    // "aborted" at once, never a request sent with the old token and answered 401.
    this.inFlight.abort();
    try {
      await this.request("POST", "/api/auth/logout", { auth: false, csrf: true });
    } finally {
      this.clearSession(null);
      this.inFlight = new AbortController();
    }
  }

  headers({ auth = true, csrf = false, json = false, extra = {} } = {}) {
    const headers = { Accept: "application/json", ...extra };
    if (json) headers["Content-Type"] = "application/json";
    if (csrf) headers[CSRF_HEADER] = "1";
    if (auth && this.token) headers.Authorization = `Bearer ${this.token}`;
    if (this.dataVersion > 0) headers[DATA_VERSION_HEADER] = String(this.dataVersion);
    return headers;
  }

  /** fetch with the token; on 401 refresh once and retry, else end the session. */
  async fetch(method, path, options = {}) {
    const { query, json, body, auth = true, csrf = false, headers: extra, signal } = options;
    const url = path + queryString(query);
    const signals = [auth ? this.inFlight.signal : null, signal].filter(Boolean);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const send = () =>
      fetch(url, {
        method,
        credentials: "same-origin",
        headers: this.headers({ auth, csrf, json: json !== undefined, extra }),
        body: json !== undefined ? JSON.stringify(json) : body,
        signal: combined,
      });
    let response;
    try {
      response = await send();
      if (response.status === 401 && auth) {
        if (await this.refresh()) {
          response = await send();
        }
        if (response.status === 401) this.clearSession("Your session has ended. Please sign in again.");
      }
    } catch (cause) {
      if (isAbort(cause)) throw new ApiError({ code: "aborted", message: "Replaced by a newer request." });
      throw new ApiError({ message: "Elara could not be reached. Check your connection and try again." });
    }
    this.sawVersion(response.headers.get(DATA_VERSION_HEADER));
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  /** A JSON call; returns the parsed body (or null for an empty one). */
  async request(method, path, options = {}) {
    const response = await this.fetch(method, path, options);
    let text;
    try {
      text = await response.text();
    } catch (cause) {
      if (isAbort(cause)) throw new ApiError({ code: "aborted", message: "Replaced by a newer request." });
      throw cause;
    }
    return text ? JSON.parse(text) : null;
  }

  get(path, query, signal) {
    return this.request("GET", path, { query, signal });
  }

  post(path, json) {
    return this.request("POST", path, { json: json ?? {} });
  }

  patch(path, json) {
    return this.request("PATCH", path, { json });
  }

  put(path, json) {
    return this.request("PUT", path, { json });
  }

  delete(path) {
    return this.request("DELETE", path);
  }

  /** A multipart form (FormData) posted with fetch, so it can be cancelled; JSON answer. */
  form(path, formData, signal) {
    return this.request("POST", path, { body: formData, signal });
  }

  /**
   * Download a file (an export); returns {blob, filename}. onBytes(received, chunk, response)
   * reports progress: once when the headers arrive (received 0, no chunk), then per chunk of
   * the body as it streams in; signal cancels it.
   */
  async blob(path, query, signal, onBytes) {
    const response = await this.fetch("GET", path, { query, signal, headers: { Accept: "*/*" } });
    const disposition = response.headers.get("Content-Disposition") || "";
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const filename = match ? decodeURIComponent(match[1]) : null;
    if (!onBytes || !response.body) return { blob: await response.blob(), filename };
    const parts = [];
    let received = 0;
    onBytes(0, null, response);
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        received += value.length;
        onBytes(received, value, response);
      }
    } catch (cause) {
      if (isAbort(cause)) throw new ApiError({ code: "aborted", message: "The download was cancelled." });
      throw new ApiError({ message: "The download was interrupted. Please try again." });
    }
    return { blob: new Blob(parts, { type: response.headers.get("Content-Type") || "" }), filename };
  }

  /**
   * Send a body with upload progress (fetch cannot report it); XHR with the same token,
   * refresh and error handling. onProgress(loaded, total).
   */
  async send(method, path, body, onProgress) {
    const attempt = () =>
      new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(method, path);
        const headers = this.headers({});
        for (const [key, value] of Object.entries(headers)) xhr.setRequestHeader(key, value);
        xhr.upload.onprogress = (event) => onProgress?.(event.loaded, event.total);
        xhr.onload = () => resolve(xhr);
        xhr.onerror = () => reject(new ApiError({ message: "The upload was interrupted (network error)." }));
        xhr.send(body);
      });
    let xhr = await attempt();
    if (xhr.status === 401 && (await this.refresh())) xhr = await attempt();
    if (xhr.status === 401) this.clearSession("Your session has ended. Please sign in again.");
    this.sawVersion(xhr.getResponseHeader(DATA_VERSION_HEADER));
    let payload = null;
    try {
      payload = xhr.responseText ? JSON.parse(xhr.responseText) : null;
    } catch {
      payload = null;
    }
    if (xhr.status >= 200 && xhr.status < 300) return payload;
    const error = payload?.error || {};
    throw new ApiError({
      status: xhr.status,
      code: error.code || `http_${xhr.status}`,
      message: error.message || `Upload failed (${xhr.status}).`,
      details: error.details ?? null,
      correlationId: error.correlation_id || xhr.getResponseHeader("X-Request-ID"),
    });
  }
}

/** The single client the whole app shares. */
export const api = new ApiClient();

/** Whether the signed-in user has a role at least as strong as `role`. */
export function hasRole(role) {
  const rank = { viewer: 1, analyst: 2, admin: 3 };
  return (rank[api.user?.role] || 0) >= (rank[role] || 99);
}
