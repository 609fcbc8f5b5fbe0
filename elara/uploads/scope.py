"""The uploader's company scope: which companies they may write, and the spellings stored.

The checks themselves run inside ingest validation (``elara.ingest.scope``), so the preview
and the store refuse the same rows: ``upload_scope`` builds the scope both are read with.
``CompanyGate`` hands it to the upload's parse in the reader process (``parse_isolated``
reads the sink's ``scope``) and passes the already checked batches on to the spool.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from elara.datasets import repository
from elara.finance.companies import keys_of
from elara.ingest import CompanyScope
from elara.models import User
from elara.uploads.gate import CompanyGate


def upload_scope(
    session: Session, *, user_id: int | None, remove_controls: bool = False
) -> CompanyScope:
    """The scope for one upload or preview: the uploader's allowed companies (None: all)
    and the spelling every known company is stored with."""
    user = session.get(User, user_id) if user_id else None
    allowed = keys_of(user.allowed_companies) if user and user.allowed_companies else None
    return CompanyScope(
        allowed=allowed,
        spellings=repository.company_spellings(session),
        remove_controls=remove_controls,
    )


def company_gate(
    session: Session, *, user_id: int | None, sink: Any, remove_controls: bool = False
) -> CompanyGate:
    """The gate for one upload: the uploader's scope around the sink."""
    scope = upload_scope(session, user_id=user_id, remove_controls=remove_controls)
    return CompanyGate(inner=sink, scope=scope)
