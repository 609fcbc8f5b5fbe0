"""The authorization matrix, built from the app's own route table.

Every route x {anonymous, viewer, analyst, admin}. The expectation comes from the permission the
route declares with `Depends(require(Permission.x))`; only public routes are listed here. A new
route that neither declares a permission nor appears in PUBLIC fails this test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIWebSocketRoute
from starlette.routing import Mount, Route

from elara.auth.permissions import Permission, has_permission
from elara.models import Role
from tests.factories import create_user, login

# (method, path) -> "public": nobody is refused; "cookie": the refresh cookie authenticates
# (no cookie gives 401, never 403 when the CSRF header is sent).
PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/health"): "public",
    ("GET", "/health/live"): "public",
    ("GET", "/health/ready"): "public",
    ("GET", "/api/openapi.json"): "public",
    ("GET", "/api/docs"): "public",
    ("GET", "/docs/oauth2-redirect"): "public",
    ("POST", "/api/auth/login"): "public",
    ("POST", "/api/auth/password-reset/request"): "public",
    ("POST", "/api/auth/password-reset/confirm"): "public",
    ("POST", "/api/auth/refresh"): "cookie",
    ("POST", "/api/auth/logout"): "cookie",
}
# WebSocket routes authenticate with their first message; each has its own refusal test
# (tests/datasets/test_ws.py for /ws). A new one must be added here on purpose.
WEBSOCKETS = {"/ws"}
ROLES = ("anonymous", Role.viewer.value, Role.analyst.value, Role.admin.value)


def declared_permissions(dependant: Dependant) -> set[Permission]:
    """Every permission a route's dependency tree requires."""
    found = set()
    for dep in dependant.dependencies:
        permission = getattr(dep.call, "required_permission", None)
        if permission is not None:
            found.add(permission)
        found |= declared_permissions(dep)
    return found


def flat_routes(app) -> Iterator[tuple[str, set[str], Dependant | None]]:
    """(path, methods, dependency tree) of every route, through included routers."""
    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):  # FastAPI's included routers
            for context in route.effective_route_contexts():
                if isinstance(context.original_route, APIWebSocketRoute):
                    ws_path = context.original_route.path
                    assert ws_path in WEBSOCKETS, f"unreviewed WebSocket {ws_path}"
                    continue
                dependant = context.dependant or getattr(context.original_route, "dependant", None)
                yield (
                    context.path,
                    set(context.methods or context.original_route.methods or ()),
                    dependant,
                )
        elif isinstance(route, APIWebSocketRoute):
            assert route.path in WEBSOCKETS, f"unreviewed WebSocket route {route.path}"
        elif isinstance(route, APIRoute):
            yield route.path, set(route.methods), route.dependant
        elif isinstance(route, Route):
            yield route.path, set(route.methods or ()), None
        else:
            assert isinstance(route, Mount), route


def route_table(app) -> list[tuple[str, str, set[Permission] | None]]:
    """(method, path, permissions or None for public) for every route; unknown ones raise."""
    table, missing = [], []
    for path, methods, dependant in flat_routes(app):
        for method in sorted(methods - {"HEAD"}):
            key = (method, path)
            permissions = declared_permissions(dependant) if dependant else set()
            if permissions:
                table.append((method, path, permissions))
            elif key in PUBLIC:
                table.append((method, path, None))
            else:
                missing.append(key)
    assert not missing, f"routes without a declared permission or a PUBLIC entry: {missing}"
    return table


def expected(permissions: set[Permission] | None, role: str, method: str, path: str) -> str:
    if permissions is None:
        return PUBLIC[(method, path)]
    if role == "anonymous":
        return "401"
    return "allowed" if all(has_permission(role, p) for p in permissions) else "403"


def _call(client, method: str, path: str, headers: dict[str, str]):
    client.cookies.clear()  # a logout here must not end the session the matrix uses
    url = re.sub(r"\{[^}]+\}", "999999", path)
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return client.request(method, url, headers={**headers, "X-Elara-CSRF": "1"}, json=body)


def test_every_route_is_in_the_matrix(app):
    table = route_table(app)
    assert len(table) >= len(PUBLIC)
    for key in PUBLIC:
        assert any((m, p) == key for m, p, _ in table), f"stale PUBLIC entry {key}"


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(make_client, state, role):
    client = make_client(rate_limit_enabled=False)
    headers = {} if role == "anonymous" else login(client, create_user(state, role=role))
    wrong = []
    for method, path, permissions in route_table(client.app):
        want = expected(permissions, role, method, path)
        status = _call(client, method, path, headers).status_code
        ok = {
            "401": status == 401,
            "403": status == 403,
            "allowed": status not in (401, 403) and status < 500,
            "public": status not in (401, 403) and status < 500,
            "cookie": status in (200, 401),
        }[want]
        if not ok:
            wrong.append(f"{method} {path} as {role}: expected {want}, got {status}")
    assert not wrong, "\n".join(wrong)


def test_a_new_unprotected_route_fails_the_matrix(app):
    @app.get("/api/test-forgotten")
    def forgotten() -> dict[str, str]:
        return {}

    with pytest.raises(AssertionError, match="/api/test-forgotten"):
        route_table(app)
