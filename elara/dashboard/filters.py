"""The dashboard's filters and the caller's access scope, normalised and validated.

`Filters` is what the user asked for; `Scope` is what the user may see. Both are frozen and
hashable, so together with the data version they make a cache key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from elara.core.errors import Forbidden, InvalidInput
from elara.core.periods import add_months, month_end
from elara.core.scenarios import Scenario
from elara.models import User

MAX_VALUES = 200  # repeatable parameters: more values than this is not a real question
MAX_TEXT = 128


@dataclass(frozen=True)
class Scope:
    """Who asks: the role and the companies they may see (empty tuple = every company)."""

    user_id: int | None
    role: str
    allowed_companies: tuple[str, ...] = ()

    @classmethod
    def of(cls, user: User) -> Scope:
        """The access scope of a user."""
        return cls(user.id, user.role, tuple(sorted(set(user.allowed_companies or ()))))

    @property
    def restricted(self) -> bool:
        return bool(self.allowed_companies)

    def key(self) -> str:
        return f"{self.role}|{','.join(self.allowed_companies) if self.restricted else '*'}"


@dataclass(frozen=True)
class Filters:
    """The common filters of every dashboard endpoint; dates are inclusive."""

    dataset_ids: tuple[int, ...] = ()
    companies: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    accounts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # Imported dimension columns: (name, allowed values), e.g. (("Region", ("East", "West")),)
    dimensions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The scenario read (actual, budget, forecast, prior_year). None: actual, or the one
    # scenario of the datasets asked for by id. Two scenarios are never added together.
    scenario: str | None = None

    def key(self) -> str:
        """A canonical text of the filters (same question, same key)."""
        parts = [
            "d=" + ",".join(map(str, self.dataset_ids)),
            "c=" + "\x1f".join(self.companies),
            f"f={self.date_from or ''}",
            f"t={self.date_to or ''}",
            "a=" + "\x1f".join(self.accounts),
            "k=" + "\x1f".join(self.categories),
            "m=" + "\x1e".join(n + "\x1d" + "\x1f".join(v) for n, v in self.dimensions),
            f"s={self.scenario or ''}",
        ]
        return "|".join(parts)

    def with_dates(self, date_from: date | None, date_to: date | None) -> Filters:
        return replace(self, date_from=date_from, date_to=date_to)

    @property
    def month_aligned(self) -> bool:
        """True when no date bound cuts a month in two (the rollups can answer)."""
        return (self.date_from is None or self.date_from.day == 1) and (
            self.date_to is None or self.date_to == month_end(self.date_to)
        )


def _texts(values: list[str] | None, name: str, max_length: int = MAX_TEXT) -> tuple[str, ...]:
    cleaned = sorted({value.strip() for value in values or [] if value.strip()})
    if len(cleaned) > MAX_VALUES:
        raise InvalidInput(details=[{"field": name, "message": f"at most {MAX_VALUES} values"}])
    for value in cleaned:
        if len(value) > max_length:
            raise InvalidInput(details=[{"field": name, "message": "value too long"}])
    return tuple(cleaned)


def _dimensions(values: list[str] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`Name=Value` pairs (repeatable) as (name, values) sorted by name."""
    found: dict[str, set[str]] = {}
    for text in _texts(values, "dim", 2 * MAX_TEXT + 1):
        name, sep, value = text.partition("=")
        if not sep or not name.strip() or len(name) > MAX_TEXT or len(value) > MAX_TEXT:
            raise InvalidInput(details=[{"field": "dim", "message": "Name=Value"}])
        found.setdefault(name.strip(), set()).add(value.strip())
    return tuple((name, tuple(sorted(vals))) for name, vals in sorted(found.items()))


def make_filters(
    *,
    dataset_ids: list[int] | None = None,
    companies: list[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    accounts: list[str] | None = None,
    categories: list[str] | None = None,
    dimensions: list[str] | None = None,
    scenario: str | None = None,
) -> Filters:
    """Validated, normalised filters; raises InvalidInput on nonsense such as from > to."""
    ids = tuple(sorted(set(dataset_ids or [])))
    if len(ids) > MAX_VALUES or any(i < 1 for i in ids):
        raise InvalidInput(details=[{"field": "dataset_id", "message": "invalid dataset ids"}])
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(
            "The start date is after the end date.",
            details=[
                {"field": "from", "message": "The start date must be on or before the end date."}
            ],
        )
    return Filters(
        dataset_ids=ids,
        companies=_texts(companies, "company", 64),
        date_from=date_from,
        date_to=date_to,
        accounts=_texts(accounts, "account"),
        categories=_texts(categories, "category", 64),
        dimensions=_dimensions(dimensions),
        scenario=_scenario(scenario),
    )


def _scenario(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    found = value.strip().casefold().replace(" ", "_")
    if found not in {s.value for s in Scenario}:
        choices = ", ".join(s.value for s in Scenario)
        raise InvalidInput(details=[{"field": "scenario", "message": f"one of {choices}"}])
    return found


def restrict(filters: Filters, scope: Scope) -> Filters:
    """Refuse a company the user may not see (403) rather than silently dropping it."""
    if scope.restricted:
        denied = [code for code in filters.companies if code not in scope.allowed_companies]
        if denied:
            raise Forbidden(
                "You may not see data of this company.",
                code="company_not_allowed",
                details=[{"field": "company", "message": "not among your allowed companies"}],
            )
    return filters


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before: whole months when the period is whole months."""
    if start.day == 1 and end == month_end(end):
        months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
        prev_start = add_months(start, -months)
        return prev_start, start - timedelta(days=1)
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)
