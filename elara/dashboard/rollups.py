"""Rollup builders the store calls after writing an upload's records."""

from __future__ import annotations

from sqlalchemy.orm import Session

from elara.dashboard.dimensions import build_dimension_rollups


def build_rollups(session: Session, *, dataset_id: int, batch_id: int) -> None:
    """Every rollup built from the stored records of one upload."""
    build_dimension_rollups(session, dataset_id=dataset_id, batch_id=batch_id)
