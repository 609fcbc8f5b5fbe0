"""The `FinancialData` the assistant reads for one user: the dashboard service, so the
dashboard's row-level access, rollups and cache apply to every number the assistant gives."""

from __future__ import annotations

from sqlalchemy.orm import Session

from elara.assistant.dashboard_data import DashboardData
from elara.assistant.port import FinancialData
from elara.dashboard.cache import Cache
from elara.models import User


def financial_data(session: Session, user: User, *, cache: Cache | None = None) -> FinancialData:
    """Numbers limited to what this user may see."""
    return DashboardData(session, user, cache=cache)
