"""One column per company: consolidation workbooks and management reports by entity.

"Account | Name | NW-US | NW-UK | NW-DE | Total | Eliminations | Total Incl. Eliminations":
each company's money is in the column its header names (the ``entity`` role). A record of
such a column carries the header as its company (in the normal form of company codes); an
eliminations column ("Eliminations", "Elims", "Intercompany eliminations") is the group's
own entries and its records carry the company "Eliminations". The group's total columns
("Total", "Consolidated", "Group") restate the companies and are never stored.

The role is suggested only on strong evidence: a title, header or sheet name saying
"Consolidated", "Consolidation", "by entity", "by company", "by business unit" (or
"subsidiary", "legal entity"), two or more number columns whose headers are neither periods
nor money, quantity or scenario words, and an account column beside them. Anything less
leaves the columns as they were (measures), and the user can choose the role.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from elara.finance.companies import COMPANY_LIMIT, code_problem, match_key, normal_form
from elara.ingest.headers import cell_text
from elara.ingest.periods import read_period, resolve
from elara.ingest.settings import ColumnRole, ColumnSetting
from elara.ingest.vocabulary import MONEY_ROLES as _VALUE_ROLES
from elara.ingest.vocabulary import SCENARIO_HEADERS, header_role, key

ELIMINATIONS = "Eliminations"  # the company of an eliminations column's records
_ELIMINATIONS = re.compile(
    r"(?i)^\s*(?:(?:inter-?company|ic|consolidation|group)\s+)?"
    r"(?:elims?|eliminations?|eliminierungen?|eliminierung)\.?\s*$"
)
_EVIDENCE = re.compile(
    r"(?i)(consolidat|konsolidier|\bby\s+(?:legal\s+)?entit|\bby\s+compan|"
    r"\bby\s+business\s+units?\b|\bby\s+subsidiar)"
)
# A consolidation's column of the group's total (beside company columns): never stored.
GROUP_TOTAL_WORDS = frozenset({"total", "consolidated", "consolidation", "group", "combined"})
_NOT_COMPANIES = frozenset(
    {
        "actual", "actuals", "budget", "forecast", "plan", "variance", "prior year",
        "last year", "adjustments", "adjustment", "reclass", "reclassifications",
    }
)  # fmt: skip
_LABEL_ROLES = (ColumnRole.dimension, ColumnRole.description, ColumnRole.category)
_AMOUNT = re.compile(r"^\s*[-+(]?[$€£]?\s*[\d.,' ]+\)?\s*$")
_SPAN_WORDS = re.compile(
    r"(?i)\b(?:months?|years?|weeks?|quarters?|periods?|ended|ending|as\s+of|ytd|qtd|mtd|"
    r"fiscal|half|semester|cumulative|restated)\b"
)
_YEAR = re.compile(r"^\s*(?:19|20|21)\d\d\s*$")


def is_eliminations(header: str) -> bool:
    """An eliminations column: "Eliminations", "Elims", "Intercompany eliminations"."""
    return _ELIMINATIONS.match(header) is not None


def company_of(header: str) -> str:
    """The company an entity column's records carry: its header in normal form, or
    "Eliminations" for an eliminations column."""
    return ELIMINATIONS if is_eliminations(header) else normal_form(header)


def is_group_total(header: str) -> bool:
    """A header saying a consolidation's total ("Total", "Consolidated", "Group Total",
    "Total Incl. Eliminations")."""
    return bool(set(key(header).split()) & GROUP_TOTAL_WORDS)


def _can_name_company(header: str) -> bool:
    named = key(header)
    if not named or named in _NOT_COMPANIES or named in SCENARIO_HEADERS:
        return False
    if header_role(header) is not None or read_period(header) is not None:
        return False
    code = normal_form(header)
    return bool(code) and len(code) <= COMPANY_LIMIT and code_problem(code) is None


def _number_column(column: ColumnSetting, members: bool = False) -> bool:
    """Money, or numbers only because no word of the header says what they are (beside an
    account column, the second number column of a sheet is taken for a quantity), or, for
    ``members``, because it names a kind of money or a dimension ("Sales", "No cost
    centre")."""
    if column.role in _VALUE_ROLES:
        return True
    header = column.header
    role = header_role(header)
    return column.role is ColumnRole.quantity and (
        role is None
        or is_group_total(header)
        or is_eliminations(header)
        or (members and role in (ColumnRole.measure, ColumnRole.dimension))
    )


def _money_word(column: ColumnSetting) -> bool:
    """A number column kept as a number whose header names money ("Sales", "Amount")."""
    header = column.header
    return (
        column.role is ColumnRole.quantity
        and header_role(header) in _VALUE_ROLES
        and not (is_group_total(header) or is_eliminations(header))
    )


@dataclass
class Split:
    """One column per company or per member of a dimension: the named columns (companies,
    members, an eliminations column), the total columns beside them, the account column."""

    named: list[int]
    totals: list[int]
    account: int


def find_split(
    columns: list[ColumnSetting],
    can_name: Callable[[str], bool],
    name_of: Callable[[str], str],
    *,
    eliminations: bool = False,
    members: bool = False,
) -> Split | None:
    """Number columns that are each one company (or member), besides total columns (and an
    eliminations column when ``eliminations``), beside an account column; None when any
    number column is something else (a period, a money word unless ``members``, a header
    ``can_name`` refuses, two headers of one name)."""
    if any(c.period_end is not None for c in columns if c.role in _VALUE_ROLES):
        return None
    if not members and any(_money_word(c) for c in columns):
        return None  # money by its header ("Sales") beside: not one column per company
    values = [(i, c) for i, c in enumerate(columns) if _number_column(c, members)]
    totals = [i for i, c in values if is_group_total(c.header)]
    extra = [i for i, c in values if eliminations and i not in totals and is_eliminations(c.header)]
    named = [i for i, c in values if i not in totals + extra and can_name(c.header)]
    if len(named) < 2 or len(named) + len(extra) + len(totals) != len(values):
        return None  # a column that is neither a company nor a total: not a consolidation
    keys = [match_key(name_of(columns[i].header)) for i in named + extra]
    if len(set(keys)) < len(keys):
        return None  # two columns of one company ("ACME", "Acme"): the user decides
    account = _account_column(columns, min(named))
    if account is None:
        return None
    return Split(named=named + extra, totals=totals, account=account)


def apply_split(columns: list[ColumnSetting], split: Split, role: ColumnRole) -> None:
    """The split's columns given ``role``, its account column the account, totals ignored
    (each is checked against the columns it sums, see ``elara.ingest.rowtotals``)."""
    columns[split.account].role = ColumnRole.account
    for i in split.named:
        columns[i].role = role
    for i in split.totals:
        columns[i].role = ColumnRole.ignore


def suggest_entities(columns: list[ColumnSetting], texts: list[str]) -> bool:
    """Company columns (and the account column beside them) set in ``columns`` when the
    evidence is strong (see the module's doc); True when they were."""
    if not any(_EVIDENCE.search(t) for t in texts) and not any(
        _EVIDENCE.search(c.header) for c in columns
    ):
        return False
    split = find_split(columns, _can_name_company, company_of, eliminations=True)
    if split is None or any(c.role is ColumnRole.company for c in columns):
        return False
    apply_split(columns, split, ColumnRole.entity)
    return True


def _account_column(columns: list[ColumnSetting], first: int) -> int | None:
    """The account column: the one named so, else the last label column before the
    companies ("No. | Name | NW-US …": the name)."""
    for i, c in enumerate(columns):
        if c.role is ColumnRole.account:
            return i
    labels = [i for i, c in enumerate(columns[:first]) if c.role in _LABEL_ROLES]
    return labels[-1] if labels else None


def companies_over_periods(
    head: list[list[Any]], index: int, texts: list[str]
) -> dict[int, tuple[str, dt.date]]:
    """A consolidation by company and period: a row of company names over a row of periods
    ("NW-US" merged over Jan 2025 | Feb 2025, "NW-UK" over the same), under a title saying
    "Consolidated" (see the module's doc). Each period column with the company above it
    (carried right across the merged cells) and its period's last day, when two companies or
    more head dated periods and no period column stands under no company."""
    if index < 0 or index + 1 >= len(head) or not any(_EVIDENCE.search(t) for t in texts):
        return {}
    top = [cell_text(c) for c in head[index]]
    below = [cell_text(c) for c in head[index + 1]]
    if any(_AMOUNT.match(t) and not _YEAR.match(t) for t in below):
        return {}  # a row of amounts: the companies' row is the header itself
    found: dict[int, tuple[str, dt.date]] = {}
    company: str | None = None
    group = False  # under "Consolidated", "Group", "Total": the group's columns, not stored
    for position, text in enumerate(below):
        above = top[position] if position < len(top) else ""
        if above:
            group = is_group_total(above)
            spans = _SPAN_WORDS.search(above) is not None  # "3 Months Ended" over dates
            named = not group and not spans
            named = named and (_can_name_company(above) or is_eliminations(above))
            company = company_of(above) if named else None
        period = read_period(text) if text else None
        if period is None or group:
            continue  # the labels, a company's total, the group's columns
        end = resolve(period, year=None, as_of=None)
        if company is None or end is None:
            return {}  # a period under no company (or with no year): not this layout
        found[position] = (company, end)
    keys = {(match_key(company), end) for company, end in found.values()}
    if len({company for company, _ in found.values()}) < 2 or len(keys) < len(found):
        return {}
    return found
