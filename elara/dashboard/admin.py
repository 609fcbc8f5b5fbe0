"""Admin settings of the dashboard: reporting currency, fiscal-year start and FX rates.

(The chart of accounts and its kinds live in `elara.finance.accounts`.)

Each change is audited as a setting change and bumps the data version, because it changes the
numbers every cached answer holds.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent, diff
from elara.core import data_version
from elara.core.errors import InvalidInput, NotFound
from elara.dashboard.fx import REPORTING_CURRENCY_KEY, reporting_currency
from elara.dashboard.schemas import (
    DashboardSettingsIn,
    DashboardSettingsOut,
    FxRateIn,
    FxRateOut,
)
from elara.finance.fiscal import FISCAL_YEAR_START_KEY, fiscal_year_start
from elara.models import AppSetting, FxRate, utcnow

MAX_RATES = 10_000


def _audit(
    session: Session, actor: Actor, entity: str, entity_id: str, changes: dict[str, Any]
) -> None:
    event = AuditEvent(Action.setting_change, entity, entity_id[:64], changes=changes)
    chain.record(session, event, actor)
    data_version.bump(session)


def get_settings(session: Session) -> DashboardSettingsOut:
    return DashboardSettingsOut(
        reporting_currency=reporting_currency(session),
        fiscal_year_start=fiscal_year_start(session),
    )


def _store(session: Session, actor: Actor, key: str, value: Any, before: Any) -> None:
    row = session.get(AppSetting, key)
    if row is None:
        row = AppSetting(key=key, value=value)
        session.add(row)
    row.value, row.updated_at, row.updated_by = value, utcnow(), actor.user_id
    session.flush()
    _audit(session, actor, "setting", key, diff({key: before}, {key: value}))


def put_settings(
    session: Session, *, data: DashboardSettingsIn, actor: Actor
) -> DashboardSettingsOut:
    """Set the fields sent: the reporting currency (null clears it), the fiscal-year start."""
    sent = data.model_fields_set
    if "reporting_currency" in sent:
        before = reporting_currency(session)
        if before != data.reporting_currency:
            _store(session, actor, REPORTING_CURRENCY_KEY, data.reporting_currency, before)
    if "fiscal_year_start" in sent:
        if data.fiscal_year_start is None:
            raise InvalidInput(
                details=[{"field": "fiscal_year_start", "message": "a month from 1 to 12"}]
            )
        month = fiscal_year_start(session)
        if month != data.fiscal_year_start:
            _store(session, actor, FISCAL_YEAR_START_KEY, data.fiscal_year_start, month)
    return get_settings(session)


def list_fx_rates(
    session: Session,
    *,
    currency: str | None,
    date_from: date | None,
    date_to: date | None,
    limit: int,
) -> list[FxRateOut]:
    """Stored rates, newest first."""
    query = select(FxRate)
    if currency:
        query = query.where(FxRate.currency == currency)
    if date_from:
        query = query.where(FxRate.date >= date_from)
    if date_to:
        query = query.where(FxRate.date <= date_to)
    rows = session.scalars(query.order_by(FxRate.date.desc(), FxRate.currency).limit(limit))
    return [FxRateOut(date=r.date, currency=r.currency, rate=r.rate) for r in rows]


def delete_fx_rates(session: Session, *, currency: str, day: date | None, actor: Actor) -> int:
    """Delete one rate (currency and date) or every rate of a currency; 404 when none."""
    query = select(FxRate).where(FxRate.currency == currency)
    if day is not None:
        query = query.where(FxRate.date == day)
    rows = list(session.scalars(query))
    if not rows:
        raise NotFound("No such exchange rate.")
    before = {r.date.isoformat(): r.rate for r in rows[:500]}
    for row in rows:
        session.delete(row)
    session.flush()
    _audit(session, actor, "fx_rates", currency, {"rates": {"before": before, "after": None}})
    return len(rows)


def _check_rates(rates: list[FxRateIn]) -> None:
    if not rates or len(rates) > MAX_RATES:
        raise InvalidInput(f"Send between 1 and {MAX_RATES} rates.", code="bad_rate_count")
    errors = []
    for index, rate in enumerate(rates):
        try:
            positive = Decimal(rate.rate) > 0
        except InvalidOperation:
            positive = False
        if not positive:
            errors.append({"field": f"{index}.rate", "message": "must be a positive number"})
    if errors:
        raise InvalidInput(details=errors)


def store_fx_rates(session: Session, *, rates: list[FxRateIn], actor: Actor) -> int:
    """Insert or replace rates by (date, currency); all or nothing."""
    _check_rates(rates)
    wanted = {(r.date, r.currency): r.rate for r in rates}
    existing = session.scalars(
        select(FxRate).where(
            FxRate.currency.in_({c for _, c in wanted}), FxRate.date.in_({d for d, _ in wanted})
        )
    )
    for row in existing:
        if (row.date, row.currency) in wanted:
            row.rate = wanted.pop((row.date, row.currency))
    session.add_all(FxRate(date=d, currency=c, rate=r) for (d, c), r in wanted.items())
    session.flush()
    currencies = sorted({r.currency for r in rates})
    _audit(
        session,
        actor,
        "fx_rates",
        ",".join(currencies),
        {"rates": {"after": len(rates)}, "currencies": {"after": currencies}},
    )
    return len(rates)


def parse_fx_csv(text: str) -> list[FxRateIn]:
    """Rows of `date,currency,rate` (a header row is required); every bad row reported."""
    reader = csv.DictReader(io.StringIO(text))
    fields = {(name or "").strip().lower() for name in reader.fieldnames or []}
    if not {"date", "currency", "rate"} <= fields:
        raise InvalidInput("The CSV needs the columns date, currency and rate.", code="bad_csv")
    rates, errors = [], []
    for line, row in enumerate(reader, start=2):
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            rates.append(FxRateIn.model_validate({**clean, "currency": clean["currency"].upper()}))
        except ValidationError as exc:
            errors.append({"field": f"row {line}", "message": exc.errors()[0]["msg"]})
        if len(rates) > MAX_RATES:
            break
    if errors:
        raise InvalidInput(details=errors[:100])
    return rates
