"""Preview a file before storing it: what would be stored, from the code path that stores it.

``preview_file`` runs the very parser an upload runs (``parse_file``) and sums its batches, so
the preview's totals are what the dashboard shows after storing, never a second estimate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from elara.core.money import to_decimal
from elara.finance.kinds import unclassified_accounts
from elara.ingest.context import CompanyScope
from elara.ingest.model import (
    ERRORS_LISTED,
    ERRORS_SHOWN,
    ParsedBatch,
    ParseReport,
    RowError,
    first_shown,
)
from elara.ingest.pipeline import parse_file
from elara.ingest.rows import NOT_MONEY
from elara.ingest.settings import ImportSettings
from elara.ingest.sniff import ZipLimits

SAMPLE = 20


@dataclass
class Preview:
    """What storing the file with these settings would store."""

    settings: ImportSettings
    by_account: dict[str, Decimal]
    records: int
    rows_read: int
    warnings: list[str]
    sample: list[dict[str, Any]]
    unclassified: list[str]
    dimensions: list[str]
    number_formats: dict[str, str]
    number_format_note: str | None = None  # "12,500" read as thousands, and why (said once)
    error_count: int = 0
    totals_rows: list[dict[str, Any]] = field(default_factory=list)
    skipped_rows: list[dict[str, Any]] = field(default_factory=list)  # the first ERRORS_LISTED
    errors: list[RowError] = field(default_factory=list)  # the first ERRORS_LISTED row errors
    unit_multiplier: int = 1  # the scale every money value was multiplied by
    scenario: str = "actual"  # the dataset's scenario: only its rows are stored
    other_scenarios: dict[str, int] = field(default_factory=dict)  # rows left out, by scenario
    report: ParseReport | None = None
    # currency ("" for none) -> account -> total: a file of several currencies is added up
    # only within each (``by_account`` adds an account's currencies together)
    by_currency: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    currency: str | None = None  # the one currency every record carries, if there is one

    def totals_json(self) -> dict[str, Any]:
        """The totals as JSON: decimal strings by account (and by currency and account), and
        the record count."""
        return {
            "by_account": {k: str(v) for k, v in self.by_account.items()},
            "by_currency": [
                {"currency": c or None, "by_account": {k: str(v) for k, v in t.items()}}
                for c, t in self.by_currency.items()
            ],
            "records": self.records,
        }


def _record_json(batch: ParsedBatch, index: int) -> dict[str, Any]:
    """One record as it would be stored, JSON-able (amount as a decimal string)."""
    row = batch.frame.row(index, named=True)
    return {
        "row": row["row"],
        "company": row["company_code"],
        "date": row["date"].isoformat() if row["date"] is not None else None,
        "account": row["account"],
        "category": row["category"],
        "amount": str(to_decimal(row["amount_minor"])),
        "currency": row["currency"],
        "description": row["description"],
        "attributes": batch.attributes[index],
        **({"sheet": batch.sheet} if batch.sheet else {}),
    }


def _add_categories(categories: dict[str, set[str | None]], batch: ParsedBatch) -> None:
    """The categories each account comes with (a statement's section headings among them)."""
    pairs = batch.frame.select("account", "category").unique()
    for account, category in pairs.iter_rows():
        categories.setdefault(account, set()).add(category)


def _unclassified(categories: dict[str, set[str | None]], chosen: dict[str, str]) -> list[str]:
    """Accounts no chosen kind, vocabulary word or category classifies, as the dashboard will
    (one rule, ``elara.finance.kinds.unclassified_accounts``)."""
    pairs = ((account, category) for account, found in categories.items() for category in found)
    return unclassified_accounts(pairs, chosen=chosen)


def _sum_by_account(sums: dict[tuple[str, str | None], int], batch: ParsedBatch) -> None:
    grouped = batch.frame.group_by("account", "currency").agg(pl.col("amount_minor").sum())
    for account, currency, units in grouped.iter_rows():
        sums[account, currency] = sums.get((account, currency), 0) + int(units)


def _by_account(sums: dict[tuple[str, str | None], int]) -> dict[str, Decimal]:
    """Each account's total (across currencies: see ``_by_currency`` for a file of several)."""
    totals: dict[str, int] = {}
    for (account, _), units in sums.items():
        totals[account] = totals.get(account, 0) + units
    return {k: to_decimal(v) for k, v in sorted(totals.items())}


def _by_currency(sums: dict[tuple[str, str | None], int]) -> dict[str, dict[str, Decimal]]:
    """Each currency's totals by account (a record without a currency under "")."""
    found: dict[str, dict[str, Decimal]] = {}
    for (account, currency), units in sorted(sums.items(), key=lambda i: (i[0][1] or "", i[0][0])):
        found.setdefault(currency or "", {})[account] = to_decimal(units)
    return found


def _currencies_warning(by_currency: dict[str, dict[str, Decimal]]) -> list[str]:
    """A file of several currencies: its totals are per currency, never added across."""
    if len(by_currency) < 2:
        return []
    named = ", ".join(c or "no currency" for c in by_currency)
    return [
        f"The amounts are in {len(by_currency)} currencies ({named}): totals are per currency "
        "and are never added across currencies (the dashboard converts them with the FX rates "
        "an admin sets, or shows each currency apart)"
    ]


def _warnings(report: ParseReport) -> list[str]:
    """The report's warnings, the lines left out as not money, and the row errors, in plain
    words."""
    warnings = list(report.warnings)
    left_out = [s.row for s in report.skipped_rows if s.reason == NOT_MONEY]
    if left_out:
        rows = first_shown(list(map(str, left_out)))
        warnings.append(
            f"{len(left_out)} line(s) hold figures that are not money (per share, share counts, "
            f"ratios, percentages) and would not be stored: row(s) {rows}"
        )
    if report.error_count:
        first = "; ".join(f"row {e.row}: {e.message}" for e in report.errors[:ERRORS_SHOWN])
        rows = "1 row has" if report.error_count == 1 else f"{report.error_count} rows have"
        warnings.append(f"{rows} errors and would not be stored (first: {first})")
    return warnings


def preview_file(
    path: Path,
    settings: ImportSettings | None = None,
    *,
    sample: int = SAMPLE,
    limits: ZipLimits | None = None,
    scope: CompanyScope | None = None,
    reporting_currency: str | None = None,
    fiscal_year_start: int | None = None,
) -> Preview:
    """Parse the whole file with ``settings`` (suggested when None) without storing anything;
    ``scope`` is the uploader's and ``reporting_currency`` the organisation's, as the store
    will use them."""
    parser = parse_file(
        Path(path),
        settings=settings,
        limits=limits,
        scope=scope,
        reporting_currency=reporting_currency,
        fiscal_year_start=fiscal_year_start,
    )
    sums: dict[tuple[str, str | None], int] = {}
    categories: dict[str, set[str | None]] = {}
    shown: list[dict[str, Any]] = []
    for batch in parser:
        _sum_by_account(sums, batch)
        _add_categories(categories, batch)
        for index in range(min(len(batch), sample - len(shown))):
            shown.append(_record_json(batch, index))
    report = parser.report
    used = report.settings or settings or ImportSettings()
    kinds = used.account_kinds
    by_currency = _by_currency(sums)
    return Preview(
        settings=used,
        by_account=_by_account(sums),
        by_currency=by_currency,
        records=report.records,
        rows_read=report.rows_read,
        warnings=_warnings(report) + _currencies_warning(by_currency),
        sample=shown,
        unclassified=_unclassified(categories, kinds),
        dimensions=list(report.dimensions),
        number_formats=dict(report.number_formats),
        number_format_note=report.number_format_note,
        error_count=report.error_count,
        totals_rows=[t.as_json() for t in report.totals_rows],
        skipped_rows=[
            {"row": s.row, "reason": s.reason, **({"sheet": s.sheet} if s.sheet else {})}
            for s in report.skipped_rows[:ERRORS_LISTED]
        ],
        errors=report.errors[:ERRORS_LISTED],
        unit_multiplier=used.constants.unit_multiplier or 1,
        scenario=str(used.constants.scenario or "actual"),
        other_scenarios=dict(report.other_scenarios),
        report=report,
        currency=(next(iter(by_currency)) or None) if len(by_currency) == 1 else None,
    )
