"""Admin settings of the dashboard: the account map, the reporting currency and FX rates.

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
from elara.dashboard.kinds import DEFAULT_KINDS, normalise
from elara.dashboard.schemas import (
    AccountCategoryIn,
    AccountCategoryOut,
    DashboardSettingsIn,
    DashboardSettingsOut,
    FxRateIn,
    FxRateOut,
)
from elara.models import AccountCategory, AppSetting, FxRate, utcnow

MAX_RATES = 10_000


def _audit(
    session: Session, actor: Actor, entity: str, entity_id: str, changes: dict[str, Any]
) -> None:
    event = AuditEvent(Action.setting_change, entity, entity_id[:64], changes=changes)
    chain.record(session, event, actor)
    data_version.bump(session)


def list_account_categories(session: Session) -> list[AccountCategoryOut]:
    """The default map (where not overridden) and the admins' entries."""
    custom = list(session.scalars(select(AccountCategory).order_by(AccountCategory.account)))
    overridden = {normalise(entry.account) for entry in custom}
    items = [
        AccountCategoryOut(account=term, category=term.title(), kind=kind, source="default")
        for term, kind in sorted(DEFAULT_KINDS.items())
        if term not in overridden
    ]
    items += [
        AccountCategoryOut(account=e.account, category=e.category, kind=e.kind, source="custom")
        for e in custom
    ]
    return items


def _find(session: Session, account: str) -> AccountCategory | None:
    wanted = normalise(account)
    for entry in session.scalars(select(AccountCategory)):
        if normalise(entry.account) == wanted:
            return entry
    return None


def put_account_category(
    session: Session, *, data: AccountCategoryIn, actor: Actor
) -> AccountCategoryOut:
    """Map an account to a category and a kind (replacing its entry, if any)."""
    account = data.account.strip()
    entry = _find(session, account)
    before = {} if entry is None else {"category": entry.category, "kind": entry.kind}
    if entry is None:
        entry = AccountCategory(account=account, category=data.category.strip(), kind=data.kind)
        session.add(entry)
    else:
        entry.category, entry.kind = data.category.strip(), data.kind
    session.flush()
    after = {"category": entry.category, "kind": entry.kind}
    _audit(session, actor, "account_category", entry.account, diff(before, after))
    return AccountCategoryOut(
        account=entry.account, category=entry.category, kind=entry.kind, source="custom"
    )


def delete_account_category(session: Session, *, account: str, actor: Actor) -> None:
    """Remove an admin entry (the default, if any, applies again)."""
    entry = _find(session, account)
    if entry is None:
        raise NotFound("No such account entry.")
    before = {"category": entry.category, "kind": entry.kind}
    session.delete(entry)
    session.flush()
    _audit(session, actor, "account_category", entry.account, diff(before, {}))


def get_settings(session: Session) -> DashboardSettingsOut:
    return DashboardSettingsOut(reporting_currency=reporting_currency(session))


def put_settings(
    session: Session, *, data: DashboardSettingsIn, actor: Actor
) -> DashboardSettingsOut:
    """Set (or clear, with null) the reporting currency."""
    before = reporting_currency(session)
    row = session.get(AppSetting, REPORTING_CURRENCY_KEY)
    if row is None:
        row = AppSetting(key=REPORTING_CURRENCY_KEY, value=data.reporting_currency)
        session.add(row)
    row.value, row.updated_at, row.updated_by = data.reporting_currency, utcnow(), actor.user_id
    session.flush()
    changes = diff({"reporting_currency": before}, {"reporting_currency": data.reporting_currency})
    _audit(session, actor, "setting", REPORTING_CURRENCY_KEY, changes)
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
