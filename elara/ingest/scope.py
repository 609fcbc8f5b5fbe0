"""The company gate as part of validation: company codes in their normal form, codes with
invisible characters, companies outside the uploader's access, control characters in text.

Every record passes these checks inside ``build_batch``, before it counts, so the preview
(inspect) and the store see the same row errors, the same records and the same totals: both
read the file with the same parser and the same ``CompanyScope``.
"""

from __future__ import annotations

import re

import polars as pl

from elara.finance.companies import code_problem, match_key, normal_form
from elara.ingest.context import BatchContext, CompanyScope, Problems
from elara.ingest.settings import ColumnRole

# C0 and C1 controls and DEL; tab and line breaks are ordinary in text cells.
CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
CONTROL_RE = re.compile(CONTROL)
# Record text fields and the role whose column (when the file has one) names them in errors.
TEXT_FIELDS = {
    "account": ColumnRole.account,
    "category": ColumnRole.category,
    "description": ColumnRole.description,
    "currency": ColumnRole.currency,
    "company_code": ColumnRole.company,
}
VALUE_SHOWN = 300
__all__ = ["CompanyScope", "check_records"]


def _header(ctx: BatchContext, name: str) -> str:
    """The file's header for a record field; the field name when it came from a constant."""
    position = ctx.plan.position(TEXT_FIELDS[name])
    return ctx.plan.headers[position] if position is not None else name


def check_records(
    records: pl.DataFrame, local: pl.Series, ctx: BatchContext, problems: Problems
) -> pl.DataFrame:
    """The records with control characters handled and company codes in their stored
    spelling; rows that may not be stored get their row error in ``problems``."""
    if records.height == 0:
        return records
    records, flagged = _text_hygiene(records, local, ctx, problems)
    return _companies(records, local, ctx, problems, flagged)


def _text_hygiene(
    records: pl.DataFrame, local: pl.Series, ctx: BatchContext, problems: Problems
) -> tuple[pl.DataFrame, set[int]]:
    """Records cleaned of control characters, or the rows (local indexes) that hold them."""
    columns = list(TEXT_FIELDS)
    flags = [pl.col(c).str.contains(CONTROL).fill_null(False) for c in columns]
    hits = records.select(pl.any_horizontal(flags)).to_series()
    if not hits.any():
        return records, set()
    if ctx.scope.remove_controls:
        cells = records.select(pl.sum_horizontal(f.cast(pl.Int64) for f in flags)).to_series()
        ctx.removed_controls += int(cells.sum())
        cleaned = records.with_columns(pl.col(c).str.replace_all(CONTROL, "") for c in columns)
        return cleaned, set()
    seen: set[int] = set()
    for index in hits.arg_true().to_list():
        row_index = local[index]
        if row_index in seen:  # one error a row, however many records it makes
            continue
        seen.add(row_index)
        row = records.row(index, named=True)
        column = next(c for c in columns if row[c] and CONTROL_RE.search(row[c]))
        char = CONTROL_RE.search(row[column]).group()  # type: ignore[union-attr]
        problems.add(
            row_index,
            _header(ctx, column),
            CONTROL_RE.sub("\ufffd", row[column])[:VALUE_SHOWN],
            f"{_header(ctx, column)} contains a control character (U+{ord(char):04X})",
        )
    return records, seen


def _verdict(code: str, scope: CompanyScope) -> tuple[str, str | None]:
    """(stored spelling, reason to refuse or None) for one code."""
    problem = code_problem(code)
    if problem:
        return code, problem
    if not normal_form(code):  # e.g. only control characters, removed
        return code, "the company code is empty"
    key = match_key(code)
    if scope.allowed is not None and key not in scope.allowed:
        return code, f"company {normal_form(code)} is outside your access"
    return scope.spellings.setdefault(key, normal_form(code)), None


def _companies(
    records: pl.DataFrame,
    local: pl.Series,
    ctx: BatchContext,
    problems: Problems,
    flagged: set[int],
) -> pl.DataFrame:
    """Codes in their stored spelling; refused codes are row errors (one a row: rows
    already ``flagged`` for control characters have theirs)."""
    codes = records["company_code"]
    verdicts = {
        code: _verdict(code, ctx.scope)
        for code in codes.drop_nulls().unique(maintain_order=True).to_list()
    }
    refused = {code: reason for code, (_, reason) in verdicts.items() if reason}
    if refused:
        header = _header(ctx, "company_code")
        # An entity column's records: the column whose header names the company.
        headers = {s.company: s.label for s in ctx.plan.slots if s.company is not None}
        seen = set(flagged)
        hit = codes.is_in(list(refused)).fill_null(False)
        for index in hit.arg_true().to_list():
            if local[index] not in seen:
                seen.add(local[index])
                code = codes[index]
                problems.add(local[index], headers.get(code, header), code, refused[code])
    spelled = {code: shown for code, (shown, reason) in verdicts.items() if not reason}
    if all(code == shown for code, shown in spelled.items()):
        return records
    return records.with_columns(company_code=codes.replace(list(spelled), list(spelled.values())))
