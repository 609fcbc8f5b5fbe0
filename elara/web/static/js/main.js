// The application shell: session restore, navigation by role, routing and the live socket.

import { api, hasRole, mayHaveSession } from "./api.js";
import { bus } from "./bus.js";
import { h, replace, toast } from "./dom.js";
import { Live } from "./live.js";
import { Router, go, parseHash } from "./router.js";
import { initTheme } from "./theme.js";

const ROUTES = {
  login: { load: () => import("./screens/login.js"), public: true, title: "Sign in" },
  reset: { load: () => import("./screens/reset.js"), public: true, title: "Reset password" },
  dashboard: { load: () => import("./screens/dashboard.js"), role: "viewer", title: "Dashboard", nav: true },
  datasets: { load: () => import("./screens/datasets.js"), role: "viewer", title: "Datasets", nav: true },
  assistant: { load: () => import("./screens/assistant.js"), role: "viewer", title: "Assistant", nav: true },
  subscriptions: { load: () => import("./screens/subscriptions.js"), role: "viewer", title: "Subscriptions", nav: true },
  users: { load: () => import("./screens/users.js"), role: "admin", title: "Users", nav: true },
  audit: { load: () => import("./screens/audit.js"), role: "admin", title: "Audit", nav: true },
  finance: { load: () => import("./screens/finance.js"), role: "admin", title: "Finance", nav: true },
  health: { load: () => import("./screens/health.js"), role: "admin", title: "Health", nav: true },
  profile: { load: () => import("./screens/profile.js"), role: "viewer", title: "Profile" },
  forbidden: { load: () => import("./screens/forbidden.js"), role: "viewer", title: "Not allowed" },
};

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const menuButton = document.getElementById("menu-button");
const live = new Live();
let cleanup = null;
let pending = null;

function renderNav(current) {
  const links = Object.entries(ROUTES)
    .filter(([, route]) => route.nav && hasRole(route.role))
    .map(([name, route]) =>
      h("a", { href: `#/${name}`, "aria-current": name === current ? "page" : null }, route.title),
    );
  replace(nav, links);
  nav.hidden = !api.signedIn;
  menuButton.hidden = !api.signedIn;
  if (!api.signedIn) setMenu(false);
}

/** The phone menu: one button opening the whole menu (CSS shows the bar itself when wide). */
function setMenu(open) {
  menuButton.setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("menu-open", open);
}

menuButton.addEventListener("click", () => setMenu(menuButton.getAttribute("aria-expanded") !== "true"));
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && document.body.classList.contains("menu-open")) {
    setMenu(false);
    menuButton.focus();
  }
});
nav.addEventListener("click", (event) => {
  if (event.target.closest("a")) setMenu(false);
});
window.addEventListener("hashchange", () => setMenu(false)); // any navigation closes it

function renderUser(user) {
  document.getElementById("user-menu").hidden = !user;
  document.getElementById("user-name").textContent = user ? user.full_name || user.email : "";
}

function guard(name, route) {
  if (route.public) return name === "login" && api.signedIn ? "dashboard" : null;
  if (!api.signedIn) {
    pending = window.location.hash;
    return "login";
  }
  // A password an admin set must be replaced before anything else (the API refuses the rest).
  if (api.user?.must_change_password && name !== "profile") return "profile";
  return hasRole(route.role) ? null : "forbidden";
}

function show(name, route, module, params) {
  if (typeof cleanup === "function") cleanup();
  cleanup = null;
  renderNav(name);
  document.title = `${route.title} · Elara`;
  main.replaceChildren();
  cleanup = module.render(main, { params, live });
  document.body.dataset.screen = name; // lets tests (and styles) know which screen is up
  main.focus({ preventScroll: true });
}

const router = new Router(ROUTES, {
  guard,
  onRoute: show,
  fallback: () => (api.signedIn ? "dashboard" : "login"),
});

bus.on("session", (user) => {
  renderUser(user);
  renderNav(null);
  if (user) live.start(() => api.token);
  else live.stop();
});

bus.on("session:ended", (reason) => {
  toast(reason, "error");
  go("login");
});

bus.on("signed-in", () => {
  const target = pending && !pending.startsWith("#/login") ? pending : "#/dashboard";
  pending = null;
  window.location.hash = target;
});

document.getElementById("logout").addEventListener("click", async () => {
  await api.logout().catch(() => null);
  go("login");
});

initTheme(document.getElementById("theme-toggle"), (theme) => bus.emit("theme", theme));

// A reload keeps the session through the refresh cookie, without asking for the password again.
async function start() {
  const { name } = parseHash();
  if (mayHaveSession() && (!ROUTES[name]?.public || name === "login")) await api.refresh();
  router.resolve();
}

start();
