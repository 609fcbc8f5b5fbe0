"""Gates between parser and spool: company scope on writes, and control characters in text.

Rows for companies outside the uploader's access become row errors; so do rows with NUL or
other control characters in a text cell (or those characters are removed, with a warning,
when the upload asks for ``control_characters=remove``).

The gate sits between the parser and the spool (in the reader process), so the
check holds for every upload path (create, append, replace, chunked) and every
parser version: each batch's company codes are put in their normal form, spelled
as first seen (in the database, else in the file), and rows for other companies
or with invisible characters in the code are taken out as row errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from elara.datasets import repository
from elara.finance.companies import code_problem, keys_of, match_key, normal_form
from elara.ingest import ParsedBatch, ParseReport, RowError
from elara.models import User

TEXT_COLUMNS = ("account", "category", "description", "currency", "company_code")
# C0 and C1 controls and DEL; tab and line breaks are ordinary in text cells.
CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
CONTROL_RE = re.compile(CONTROL)


def _header(headers: dict[str, str], field: str) -> str:
    """The file's header for a record field (mappings name roles: ``company``, older ones
    the field itself: ``company_code``); the field name when the value came from a constant."""
    return headers.get(field) or headers.get(field.removesuffix("_code")) or field


def _with_frame(batch: ParsedBatch, frame: pl.DataFrame, kept: list[bool]) -> ParsedBatch:
    """The batch with a new frame; ``kept`` says which old rows (and attributes) remain."""
    attributes = [a for a, k in zip(batch.attributes, kept, strict=True) if k]
    return ParsedBatch(
        frame=frame,
        attributes=attributes,
        errors=batch.errors,
        skipped=batch.skipped,
        sheet=batch.sheet,
        rows_read=batch.rows_read,
    )


@dataclass
class CompanyGate:
    """A sink wrapper: checks and normalises company codes, then hands the batch on."""

    inner: Any  # the Spool (anything with ``add``)
    allowed: frozenset[str] | None  # match keys; None: every company
    spellings: dict[str, str] = field(default_factory=dict)  # match key -> display spelling
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    max_errors: int = 1000
    remove_controls: bool = False
    removed_controls: int = 0  # cells cleaned when ``remove_controls``

    def add(self, batch: ParsedBatch) -> None:
        """Pass on the batch's rows that may be stored, with their codes normalised."""
        if len(batch) == 0:
            self.inner.add(batch)
            return
        batch = self._text_hygiene(batch)
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
        self.inner.add(_with_frame(batch, frame, keep.to_list()))

    def _text_hygiene(self, batch: ParsedBatch) -> ParsedBatch:
        """Rows with control characters in a text cell: row errors, or cleaned."""
        frame = batch.frame
        columns = [c for c in TEXT_COLUMNS if c in frame.columns]
        if not columns:
            return batch
        hits = frame.select(
            pl.any_horizontal(pl.col(c).str.contains(CONTROL).fill_null(False) for c in columns)
        ).to_series()
        if not hits.any():
            return batch
        if self.remove_controls:
            cells = frame.select(
                pl.sum_horizontal(
                    pl.col(c).str.contains(CONTROL).fill_null(False).cast(pl.Int64) for c in columns
                )
            ).to_series()
            self.removed_controls += int(cells.sum())
            cleaned = frame.with_columns(pl.col(c).str.replace_all(CONTROL, "") for c in columns)
            return _with_frame(batch, cleaned, [True] * frame.height)
        bad = frame.filter(hits)
        self.error_count += bad.height
        for row in bad.head(max(self.max_errors - len(self.errors), 0)).iter_rows(named=True):
            column = next(c for c in columns if row[c] and CONTROL_RE.search(row[c]))
            char = CONTROL_RE.search(row[column]).group()  # type: ignore[union-attr]
            self.errors.append(
                RowError(
                    row=row["row"],
                    column=column,
                    value=CONTROL_RE.sub("\ufffd", row[column])[:300],
                    message=f"{column} contains a control character (U+{ord(char):04X})",
                    sheet=batch.sheet,
                )
            )
        return _with_frame(batch, frame.filter(~hits), (~hits).to_list())

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
                    row=row,
                    column="company_code",
                    value=code,
                    message=refused[code],
                    sheet=batch.sheet,
                )
            )

    def merge_into(self, report: ParseReport) -> ParseReport:
        """Count the refused rows as the report's row errors (and not as records)."""
        if self.removed_controls:
            report.warnings.append(
                f"control characters were removed from {self.removed_controls} text cells"
            )
        if not self.error_count:
            return report
        headers = {
            canon: header for m in report.column_mapping.values() for header, canon in m.items()
        }
        report.error_count += self.error_count
        report.records -= self.error_count
        room = report.max_errors - len(report.errors)
        moved = [
            RowError(e.row, _header(headers, e.column), e.value, e.message, e.sheet)
            for e in self.errors
        ]
        report.errors = sorted(
            report.errors + moved[: max(room, 0)], key=lambda e: (e.sheet or "", e.row)
        )
        return report


def company_gate(
    session: Session, *, user_id: int | None, sink: Any, remove_controls: bool = False
) -> CompanyGate:
    """The gate for one upload: the uploader's allowed companies and the known spellings."""
    user = session.get(User, user_id) if user_id else None
    allowed = keys_of(user.allowed_companies) if user and user.allowed_companies else None
    return CompanyGate(
        inner=sink,
        allowed=allowed,
        spellings=repository.company_spellings(session),
        remove_controls=remove_controls,
    )
