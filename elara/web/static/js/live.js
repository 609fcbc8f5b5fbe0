// The authenticated WebSocket (/ws): upload progress and "data.changed" pushed by the server,
// republished on the bus as "live:<type>". Reconnects with back-off; gives up after repeated
// failures (the screens then fall back to polling).

import { api } from "./api.js";
import { bus } from "./bus.js";

const MAX_FAILURES = 3;

export class Live {
  constructor() {
    this.socket = null;
    this.tokenSource = null;
    this.failures = 0;
    this.timer = null;
    this.connected = false;
  }

  start(tokenSource) {
    this.tokenSource = tokenSource;
    this.failures = 0;
    if (!this.socket) this.connect();
  }

  stop() {
    clearTimeout(this.timer);
    this.tokenSource = null;
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
    this.socket = null;
    this.connected = false;
  }

  url() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${window.location.host}/ws`;
  }

  connect() {
    const token = this.tokenSource?.();
    if (!token) return;
    const socket = new WebSocket(this.url());
    this.socket = socket;
    // The token goes in the first message, not the URL, so it never lands in access logs.
    socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token }));
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => this.closed();
    socket.onerror = () => null;
  }

  receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    const type = message.type || message.event;
    if (!type) return;
    if (!this.connected) {
      this.connected = true;
      this.failures = 0;
    }
    // Before the screens refresh on it: their reads then ask for at least this version.
    if (type === "data.changed") api.sawVersion(message.data_version);
    bus.emit(`live:${type}`, message);
  }

  closed() {
    this.socket = null;
    this.failures += this.connected ? 0 : 1;
    this.connected = false;
    if (!this.tokenSource || this.failures >= MAX_FAILURES) return;
    const delay = Math.min(30000, 1000 * 2 ** this.failures);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
