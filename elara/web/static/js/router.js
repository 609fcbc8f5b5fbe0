// Hash routes (#/dashboard, #/reset?token=…): parses the hash and calls the matching screen.

export function parseHash(hash = window.location.hash) {
  const text = hash.replace(/^#\/?/, "");
  const [path, query = ""] = text.split("?");
  return { name: path.split("/")[0] || "", params: Object.fromEntries(new URLSearchParams(query)) };
}

export function go(name, params) {
  const query = params ? `?${new URLSearchParams(params)}` : "";
  const target = `#/${name}${query}`;
  if (window.location.hash === target) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = target;
  }
}

export class Router {
  /** routes: {name: {load: () => import(...), role, public, title}} */
  constructor(routes, { guard, onRoute, fallback }) {
    this.routes = routes;
    this.guard = guard;
    this.onRoute = onRoute;
    this.fallback = fallback;
    this.sequence = 0;
    window.addEventListener("hashchange", () => this.resolve());
  }

  async resolve() {
    const ticket = ++this.sequence;
    const { name, params } = parseHash();
    const route = this.routes[name];
    if (!route) {
      go(this.fallback());
      return;
    }
    const redirect = this.guard(name, route);
    if (redirect) {
      go(redirect);
      return;
    }
    const module = await route.load();
    if (ticket !== this.sequence) return; // a newer navigation won
    this.onRoute(name, route, module, params);
  }
}
