"""What a corpus generator returns: the file and what Elara must make of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Check:
    """A total the file states, and the lines it must equal (for the generators' self-test).

    The total row is the row whose first text cell is `label`; `columns` are the headers
    checked. `parts` are (line label, sign) pairs; when empty, the total is a list's SUM of
    every numeric line since the row labelled `since` (or since the header row).
    `formula` says the xlsx total cell holds a formula (with its cached value).
    """

    label: str
    columns: tuple[str, ...]
    parts: tuple[tuple[str, int], ...] = ()
    since: str | None = None
    formula: bool = False


@dataclass(frozen=True)
class Layout:
    """One generated file reproducing a real export layout, and the answers it must give."""

    name: str
    path: Path
    # What a person must type (keys among company, date, year, currency): minimal.
    constants: dict[str, str | int]
    # GET /api/dashboard/breakdown?by=account: the file's own totals, rounded once to the cent.
    expected_by_account: dict[str, Decimal]
    record_count: int | None
    # Headers / labels that must never become money accounts.
    not_accounts: frozenset[str]
    # Columns that must be suggested as dimensions.
    dimensions: frozenset[str] = frozenset()
    # How to read the file back in the self-test.
    header_row: int = 1  # 1-based row of the column headers
    sheet: str | None = None
    delimiter: str = ","
    encoding: str = "utf-8"
    decimal: str = "."
    checks: tuple[Check, ...] = field(default_factory=tuple)
    # A trial balance or a whole ledger: its accounts sum to zero (debits = credits).
    balanced: bool = False
    # How many records each date must get (a period column is dated on its last day).
    records_by_date: dict[dt.date, int] = field(default_factory=dict)
    # The companies the records must carry (a constant, a title cell or a company column).
    companies: frozenset[str] = frozenset()
    # The scale the title states ("$ in Millions"): stored amounts are the file's times this.
    unit_multiplier: int = 1
    # Columns that are members of a dimension ("by Class"): the dimension's name, and each
    # member's totals by account (the records of each column carry its header under it).
    by_member: tuple[str, dict[str, dict[str, Decimal]]] | None = None
    # The currency the file states (a column, a title's "Amounts in USD", "$" in the cells);
    # None: it states none, so Elara asks for it and the person types it (TYPED_CURRENCY).
    currency: str | None = None

    @property
    def stored_by_account(self) -> dict[str, Decimal]:
        """`expected_by_account` (the file's own totals) as stored: times the stated scale."""
        return {k: v * self.unit_multiplier for k, v in self.expected_by_account.items()}


def single_company(
    *,
    name: str,
    path: Path,
    company: str,
    typed: bool = True,
    records_by_date: dict[dt.date, int],
    record_count: int | None = None,
    **rest: Any,
) -> Layout:
    """One company's layout: the company typed as a constant unless the file states it
    (`typed=False`); `record_count` is the dated records' sum unless given."""
    return Layout(
        name=name,
        path=path,
        constants={"company": company} if typed else {},
        companies=frozenset({company}),
        records_by_date=records_by_date,
        record_count=sum(records_by_date.values()) if record_count is None else record_count,
        **rest,
    )
