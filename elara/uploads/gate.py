"""The sink wrapper an upload's parse is handed in the reader process.

Kept apart from ``elara.uploads.scope`` (which reads the scope from the database): the reader
child unpickles a ``CompanyGate`` before it reads a line, and importing this module costs it
only what the fork server has already imported, not the database and web layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elara.ingest import CompanyScope, ParsedBatch, ParseReport


@dataclass
class CompanyGate:
    """A sink wrapper that carries the scope into the parse; the parser has already
    refused (as row errors) what the scope does not allow."""

    inner: Any  # the Spool (anything with ``add``)
    scope: CompanyScope

    def add(self, batch: ParsedBatch) -> Any:
        """Pass the checked batch on (and what the inner sink answers, e.g. its file)."""
        return self.inner.add(batch)

    def merge_into(self, report: ParseReport) -> ParseReport:
        """The report as the parser made it: refused rows are already its row errors."""
        return report
