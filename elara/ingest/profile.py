"""What a column's sample values look like: dates, years, month names, ids, money, rates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from elara.core.scenarios import read_scenario
from elara.finance.kinds import is_account_class
from elara.ingest.headers import cell_text
from elara.ingest.periods import is_month_name, is_year_number, read_period
from elara.ingest.values import COMPACT_DATE_RE, DateOrder, ValueProblem, parse_date

_DATE_TEXT = re.compile(
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T][\d:.]+Z?)?$|^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$"
    r"|^\d{1,2}[\s\-]+[A-Za-z]{3,9}[\s\-,]+\d{4}$|^[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}$"
)
# A debit/credit indicator cell: +1 debit, -1 credit.
DRCR_WORDS = {"dr": 1, "d": 1, "debit": 1, "db": 1, "cr": -1, "c": -1, "credit": -1}
# A Dutch bank's "Af Bij" column beside its unsigned "Bedrag": Af (off) is money out of the
# account, a debit as "Dr" on a statement is; Bij (on) is money in.
DRCR_WORDS |= {"af": 1, "bij": -1}
# A German bank's or DATEV's Soll/Haben-Kennzeichen: S (Soll, debit) is money out of the
# account, H (Haben, credit) money in.
DRCR_WORDS |= {"s": 1, "soll": 1, "h": -1, "haben": -1}
# A desktop package's audit-trail transaction types (the vendor's documented two-letter codes
# and their names), as they post to the line's nominal (G/L) account: a sales invoice credits
# sales, a purchase invoice debits purchases, a receipt debits the bank, a payment credits it,
# a bank payment debits the expense, a journal debit debits. "CR" (cash receipt) credits, as
# the indicator "Cr" does.
_POSTS_DEBIT = (
    "sc", "sr", "sa", "sd", "pi", "pr", "bp", "cp", "vp", "jd", "sales credit",
    "sales credit note", "sales receipt", "sales receipt on account", "sales payment on account",
    "sales discount", "discount on sales receipt", "purchase invoice", "purchase receipt",
    "bank payment", "cash payment", "visa payment", "credit card payment", "journal debit",
)  # fmt: skip
_POSTS_CREDIT = (
    "si", "sp", "pc", "pp", "pa", "pd", "br", "vr", "jc", "sales invoice", "sales payment",
    "purchase credit", "purchase credit note", "purchase payment", "purchase payment on account",
    "payment on account", "purchase discount", "discount on purchase payment", "bank receipt",
    "cash receipt", "visa receipt", "credit card receipt", "journal credit",
)  # fmt: skip
DRCR_WORDS |= dict.fromkeys(_POSTS_DEBIT, 1) | dict.fromkeys(_POSTS_CREDIT, -1)
_TOTAL = re.compile(r"(?i)\btotals?\b")
_ID_TEXT = re.compile(r"^(?=.*\d)[A-Za-z0-9]+([\-_/.][A-Za-z0-9]+)+$|^[A-Za-z]{1,4}\d{3,}$")


@dataclass
class Profile:
    """Shares of a column's non-empty sample cells that look like each kind of value."""

    position: int
    header: str
    count: int = 0
    distinct: int = 0
    dates: float = 0.0
    numbers: float = 0.0
    integers: float = 0.0
    unit_interval: bool = False  # every number between 0 and 1, not all whole
    years: float = 0.0
    months: float = 0.0
    periods: float = 0.0  # Jan-24, FY2024, 2024-03, Q3 2024
    ids: float = 0.0
    five_digits: float = 0.0  # postal codes
    serials: float = 0.0  # numbers that could be spreadsheet date serials (1982-2064)
    compact: float = 0.0  # compact dates, "20241231" (a date only under a date header)
    drcr: float = 0.0  # Dr / Cr / D / C / Debit / Credit indicators
    scenarios: float = 0.0  # Actual / Budget / FC / PY (elara.core.scenarios)
    scenario_words: float = 0.0  # the same, spelled with 3 letters or more (ACT, Budget)
    classes: float = 0.0  # classes of a chart of accounts (Assets, Liabilities, Revenue)
    signed: float = 0.0  # numbers written negative (-1.00, (1.00), 1.00-)
    headed: bool = False  # a date column whose other cells are account headings
    sole: float = 0.0  # cells alone on their row: group headings ("Checking" above its lines)
    ibans: float = 0.0  # bank account numbers (IBAN): a payment's counterparty, not a ledger
    mean_length: float = 0.0

    @property
    def empty(self) -> bool:
        """No sample value at all."""
        return self.count == 0

    @property
    def numeric(self) -> bool:
        """Mostly numbers."""
        return self.count > 0 and self.numbers >= 0.8

    @property
    def textual(self) -> bool:
        """Mostly text that is neither a number nor a date."""
        return self.count > 0 and self.numbers < 0.5 and self.dates < 0.5

    @property
    def few_distinct(self) -> bool:
        """Few distinct values: a dimension rather than free text."""
        return self.distinct <= max(12, self.count // 2)


def profile_table(headers: list[str], rows: list[list[Any]]) -> list[Profile]:
    """Profile every column of a table's sample rows (the rows below the header)."""
    profiles = [
        profile_column(p, h, [r[p] if p < len(r) else None for r in rows])
        for p, h in enumerate(headers)
    ]
    filled = [[i for i, c in enumerate(r) if cell_text(c)] for r in rows]
    for profile in profiles:
        cells = [cell_text(r[profile.position]) for r in rows if profile.position < len(r)]
        totals = sum(1 for t in cells if _TOTAL.search(t))  # "Total for Checking" lines
        if profile.count > totals:
            alone = sum(1 for f in filled if f == [profile.position])
            profile.sole = alone / (profile.count - totals)
            if alone and profile.dates < DATES:
                _inline_dates(profile, rows, filled)
    return profiles


DATES = 0.8  # the share of date cells that makes a date column


def _inline_dates(profile: Profile, rows: list[list[Any]], filled: list[list[int]]) -> None:
    """A date column that also holds account headings alone on their rows and their "Total"
    lines (an Account Transactions report): dated by the cells of its transaction lines."""
    p = profile.position
    cells = [
        (r[p], cell_text(r[p]))
        for r, f in zip(rows, filled, strict=True)
        if p < len(r) and cell_text(r[p]) and f != [p] and not _TOTAL.search(cell_text(r[p]))
    ]
    if len(cells) >= 2:
        share = sum(_is_date(c, t) for c, t in cells) / len(cells)
        if share >= DATES:
            profile.dates = share
            profile.headed = True


def _is_date(cell: Any, text: str) -> bool:
    if isinstance(cell, dt.date | dt.datetime):
        return True
    if not _DATE_TEXT.match(text):
        return False
    for order in (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST):
        try:
            parse_date(text, order)
        except ValueProblem:
            continue
        return True
    return False


def _is_period(text: str) -> bool:
    period = read_period(text)
    return period is not None and not period.day and not is_year_number(text)


def profile_column(position: int, header: str, cells: list[Any]) -> Profile:
    """Profile one column from its sample cells (native workbook cells or CSV text)."""
    pairs = [(c, cell_text(c)) for c in cells]
    pairs = [(c, t) for c, t in pairs if t]
    result = Profile(position, header)
    if not pairs:
        return result
    n = len(pairs)
    texts = [t for _, t in pairs]
    result.count, result.distinct = n, len(set(texts))
    result.dates = sum(_is_date(c, t) for c, t in pairs) / n
    result.years = sum(is_year_number(t) for t in texts) / n
    result.months = sum(is_month_name(t) for t in texts) / n
    result.periods = sum(_is_period(t) for t in texts) / n
    result.ids = sum(bool(_ID_TEXT.match(t)) for t in texts) / n
    result.five_digits = sum(bool(re.fullmatch(r"\d{5}(-\d{4})?", t)) for t in texts) / n
    result.serials = sum(bool(re.fullmatch(r"(3\d|4\d|5\d)\d{3}(\.\d+)?", t)) for t in texts) / n
    result.compact = sum(bool(COMPACT_DATE_RE.match(t)) for t in texts) / n
    result.mean_length = sum(len(t) for t in texts) / n
    result.ibans = sum(bool(_IBAN.fullmatch(t.replace(" ", ""))) for t in texts) / n
    result.drcr = sum(t.strip().casefold() in DRCR_WORDS for t in texts) / n
    scenarios = [t for t in texts if read_scenario(t) is not None]
    result.scenarios = len(scenarios) / n
    result.scenario_words = sum(len(t.strip()) >= 3 for t in scenarios) / n
    result.classes = sum(is_account_class(t) for t in texts) / n
    _numbers(result, texts)
    return result


_NUMBER = re.compile(
    r"^[(\-+\u2212]?\s*(?:(?:[A-Z]{3}|人民币)\s*)?(?:[A-Z]{0,2}[$€£¥₹])?\s*[\-\u2212]?"
    r"(\d[\d.,' \u00a0\u202f]*)\)?\s*[\-\u2212]?\s*(?:[A-Z]{3}|CR|DR|cr|dr|元|円)?$"
)


# An IBAN: country, check digits, 11 to 30 letters and digits (spaces removed).
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_SIGNED = re.compile(r"^\s*[(\-\u2212]|[\-\u2212]\s*$")
_EXPONENT = re.compile(r"^-?\d+(\.\d+)?[eE][+-]?\d+$")


def number_value(text: str) -> Decimal | None:
    """A sample cell as a number, loosely (for profiling only; storing is stricter)."""
    text = text.strip()
    if _EXPONENT.match(text):
        return Decimal(text)
    m = _NUMBER.match(text)
    if m is None:
        return None
    core = re.sub(r"[' \u00a0\u202f]", "", m[1])
    if "," in core and "." in core:
        decimal = "," if core.rfind(",") > core.rfind(".") else "."
    elif core.count(",") == 1 and not re.search(r",\d{3}$", core):
        decimal = ","
    else:
        decimal = "."
    group = "." if decimal == "," else ","
    try:
        return Decimal(core.replace(group, "").replace(decimal, "."))
    except InvalidOperation:
        return None


def _numbers(result: Profile, texts: list[str]) -> None:
    values = [number_value(t) for t in texts]
    numbers = [v for v in values if v is not None]
    if not numbers:
        return
    n = result.count
    result.numbers = len(numbers) / n
    result.signed = sum(bool(_SIGNED.search(t)) for t in texts) / n
    whole = [t for t in texts if re.fullmatch(r"[-+]?\d+(\.0+)?", t)]
    result.integers = len(whole) / n
    result.unit_interval = all(0 <= v <= 1 for v in numbers) and any(
        v != v.to_integral_value() for v in numbers
    )
