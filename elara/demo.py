"""A realistic demo dataset: 20 companies, three years of monthly revenue and expenses."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl
from sqlalchemy import select

from elara.audit.events import Actor
from elara.core.money import to_units
from elara.core.state import AppState
from elara.datasets import service as datasets
from elara.ingest import ParsedBatch, ParseReport
from elara.models import Dataset, DatasetStatus, Role, UploadBatch, User
from elara.storage.spool import Spool
from elara.uploads.files import work_dir

DEMO_NAME = "Demo: group P&L (monthly)"

COMPANIES = (
    ("ACME", "Acme Corp", 9_500_000),
    ("GLOBEX", "Globex", 7_200_000),
    ("INITECH", "Initech", 2_100_000),
    ("UMBRELLA", "Umbrella", 12_400_000),
    ("STARK", "Stark Industries", 15_800_000),
    ("WAYNE", "Wayne Enterprises", 13_300_000),
    ("WONKA", "Wonka Industries", 3_400_000),
    ("CYBERDYNE", "Cyberdyne", 5_600_000),
    ("SOYLENT", "Soylent", 1_900_000),
    ("HOOLI", "Hooli", 8_700_000),
    ("PIEDPIPER", "Pied Piper", 650_000),
    ("VANDELAY", "Vandelay Industries", 1_200_000),
    ("TYRELL", "Tyrell Corp", 6_300_000),
    ("OSCORP", "Oscorp", 4_800_000),
    ("MASSIVE", "Massive Dynamic", 7_900_000),
    ("NAKATOMI", "Nakatomi Trading", 3_100_000),
    ("DUNDER", "Dunder Mifflin", 900_000),
    ("STERLING", "Sterling Cooper", 1_600_000),
    ("GRINGOTTS", "Gringotts", 10_200_000),
    ("MONARCH", "Monarch Solutions", 2_700_000),
)

# account, category, share of revenue (negative: an expense)
ACCOUNTS = (
    ("Revenue", "Revenue", 1.0),
    ("COGS", "Cost of Sales", -0.46),
    ("Payroll", "Operating Expenses", -0.21),
    ("Rent", "Operating Expenses", -0.04),
    ("Marketing", "Operating Expenses", -0.07),
    ("R&D", "Operating Expenses", -0.06),
    ("G&A", "Operating Expenses", -0.05),
)


@dataclass(frozen=True)
class DemoRecord:
    company_code: str
    date: date
    account: str
    category: str
    amount_minor: int


def demo_records(
    *, years: int = 3, end_year: int | None = None, seed: int = 42
) -> Iterator[DemoRecord]:
    """Monthly P&L lines with growth, seasonality and noise; deterministic for a seed."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - reproducible demo numbers
    last_year = end_year or date.today().year - 1
    for code, _, annual in COMPANIES:
        growth = rng.uniform(-0.04, 0.22)
        for month_index in range(years * 12):
            year, month = last_year - years + 1 + month_index // 12, month_index % 12 + 1
            season = 1 + 0.12 * (1 if month in (11, 12) else -0.3 if month in (1, 2) else 0)
            trend = (1 + growth) ** (month_index / 12)
            revenue = annual / 12 * season * trend * rng.uniform(0.93, 1.07)
            for account, category, share in ACCOUNTS:
                noise = 1 if account == "Revenue" else rng.uniform(0.9, 1.1)
                # Demo figures are whole cents, as a real P&L states them.
                amount = Decimal(repr(round(revenue * share * noise, 2)))
                yield DemoRecord(code, date(year, month, 1), account, category, to_units(amount))


def _batch(records: list[DemoRecord]) -> ParsedBatch:
    frame = pl.DataFrame(
        {
            "company_code": [r.company_code for r in records],
            "date": [r.date for r in records],
            "account": [r.account for r in records],
            "category": [r.category for r in records],
            "amount_minor": [r.amount_minor for r in records],
            "currency": ["USD"] * len(records),
            "description": [None] * len(records),
            "row": list(range(2, len(records) + 2)),
        },
        schema_overrides={"amount_minor": pl.Int64, "description": pl.Utf8, "date": pl.Date},
    )
    return ParsedBatch(
        frame=frame,
        attributes=[{}] * len(records),
        errors=[],
        skipped=[],
        sheet=None,
        rows_read=len(records),
    )


def load_demo_data(state: AppState) -> int:
    """Store the demo dataset (ready, in USD) through the upload storage path; returns rows."""
    records = list(demo_records())
    report = ParseReport(records=len(records), rows_read=len(records), file_kind="generated")
    with Spool(work_dir(state.settings)) as spool, state.db.transaction() as session:
        spool.add(_batch(records))
        owner = session.scalars(select(User).where(User.role == Role.admin.value)).first()
        dataset = Dataset(
            name=DEMO_NAME,
            description="Generated demo data for a first look.",
            owner_id=owner.id if owner else None,
            currency="USD",
            status=DatasetStatus.processing.value,
            original_filename=None,
        )
        session.add(dataset)
        session.flush()
        batch = UploadBatch(
            dataset_id=dataset.id,
            filename="demo-data",
            sha256="0" * 64,
            uploaded_by=owner.id if owner else None,
            mode="create",
            status="processing",
            options={},
            report={},
        )
        session.add(batch)
        session.flush()
        actor = Actor(user_id=owner.id if owner else None, email="elara demo-data")
        datasets.store_upload(
            session,
            dataset_id=dataset.id,
            batch_id=batch.id,
            spool=spool,
            report=report,
            actor=actor,
        )
    return len(records)
