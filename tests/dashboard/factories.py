"""Datasets with records and their monthly rollups, written consistently (as the upload does)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert

from elara.core import data_version
from elara.core.money import to_units
from elara.core.state import AppState
from elara.dashboard.rollups import build_rollups
from elara.models import Dataset, DatasetRecord, DatasetStatus, RollupMonthly


@dataclass(frozen=True)
class Row:
    """A record as a file states it; ``amount`` is exact decimal text or a Decimal."""

    company: str
    date: date
    account: str
    amount: Decimal | str
    category: str | None = None
    currency: str | None = "USD"
    description: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", Decimal(self.amount))

    @property
    def units(self) -> int:
        """The amount as the database stores it."""
        return to_units(Decimal(self.amount))


def rollups(dataset_id: int, rows: list[Row]) -> list[dict[str, object]]:
    """Rollup rows: sums and counts per month, company, account, category and currency."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        key = (row.date.replace(day=1), row.company, row.account, row.category, row.currency)
        groups[key][0] += row.units
        groups[key][1] += 1
    return [
        {
            "dataset_id": dataset_id,
            "batch_id": None,
            "month": month,
            "company_code": company,
            "account": account,
            "category": category,
            "currency": currency,
            "amount_minor": total,
            "record_count": count,
        }
        for (month, company, account, category, currency), (total, count) in groups.items()
    ]


def add_rows(state: AppState, dataset_id: int, rows: list[Row]) -> None:
    """Append records (and their rollups) to a dataset and bump the data version."""
    with state.db.transaction() as session:
        if rows:
            session.execute(
                insert(DatasetRecord),
                [
                    {
                        "dataset_id": dataset_id,
                        "batch_id": None,
                        "company_code": r.company,
                        "date": r.date,
                        "account": r.account,
                        "category": r.category,
                        "amount_minor": r.units,
                        "currency": r.currency,
                        "description": r.description,
                        "attributes": None,
                    }
                    for r in rows
                ],
            )
            session.execute(insert(RollupMonthly), rollups(dataset_id, rows))
            build_rollups(session, dataset_id=dataset_id, batch_id=None)
        data_version.bump(session)


def create_dataset(
    state: AppState,
    rows: list[Row],
    *,
    name: str = "Test dataset",
    status: DatasetStatus = DatasetStatus.ready,
    currency: str | None = "USD",
    scenario: str = "actual",
) -> int:
    """A dataset holding `rows`, read as `scenario` (actual, budget, forecast…); returns its id."""
    with state.db.transaction() as session:
        dataset = Dataset(
            name=name,
            status=status.value,
            currency=currency,
            row_count=len(rows),
            scenario=scenario,
        )
        session.add(dataset)
        session.flush()
        dataset_id = dataset.id
    add_rows(state, dataset_id, rows)
    return dataset_id


def pnl(
    company: str,
    day: date,
    *,
    revenue: str,
    cogs: str,
    payroll: str = "0",
    currency: str = "USD",
) -> list[Row]:
    """A small P&L with expenses stored negative, as in the demo data."""
    rows = [
        Row(company, day, "Revenue", revenue, "Revenue", currency),
        Row(company, day, "COGS", -Decimal(cogs), "Cost of Sales", currency),
    ]
    if Decimal(payroll):
        rows.append(Row(company, day, "Payroll", -Decimal(payroll), "Operating Expenses", currency))
    return rows
