"""Statements and ledgers stored as the import stores them: an upload batch with its settings,
records dated on each period's last day, and their monthly rollups."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from elara.core import data_version
from elara.core.money import to_units
from elara.core.state import AppState
from elara.dashboard.rollups import build_rollups
from elara.models import Dataset, DatasetRecord, DatasetStatus, UploadBatch
from tests.dashboard.factories import Row, rollups


def units(amount: str | int) -> int:
    """An amount written as the file writes it, in stored units."""
    return to_units(Decimal(str(amount)))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Line:
    account: str
    amounts: tuple[str, ...]  # one per period, as the statement states them
    cost: bool = False  # a cost line: its sign follows the file's convention


def statement_rows(
    lines: list[Line], periods: list[date], *, convention: str, company: str = "ACME"
) -> list[Row]:
    """Periods as columns → one record per line and period, signed as a file of that
    convention states them: natural (all +), expenses_negative (costs -), debit_positive
    (credits: revenue, income and profits -)."""
    rows = []
    for line in lines:
        for period, amount in zip(periods, line.amounts, strict=True):
            value = Decimal(amount)
            if (line.cost and convention == "expenses_negative") or (
                not line.cost and convention == "debit_positive"
            ):
                value = -value
            rows.append(Row(company, period, line.account, value))
    return rows


def store(
    state: AppState,
    rows: list[Row],
    *,
    settings: dict[str, Any] | None = None,
    name: str = "Statement",
    attributes: list[dict[str, Any]] | None = None,
    scenario: str = "actual",
) -> int:
    """A ready dataset of one upload batch holding `rows`, with the upload's settings, read
    as `scenario` (actual, budget, forecast…)."""
    with state.db.transaction() as session:
        dataset = Dataset(
            name=name,
            status=DatasetStatus.ready.value,
            currency="USD",
            row_count=len(rows),
            scenario=scenario,
        )
        session.add(dataset)
        session.flush()
        options = {"settings": settings} if settings is not None else {}
        batch = UploadBatch(
            dataset_id=dataset.id,
            filename=f"{name}.xlsx",
            sha256="0" * 64,
            status="ready",
            options=options,
            report={},
        )
        session.add(batch)
        session.flush()
        records = [
            {
                "dataset_id": dataset.id,
                "batch_id": batch.id,
                "company_code": r.company,
                "date": r.date,
                "account": r.account,
                "category": r.category,
                "amount_minor": r.units,
                "currency": r.currency,
                "description": None,
                "attributes": attributes[index] if attributes else None,
            }
            for index, r in enumerate(rows)
        ]
        session.execute(insert(DatasetRecord), records)
        sums = rollups(dataset.id, rows)
        for item in sums:
            item["batch_id"] = batch.id
        from elara.models import RollupMonthly

        session.execute(insert(RollupMonthly), sums)
        build_rollups(session, dataset_id=dataset.id, batch_id=batch.id)
        data_version.bump(session)
        return dataset.id
