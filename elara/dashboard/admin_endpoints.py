"""Admin routes of the dashboard: reporting currency, fiscal year, FX rates; chart of accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from elara.auth.deps import ActorDep
from elara.core.csv_text import MAX_CSV_BYTES, csv_text, read_csv_upload
from elara.core.deps import SessionDep
from elara.core.errors import BadRequest, InvalidInput, PayloadTooLarge, UnsupportedMediaType
from elara.core.schemas import BoundedDate
from elara.dashboard import admin
from elara.dashboard.params import DashboardUser, SettingsAdmin
from elara.dashboard.schemas import (
    DashboardSettingsIn,
    DashboardSettingsOut,
    FxRateIn,
    FxRateOut,
    FxRatesDeleted,
    FxRatesStored,
)
from elara.finance.endpoints import router as finance_router

router = APIRouter(tags=["dashboard admin"])
router.include_router(finance_router)


@router.get("/api/dashboard/settings")
def get_settings(_: SettingsAdmin, session: SessionDep) -> DashboardSettingsOut:
    """The dashboard's settings (reporting currency, fiscal-year start month)."""
    return admin.get_settings(session)


@router.put("/api/dashboard/settings")
def put_settings(
    body: DashboardSettingsIn, _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> DashboardSettingsOut:
    """Set the reporting currency (null clears it) and/or the fiscal-year start month."""
    return admin.put_settings(session, data=body, actor=actor)


@router.get("/api/fx-rates")
def list_fx_rates(
    _: DashboardUser,
    session: SessionDep,
    currency: Annotated[str | None, Query(pattern="^[A-Z]{3}$")] = None,
    date_from: Annotated[BoundedDate | None, Query(alias="from")] = None,
    date_to: Annotated[BoundedDate | None, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> list[FxRateOut]:
    """Stored exchange rates (units of a currency per reporting-currency unit), newest first."""
    return admin.list_fx_rates(
        session, currency=currency, date_from=date_from, date_to=date_to, limit=limit
    )


_RATES = TypeAdapter(list[FxRateIn])


def _rates_from_body(body: bytes, content_type: str) -> list[FxRateIn]:
    if len(body) > MAX_CSV_BYTES:
        raise PayloadTooLarge("Rate lists are limited to 2 MB.")
    if content_type.startswith("text/csv"):
        return admin.parse_fx_csv(csv_text(body, what="Rate lists"))
    if not content_type.startswith("application/json"):
        raise UnsupportedMediaType("Send application/json or text/csv.")
    try:
        return _RATES.validate_json(body)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise BadRequest("The request body is not valid JSON.", code="malformed_json") from exc
        details = [
            {"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()[:100]
        ]
        raise InvalidInput(details=details) from exc


@router.post(
    "/api/fx-rates",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "date": {"type": "string", "format": "date"},
                                "currency": {"type": "string"},
                                "rate": {"type": "string"},
                            },
                        },
                    }
                },
                "text/csv": {"schema": {"type": "string"}},
            }
        }
    },
)
async def store_fx_rates(
    request: Request, _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> FxRatesStored:
    """Insert or replace rates: a JSON list of {date, currency, rate}, or CSV with that header."""
    body = await request.body()
    rates = _rates_from_body(body, request.headers.get("content-type", "").lower())
    stored = await run_in_threadpool(admin.store_fx_rates, session, rates=rates, actor=actor)
    return FxRatesStored(stored=stored)


@router.post("/api/fx-rates/upload")
def upload_fx_rates(
    file: Annotated[UploadFile, File()], _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> FxRatesStored:
    """Insert or replace rates from a CSV file with the columns date, currency, rate."""
    rates = admin.parse_fx_csv(read_csv_upload(file.file, what="Rate files"))
    return FxRatesStored(stored=admin.store_fx_rates(session, rates=rates, actor=actor))


@router.delete("/api/fx-rates")
def delete_fx_rates(
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")],
    _: SettingsAdmin,
    actor: ActorDep,
    session: SessionDep,
    day: Annotated[BoundedDate | None, Query(alias="date")] = None,
) -> FxRatesDeleted:
    """Delete the rate of a currency on a date, or (without a date) all its rates."""
    return FxRatesDeleted(
        deleted=admin.delete_fx_rates(session, currency=currency, day=day, actor=actor)
    )
