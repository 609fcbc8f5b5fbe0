"""What a saved view holds: the dashboard's filters, nothing that grants access."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from elara.core.scenarios import Scenario
from elara.core.schemas import InputModel, OutputModel
from elara.dashboard.filters import MAX_TEXT, MAX_VALUES

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Granularity = Literal["day", "week", "month", "quarter", "year"]
# An imported dimension as the dashboard's `dim=Name=Value` takes it: a name without "=" (the
# first "=" ends the name), a value of at most as many characters (it may be empty).
DimName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT, pattern="^[^=]+$"),
]
DimValue = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]


class ViewFilters(InputModel):
    """The dashboard's filters. Companies here only narrow: each viewer's row-level access still
    decides which of them (and which records) that viewer sees."""

    datasets: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list, max_length=200)
    companies: list[Label] = Field(default_factory=list, max_length=500)
    accounts: list[Label] = Field(default_factory=list, max_length=500)
    categories: list[Label] = Field(default_factory=list, max_length=500)
    date_from: dt.date | None = Field(default=None, alias="from")
    date_to: dt.date | None = Field(default=None, alias="to")
    granularity: Granularity = "month"
    # The scenario read (docs/finance.md, Scenarios); None: actual, as the dashboard's default.
    scenario: Scenario | None = None
    # Imported dimensions, {"Region": ["West"]}: read as the dashboard's repeatable `dim`.
    dims: dict[DimName, Annotated[list[DimValue], Field(max_length=MAX_VALUES)]] = Field(
        default_factory=dict, max_length=MAX_VALUES
    )

    model_config = InputModel.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _range(self) -> ViewFilters:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("The start date is after the end date.")
        return self

    @field_validator("dims", mode="before")
    @classmethod
    def _same_name(cls, value: object) -> object:
        """One name however spaced (Region, " Region"): its values are joined, none lost."""
        if not isinstance(value, dict):
            return value
        joined: dict[object, object] = {}
        for name, values in value.items():
            key = name.strip() if isinstance(name, str) else name
            before = joined.get(key)
            if key not in joined:
                joined[key] = values
            elif isinstance(before, list) and isinstance(values, list):
                joined[key] = [*before, *values]
            elif isinstance(before, list):
                joined[key] = values  # not a list: left to be refused (422)
        return joined

    @model_validator(mode="after")
    def _dims(self) -> ViewFilters:
        """Values kept once, sorted; a name without values is no filter; as many values in all
        as the dashboard's `dim` takes."""
        dims = {name: sorted(set(values)) for name, values in sorted(self.dims.items())}
        self.dims = {name: values for name, values in dims.items() if values}
        if sum(len(values) for values in self.dims.values()) > MAX_VALUES:
            raise ValueError(f"At most {MAX_VALUES} dimension values.")
        return self


class ViewIn(InputModel):
    name: Name
    filters: ViewFilters
    shared: bool = False


class ViewPatch(InputModel):
    name: Name | None = None
    filters: ViewFilters | None = None
    shared: bool | None = None


class DefaultIn(InputModel):
    view_id: Annotated[int, Field(ge=1)] | None = None


class ViewOut(OutputModel):
    id: int
    name: str
    # Narrowed to the companies the reader may see; `narrowed` says some were left out.
    filters: dict[str, object]
    narrowed: bool
    shared: bool
    mine: bool
    owner: str
    is_default: bool
    updated_at: dt.datetime
