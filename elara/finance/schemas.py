"""Requests and answers of the finance settings: the chart of accounts and its kinds."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from elara.core.schemas import InputModel
from elara.finance.kinds import AccountKind


class DatasetKind(BaseModel):
    dataset_id: int
    kind: str
    source: str  # "admin" (set here for the dataset) or "import" (chosen when importing)


class AccountOut(BaseModel):
    """One account of the chart: its kind everywhere and where that kind comes from."""

    model_config = ConfigDict(populate_by_name=True)

    account: str
    categories: list[str]
    kind: str | None  # null: unclassified
    source: str  # "admin", "vocabulary" or "none"
    suggested: str | None  # what the built-in vocabulary says
    record_count: int
    datasets: list[DatasetKind]


class AccountList(BaseModel):
    items: list[AccountOut]
    total: int
    unclassified: int


class AccountKindIn(InputModel):
    """Set (kind) or remove (null) an admin's kind for an account, everywhere or in a dataset."""

    account: str = Field(min_length=1, max_length=128)
    kind: AccountKind | None
    dataset_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class BulkKindsIn(InputModel):
    accounts: list[str] = Field(min_length=1, max_length=5000)
    kind: AccountKind | None
    dataset_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class KindsStored(BaseModel):
    changed: int
