"""Query parameters of the dashboard routes: the common filters, parsed once, and strictness.

An unknown query parameter (a typo such as `form=`) is a 422, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Query, Request

from elara.auth.deps import require
from elara.auth.permissions import Permission
from elara.core.errors import InvalidInput
from elara.core.schemas import BoundedDate
from elara.dashboard.filters import Filters, make_filters
from elara.models import User

COMMON = ("dataset_id", "company", "from", "to", "account", "category", "dim", "scenario")


def common_filters(
    dataset_id: Annotated[list[int] | None, Query(description="repeatable")] = None,
    company: Annotated[list[str] | None, Query(description="repeatable")] = None,
    date_from: Annotated[BoundedDate | None, Query(alias="from", description="inclusive")] = None,
    date_to: Annotated[BoundedDate | None, Query(alias="to", description="inclusive")] = None,
    account: Annotated[list[str] | None, Query(description="repeatable")] = None,
    category: Annotated[list[str] | None, Query(description="repeatable")] = None,
    dim: Annotated[
        list[str] | None, Query(description="repeatable: Name=Value of an imported dimension")
    ] = None,
    scenario: Annotated[
        str | None,
        Query(max_length=16, description="actual (default), budget, forecast or prior_year"),
    ] = None,
) -> Filters:
    return make_filters(
        dataset_ids=dataset_id,
        companies=company,
        date_from=date_from,
        date_to=date_to,
        accounts=account,
        categories=category,
        dimensions=dim,
        scenario=scenario,
    )


FiltersDep = Annotated[Filters, Depends(common_filters)]


def dataset_filters(
    company: Annotated[list[str] | None, Query(description="repeatable")] = None,
    date_from: Annotated[BoundedDate | None, Query(alias="from", description="inclusive")] = None,
    date_to: Annotated[BoundedDate | None, Query(alias="to", description="inclusive")] = None,
    account: Annotated[list[str] | None, Query(description="repeatable")] = None,
    category: Annotated[list[str] | None, Query(description="repeatable")] = None,
    dim: Annotated[list[str] | None, Query(description="repeatable: Name=Value")] = None,
) -> Filters:
    return common_filters(None, company, date_from, date_to, account, category, dim)


DatasetFiltersDep = Annotated[Filters, Depends(dataset_filters)]


def strict(*extra: str, common: tuple[str, ...] = COMMON) -> Callable[[Request], None]:
    """A dependency refusing query parameters the route does not know."""
    allowed = set(common) | set(extra)

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise InvalidInput(
                "Unknown query parameter.",
                details=[
                    {"field": name[:64], "message": "not a parameter of this endpoint"}
                    for name in unknown[:10]
                ],
            )

    return check


DashboardUser = Annotated[User, Depends(require(Permission.dashboard_read))]
# Routes that only read: the user is checked in the read session (no second transaction).
DashboardReader = Annotated[User, Depends(require(Permission.dashboard_read, reading=True))]
ExportUser = Annotated[User, Depends(require(Permission.records_export))]
SettingsAdmin = Annotated[User, Depends(require(Permission.settings_manage))]
