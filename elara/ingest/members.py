"""One column per member of a dimension: reports "by Class", "by Department", "by Location".

"Profit and Loss by Class": `  | Retail | Wholesale | Not Specified | Total`. Each column
holds the money of one member of a dimension (the ``member`` role): a record of such a column
carries the header, as written, as its value of the dimension (``constants.dimension``,
"Class" here), so the dashboard filters and breaks the statement down by class. A column of
what the package could not assign ("Not Specified", "Unassigned", "No Class") is a member
like the others, under its own name. The report's "Total" column restates the members and is
never stored: it is checked row by row against them (``elara.ingest.rowtotals``), the same
way as a consolidation's total (``elara.ingest.entities``, whose column split this shares).

The role is suggested only on strong evidence: a title, header or sheet name saying "by
Class", "by Department", "by Location", "by Cost Center", "by Region", "by Project" (and a
few more, see ``_BY``), which also names the dimension, or, naming none, a column of what
the package could not assign ("Unassigned", "Not Specified") among them; two or more
number columns whose headers are neither periods nor amount, quantity or scenario words; an
account column beside them. A header naming a kind of money ("Sales", "CC100 Sales") may be
a department among others, but when such headers are half the columns or more ("Sales |
Costs | Profit") the columns are measures of rows that are the members, and nothing is
suggested. Anything less leaves the columns as they were, and the user can choose the role
(the dimension is then "Segment" unless named, and the preview says so).
"""

from __future__ import annotations

import re

from elara.ingest.entities import apply_split, find_split, is_group_total
from elara.ingest.periods import read_period
from elara.ingest.settings import DEFAULT_MEMBER_DIMENSION, ColumnRole, ColumnSetting, Constants
from elara.ingest.vocabulary import SCENARIO_HEADERS, header_role, key

MEMBER_LIMIT = 255  # as a dimension value is kept in the rollups
DIMENSION_LIMIT = 128  # as a dimension's name is kept in the rollups
# "by Class", "by Department" … and the dimension each names (singular, as a person says it).
_DIMENSIONS = {
    "class": "Class",
    "department": "Department",
    "location": "Location",
    "cost center": "Cost Center",
    "cost centre": "Cost Centre",
    "profit center": "Profit Center",
    "profit centre": "Profit Centre",
    "region": "Region",
    "project": "Project",
    "division": "Division",
    "segment": "Segment",
    "branch": "Branch",
    "territory": "Territory",
    "fund": "Fund",
}
_BY = re.compile(
    r"(?i)\bby\s+(class|department|location|cost\s*cent(?:er|re)|profit\s*cent(?:er|re)|"
    r"region|project|division|segment|branch|territor(?:y|ie)|fund)(?:e?s)?\b"
)
_NOT_MEMBERS = frozenset(
    {
        "actual", "actuals", "budget", "forecast", "plan", "variance", "prior year",
        "last year", "adjustments", "adjustment", "reclass", "reclassifications", "ytd",
        "% of total", "percent", "%",
    }
)  # fmt: skip


# The column of what the package could not assign to a member: a report's columns are then
# members of a dimension even when no title names it (a tracking category's options beside
# "Unassigned", compared in columns with no "by Region" anywhere).
_UNASSIGNED = frozenset(
    key(h) for h in ("Unassigned", "Not Specified", "Unallocated", "Untracked", "Not Tracked")
)


def dimension_named(text: str) -> str | None:
    """The dimension a "… by Class" text names ("Class"), if any."""
    found = _BY.search(text)
    if found is None:
        return None
    words = re.sub(r"^(cost|profit)\s*", r"\1 ", found.group(1).lower())  # "CostCenter"
    return _DIMENSIONS.get("territory" if words == "territorie" else words)


def member_of(header: str) -> str:
    """The member a column's records carry: its header as written, spaces trimmed."""
    return " ".join(header.split())


def member_dimension(constants: Constants) -> str:
    """The dimension of the ``member`` columns: as the settings name it, else "Segment"."""
    named = " ".join((constants.dimension or "").split())
    return named or DEFAULT_MEMBER_DIMENSION


def _money_word(header: str) -> bool:
    """A header naming a kind of money ("Sales", "CC100 Sales", "Costs"): a department may be
    called so, but a sheet of such columns is measures (see ``suggest_members``)."""
    return header_role(header) is ColumnRole.measure


def _can_name_member(header: str) -> bool:
    named = key(header)
    if not named or named in _NOT_MEMBERS or named in SCENARIO_HEADERS:
        return False
    if read_period(header) is not None or is_group_total(header):
        return False
    if header_role(header) not in (None, ColumnRole.measure, ColumnRole.dimension):
        return False  # Amount, Balance, Net, Units, Date: never a member ("No cost centre" is)
    return 0 < len(member_of(header)) <= MEMBER_LIMIT and not header.startswith("Column ")


def suggest_members(
    columns: list[ColumnSetting], texts: list[str], numeric: frozenset[int] = frozenset()
) -> str | None:
    """Member columns (and the account column beside them) set in ``columns`` when the
    evidence is strong (see the module's doc); the dimension the evidence names, or None
    when nothing was set. ``numeric``: the columns whose values are numbers (a column of
    numbers headed "No cost centre" was taken for a dimension by its header)."""
    found = [d for t in [*texts, *(c.header for c in columns)] if (d := dimension_named(t))]
    unassigned = any(key(c.header) in _UNASSIGNED for c in columns)
    if not found and not unassigned:
        return None
    seen = [
        c.model_copy(update={"role": ColumnRole.quantity})
        if i in numeric and c.role is ColumnRole.dimension and _can_name_member(c.header)
        else c
        for i, c in enumerate(columns)
    ]
    split = find_split(seen, _can_name_member, lambda h: member_of(h).casefold(), members=True)
    if split is None or any(c.role is ColumnRole.entity for c in columns):
        return None
    money = sum(1 for i in split.named if _money_word(columns[i].header))
    if money * 2 >= len(split.named):
        return None  # "Sales | Costs | Profit": measures of rows that are the members
    if not found and not any(key(columns[i].header) in _UNASSIGNED for i in split.named):
        return None
    apply_split(columns, split, ColumnRole.member)
    return found[0] if found else None  # unnamed: "Segment", and the preview says so
