// A tiny publish/subscribe bus that wires the widgets together without importing each other.

export class EventBus {
  constructor() {
    this.handlers = new Map();
  }

  /** Subscribe; returns a function that unsubscribes. */
  on(name, handler) {
    if (!this.handlers.has(name)) this.handlers.set(name, new Set());
    this.handlers.get(name).add(handler);
    return () => this.handlers.get(name)?.delete(handler);
  }

  emit(name, detail) {
    for (const handler of [...(this.handlers.get(name) || [])]) {
      try {
        handler(detail);
      } catch (error) {
        console.warn(`handler for ${name} failed`, error);
      }
    }
  }
}

/** The application-wide bus (session changes, data changes, toasts). */
export const bus = new EventBus();
