"""What the recipes API accepts and returns."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from elara.core.schemas import InputModel, OutputModel
from elara.ingest.settings import ImportSettings

RecipeName = Field(min_length=1, max_length=200)


class RecipeCreate(InputModel):
    """Save confirmed settings under the fingerprint inspect answered for the file."""

    name: str = RecipeName
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")
    settings: ImportSettings


class RecipeRename(InputModel):
    name: str = RecipeName


class RecipeOut(OutputModel):
    id: int
    name: str
    owner_id: int | None
    fingerprint: str
    settings: ImportSettings
    created_at: datetime
    updated_at: datetime
