"""Every dashboard route declares the permission it needs."""

from __future__ import annotations

from fastapi.routing import APIRoute

from elara.auth.permissions import Permission
from elara.dashboard.admin_endpoints import router as admin_router
from elara.dashboard.endpoints import router
from elara.finance.endpoints import router as finance_router

EXPECTED = {
    ("GET", "/api/dashboard/filters"): Permission.dashboard_read,
    ("GET", "/api/dashboard/summary"): Permission.dashboard_read,
    ("GET", "/api/dashboard/timeseries"): Permission.dashboard_read,
    ("GET", "/api/dashboard/breakdown"): Permission.dashboard_read,
    ("GET", "/api/records"): Permission.dashboard_read,
    ("GET", "/api/datasets/{dataset_id}/records"): Permission.dashboard_read,
    ("GET", "/api/records/export"): Permission.records_export,
    ("GET", "/api/dashboard/settings"): Permission.settings_manage,
    ("PUT", "/api/dashboard/settings"): Permission.settings_manage,
    ("GET", "/api/fx-rates"): Permission.dashboard_read,
    ("POST", "/api/fx-rates"): Permission.settings_manage,
    ("POST", "/api/fx-rates/upload"): Permission.settings_manage,
    ("DELETE", "/api/fx-rates"): Permission.settings_manage,
    ("GET", "/api/finance/accounts"): Permission.settings_manage,
    ("PUT", "/api/finance/accounts"): Permission.settings_manage,
    ("POST", "/api/finance/accounts/bulk"): Permission.settings_manage,
    ("GET", "/api/finance/accounts/export"): Permission.settings_manage,
    ("POST", "/api/finance/accounts/import"): Permission.settings_manage,
}


def _permissions(route: APIRoute) -> set[Permission]:
    found, stack = set(), list(route.dependant.dependencies)
    while stack:
        dependency = stack.pop()
        permission = getattr(dependency.call, "required_permission", None)
        if permission is not None:
            found.add(permission)
        stack.extend(dependency.dependencies)
    return found


def test_every_route_declares_its_permission():
    routes = {
        (method, route.path): route
        for route in [*router.routes, *admin_router.routes, *finance_router.routes]
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert set(routes) == set(EXPECTED)
    for key, route in routes.items():
        assert _permissions(route) == {EXPECTED[key]}, key
