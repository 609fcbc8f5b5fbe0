"""The `FinancialData` the assistant reads for one user (the adapter over the data layer)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from elara.assistant.port import FinancialData
from elara.assistant.records import RecordsData
from elara.models import User


def financial_data(session: Session, user: User) -> FinancialData:
    """Numbers limited to what this user may see."""
    return RecordsData(session, user)
