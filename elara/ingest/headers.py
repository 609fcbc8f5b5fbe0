"""Find the header row under title rows and map headers to canonical columns."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from elara.ingest.errors import MappingError, MissingColumnsError
from elara.ingest.periods import read_header_period
from elara.ingest.vocabulary import header_role

CANONICAL = (
    "company_code",
    "date",
    "account",
    "category",
    "amount",
    "currency",
    "description",
)
REQUIRED = ("company_code", "date", "account", "amount")
WIDE_REQUIRED = ("company_code", "date")
HEADER_SCAN_ROWS = 30

ALIASES: dict[str, str] = {
    alias: target
    for target, names in {
        "company_code": ("company", "entity", "ticker", "companycode", "company id"),
        "date": ("date", "period", "postingdate", "transactiondate", "valuedate"),
        "account": ("account", "glaccount", "lineitem", "accountname", "gl"),
        "category": ("category", "type", "class"),
        "amount": ("amount", "value", "balance", "netamount", "amountminor"),
        "currency": ("ccy", "currency", "currencycode", "cur"),
        "description": ("description", "memo", "narrative", "details"),
    }.items()
    for alias in names
}


def normalise_header(text: str) -> str:
    """Case, space and punctuation-insensitive key for alias matching.

    Not ``elara.finance.kinds.normalise_name``: that one keeps word breaks ("sg and a") and
    drops leading account numbers; this key joins the words ("orderdate"), keeps digits
    ("2024") and is stored in recipe fingerprints, so neither can become the other."""
    return re.sub(r"[\W_]+", "", text.casefold())


ALIASES = {normalise_header(k): v for k, v in ALIASES.items()}


def cell_text(value: Any) -> str:
    """A header cell as text ('' for empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _alias_hits(row: Sequence[Any]) -> int:
    return len({ALIASES.get(normalise_header(cell_text(c))) for c in row} - {None})


def _role_hits(row: Sequence[Any]) -> int:
    """Cells that read like column headers: known names, or (two or more) periods."""
    texts = [cell_text(c) for c in row]
    # "Company:" / "Period: Jan 2024" are a title's label-value pairs, not column headers.
    texts = [t for t in texts if t and len(t) <= 60 and not re.search(r":(\s|$)", t)]
    named = sum(1 for t in texts if not _is_number(t) and header_role(t) is not None)
    periods = sum(1 for t in texts if read_header_period(t) is not None)
    return named + (periods if periods >= 2 else 0)


def _text_cells(row: Sequence[Any]) -> int:
    texts = [cell_text(c) for c in row]
    return sum(1 for t in texts if t and not _is_number(t))


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+()$€£¥₹.,\d\s%]+", text))


def find_header_row(rows: Sequence[Sequence[Any]], *, min_hits: int = 2) -> int:
    """Index of the header row among the first rows: known names first, else text."""
    sample = list(rows[:HEADER_SCAN_ROWS])
    for index, row in enumerate(sample):
        if _role_hits(row) >= min_hits and _text_cells(row) + _year_cells(row) >= 2:
            if _holds_amounts(row):
                continue  # a line whose dates read as periods ("2025-03-30" twice), not names
            return index
    for index in range(len(sample)):
        if _statement_header(sample, index):
            return index
    width = max((len(r) for r in sample), default=0)
    for index, row in enumerate(sample):
        texts = _text_cells(row)
        if texts >= 2 and texts * 2 > width:
            return index
    return 0


# A cell written as an amount with cents ("-467.86", "4 362,78", "(1,234.50)"): a line's value.
_YEAR_MONTH = re.compile(r"^(19|20|21)\d\d[.,](0[1-9]|1[0-2])$")  # "2024.12": a period
_AMOUNT_CELL = re.compile(r"^[-+(\u2212]?[$€£]?\s?\d[\d.,'\s\u00a0]*[.,]\d\d\)?-?$")


def _holds_amounts(row: Sequence[Any]) -> bool:
    """A row with a text amount ("-488.38"; not "2024.12"): a data line, never the headers."""
    texts = [cell_text(c) for c in row if isinstance(c, str)]
    return any(_AMOUNT_CELL.match(t) and not _YEAR_MONTH.match(t) for t in texts)


def _statement_header(sample: list[Sequence[Any]], index: int) -> bool:
    """A statement's header: first cell blank, column names after it (",Total" above
    "Income"), and the next line a label in the first cell."""
    row = [cell_text(c) for c in sample[index]]
    if not row or row[0] or _role_hits(row) < 1 or _text_cells(row) < 1:
        return False
    for below in sample[index + 1 :]:
        cells = [cell_text(c) for c in below]
        if any(cells):
            return bool(cells[0]) and not _is_number(cells[0])
    return False


def _year_cells(row: Sequence[Any]) -> int:
    return sum(1 for c in row if re.fullmatch(r"(19|20|21)\d\d", cell_text(c)))


@dataclass
class ColumnMap:
    """Which source column (by position) feeds which canonical field."""

    headers: list[str]
    canonical: dict[str, int] = field(default_factory=dict)
    extra: list[int] = field(default_factory=list)
    wide_accounts: list[int] = field(default_factory=list)

    @property
    def wide(self) -> bool:
        """True when each account column becomes its own record."""
        return bool(self.wide_accounts)

    def header_of(self, target: str) -> str:
        """The header as the user wrote it for a canonical field."""
        return self.headers[self.canonical[target]]

    def used(self) -> dict[str, str]:
        """Report form: user header → canonical name (wide columns → 'account')."""
        mapping = {self.headers[i]: name for name, i in self.canonical.items()}
        mapping.update({self.headers[i]: "account" for i in self.wide_accounts})
        return mapping


def unique_headers(raw: Sequence[Any]) -> list[str]:
    """Header texts, with blanks named 'Column N' and duplicates suffixed."""
    seen: dict[str, int] = {}
    headers = []
    for position, cell in enumerate(raw, start=1):
        text = cell_text(cell) or f"Column {position}"
        count = seen.get(text, 0)
        seen[text] = count + 1
        headers.append(text if count == 0 else f"{text} ({count + 1})")
    return headers


def mapped_positions(
    headers: list[str], mapping: dict[str, str], targets: Collection[str]
) -> list[tuple[str, int]]:
    """Each (target, position) a mapping ({their header: target}) names; a target not among
    ``targets``, or a header not in the file, is a ``MappingError``."""
    index = {normalise_header(h): i for i, h in enumerate(headers)}
    found = []
    for theirs, target in mapping.items():
        if target not in targets:
            raise MappingError(
                f'Unknown target column "{target}" for header "{theirs}"; '
                f"expected one of {', '.join(targets)}"
            )
        position = index.get(normalise_header(theirs))
        if position is None:
            raise MappingError(f'Mapped header "{theirs}" is not in the file')
        found.append((target, position))
    return found


def _apply_mapping(headers: list[str], mapping: dict[str, str]) -> dict[str, int]:
    return dict(mapped_positions(headers, mapping, CANONICAL))


def map_columns(
    raw_headers: Sequence[Any],
    *,
    mapping: dict[str, str] | None = None,
    numeric_columns: set[int] | None = None,
    sheet: str | None = None,
) -> ColumnMap:
    """Map headers to canonical fields; explicit mapping wins over aliases."""
    headers = unique_headers(raw_headers)
    canonical = _apply_mapping(headers, mapping or {})
    taken = set(canonical.values())
    for position, header in enumerate(headers):
        target = ALIASES.get(normalise_header(header))
        if target and target not in canonical and position not in taken:
            canonical[target] = position
            taken.add(position)
    columns = ColumnMap(headers=headers, canonical=canonical)
    rest = [i for i in range(len(headers)) if i not in taken]
    if "amount" not in canonical and "account" not in canonical:
        columns.wide_accounts = [i for i in rest if i in (numeric_columns or set())]
    columns.extra = [i for i in rest if i not in columns.wide_accounts]
    required = WIDE_REQUIRED if columns.wide else REQUIRED
    missing = [name for name in required if name not in canonical]
    if missing:
        found = [h for h, raw in zip(headers, raw_headers, strict=False) if cell_text(raw)]
        raise MissingColumnsError(found_headers=found, missing=missing, sheet=sheet)
    return columns
