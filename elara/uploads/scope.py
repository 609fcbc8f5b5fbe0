"""Company scope on writes: rows for companies outside the uploader's access become row errors.

The gate sits between the parser and the spool (in the reader process), so the
check holds for every upload path (create, append, replace, chunked) and every
parser version: each batch's company codes are put in their normal form, spelled
as first seen (in the database, else in the file), and rows for other companies
or with invisible characters in the code are taken out as row errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from elara.datasets import repository
from elara.finance.companies import code_problem, keys_of, match_key, normal_form
from elara.ingest import ParsedBatch, ParseReport, RowError
from elara.models import User


@dataclass
class CompanyGate:
    """A sink wrapper: checks and normalises company codes, then hands the batch on."""

    inner: Any  # the Spool (anything with ``add``)
    allowed: frozenset[str] | None  # match keys; None: every company
    spellings: dict[str, str] = field(default_factory=dict)  # match key -> display spelling
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    max_errors: int = 1000

    def add(self, batch: ParsedBatch) -> None:
        """Pass on the batch's rows that may be stored, with their codes normalised."""
        if len(batch) == 0:
            self.inner.add(batch)
            return
        codes = batch.frame["company_code"]
        verdicts = {
            code: self._verdict(code) for code in codes.unique(maintain_order=True).to_list()
        }
        display = codes.replace_strict(
            {c: v[0] for c, v in verdicts.items()}, return_dtype=pl.String
        )
        refused = {c: v[1] for c, v in verdicts.items() if v[1]}
        if refused:
            self._note(batch, refused)
        keep = ~codes.is_in(list(refused))
        frame = batch.frame.with_columns(company_code=display).filter(keep)
        kept = keep.to_list()
        attributes = [a for a, k in zip(batch.attributes, kept, strict=True) if k]
        self.inner.add(
            ParsedBatch(
                frame=frame,
                attributes=attributes,
                errors=batch.errors,
                skipped=batch.skipped,
                sheet=batch.sheet,
                rows_read=batch.rows_read,
            )
        )

    def _verdict(self, code: str) -> tuple[str, str | None]:
        """(display spelling, reason to refuse or None) for one code."""
        problem = code_problem(code)
        if problem:
            return code, problem
        key = match_key(code)
        if self.allowed is not None and key not in self.allowed:
            return code, f"company {normal_form(code)} is outside your access"
        return self.spellings.setdefault(key, normal_form(code)), None

    def _note(self, batch: ParsedBatch, refused: dict[str, str]) -> None:
        rows = batch.frame.select("row", "company_code").filter(
            pl.col("company_code").is_in(list(refused))
        )
        self.error_count += rows.height
        room = self.max_errors - len(self.errors)
        for row, code in rows.head(max(room, 0)).iter_rows():
            self.errors.append(
                RowError(
                    row=row, column="company", value=code, message=refused[code], sheet=batch.sheet
                )
            )

    def merge_into(self, report: ParseReport) -> ParseReport:
        """Count the refused rows as the report's row errors (and not as records)."""
        if not self.error_count:
            return report
        headers = {
            canon: header for m in report.column_mapping.values() for header, canon in m.items()
        }
        column = headers.get("company_code", "company")
        report.error_count += self.error_count
        report.records -= self.error_count
        room = report.max_errors - len(report.errors)
        moved = [RowError(e.row, column, e.value, e.message, e.sheet) for e in self.errors]
        report.errors = sorted(
            report.errors + moved[: max(room, 0)], key=lambda e: (e.sheet or "", e.row)
        )
        return report


def company_gate(session: Session, *, user_id: int | None, sink: Any) -> CompanyGate:
    """The gate for one upload: the uploader's allowed companies and the known spellings."""
    user = session.get(User, user_id) if user_id else None
    allowed = keys_of(user.allowed_companies) if user and user.allowed_companies else None
    return CompanyGate(inner=sink, allowed=allowed, spellings=repository.company_spellings(session))
