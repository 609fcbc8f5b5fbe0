"""Recipes: save, find by layout, rename, delete (analysts their own, admins every one)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from elara.audit.chain import record
from elara.audit.events import Action, Actor, AuditEvent
from elara.auth.permissions import Permission, has_permission
from elara.core.errors import Conflict, Forbidden, NotFound
from elara.ingest import ColumnRole, Constants, ImportSettings
from elara.ingest.headers import normalise_header
from elara.ingest.periods import first_day_months, period_end, read_period
from elara.models import ImportRecipe, User

PERIOD = "<period>"  # a period header in a layout's identity: next month's file is the same layout


def fingerprint(sheet: str | None, headers: Sequence[str], *, periods: bool = True) -> str:
    """The layout's identity: its sheet name and normalised headers, in order; a header that
    names a period ("Jan 2026", "2025", "Q3 2025") counts as any period, so that next month's
    export of the same report finds the recipe (``periods=False``: the identity recipes saved
    before this had, each period as written)."""
    named = [
        PERIOD if periods and read_period(h.strip()) is not None else normalise_header(h)
        for h in headers
    ]
    layout = [normalise_header(sheet or ""), named]
    return hashlib.sha256(json.dumps(layout, ensure_ascii=False).encode()).hexdigest()


def _sees_all(user: User) -> bool:
    return has_permission(user.role, Permission.recipes_manage_all)


def _check_write(user: User) -> None:
    if not has_permission(user.role, Permission.recipes_write):
        raise Forbidden("Viewers cannot use import recipes.")


def list_recipes(session: Session, *, user: User) -> Sequence[ImportRecipe]:
    """The caller's recipes (an admin's list holds everyone's), by name."""
    _check_write(user)
    query = select(ImportRecipe).order_by(ImportRecipe.name, ImportRecipe.id)
    if not _sees_all(user):
        query = query.where(ImportRecipe.owner_id == user.id)
    return session.scalars(query).all()


def get_recipe(session: Session, *, user: User, recipe_id: int) -> ImportRecipe:
    """A recipe the caller may use (another analyst's is not found, not forbidden)."""
    _check_write(user)
    recipe = session.get(ImportRecipe, recipe_id)
    if recipe is None or (recipe.owner_id != user.id and not _sees_all(user)):
        raise NotFound("Recipe not found.")
    return recipe


def find_by_layout(session: Session, *, user: User, layout: str) -> ImportRecipe | None:
    """The recipe for a layout: the caller's own newest first, then (admins) anyone's."""
    if not has_permission(user.role, Permission.recipes_write):
        return None
    query = select(ImportRecipe).where(ImportRecipe.fingerprint == layout)
    if not _sees_all(user):
        query = query.where(ImportRecipe.owner_id == user.id)
    own_first = case((ImportRecipe.owner_id == user.id, 0), else_=1)
    query = query.order_by(own_first, ImportRecipe.updated_at.desc(), ImportRecipe.id.desc())
    return session.scalars(query.limit(1)).first()


def _name_free(session: Session, *, owner_id: int | None, name: str, not_id: int = 0) -> None:
    taken = session.scalar(
        select(ImportRecipe.id).where(
            ImportRecipe.owner_id == owner_id, ImportRecipe.name == name, ImportRecipe.id != not_id
        )
    )
    if taken is not None:
        raise Conflict(
            f'A recipe named "{name}" already exists.', details=[{"field": "name", "id": taken}]
        )


def create_recipe(
    session: Session,
    *,
    user: User,
    actor: Actor,
    name: str,
    layout: str,
    settings: ImportSettings,
) -> ImportRecipe:
    """Save confirmed settings under a layout fingerprint (audited)."""
    _check_write(user)
    _name_free(session, owner_id=user.id, name=name)
    recipe = ImportRecipe(
        owner_id=user.id, name=name, fingerprint=layout, settings=settings.model_dump(mode="json")
    )
    session.add(recipe)
    session.flush()
    event = AuditEvent(Action.recipe_create, "recipe", recipe.id, extra={"name": name})
    record(session, event, actor)
    return recipe


def rename_recipe(
    session: Session, *, user: User, actor: Actor, recipe_id: int, name: str
) -> ImportRecipe:
    """Give a recipe another name (audited)."""
    recipe = get_recipe(session, user=user, recipe_id=recipe_id)
    _name_free(session, owner_id=recipe.owner_id, name=name, not_id=recipe.id)
    changes = {"name": [recipe.name, name]}
    recipe.name = name
    record(session, AuditEvent(Action.recipe_rename, "recipe", recipe.id, changes), actor)
    return recipe


def delete_recipe(session: Session, *, user: User, actor: Actor, recipe_id: int) -> None:
    """Forget a recipe (audited)."""
    recipe = get_recipe(session, user=user, recipe_id=recipe_id)
    event = AuditEvent(Action.recipe_delete, "recipe", recipe.id, extra={"name": recipe.name})
    session.delete(recipe)
    record(session, event, actor)


def settings_for_file(
    recipe: ImportRecipe,
    *,
    sheet: str | None,
    header_row: int,
    offered: Constants,
    headers: Sequence[str] = (),
) -> ImportSettings:
    """A recipe's settings fitted to a new file of its layout: that file's sheet and header
    row, the as-of date or year its title states, and its own period headers (last month's
    would date every figure a month early)."""
    settings = ImportSettings.model_validate(recipe.settings)
    settings.sheet, settings.header_row = sheet, header_row
    for name in ("date", "year"):
        value = getattr(offered, name)
        if value is not None:
            setattr(settings.constants, name, value)
    pairs = list(zip(settings.columns, headers, strict=False))
    # Dated as a fresh inspect dates the same file (`roles.column_settings`): "1 Feb 2025"
    # among first-day headers is February's last day.
    amounts = [read_period(h) for column, h in pairs if column.role is ColumnRole.amount]
    months = first_day_months(amounts)
    constants = settings.constants
    for column, header in pairs:
        period = read_period(header) if header != column.header else None
        if period is not None:
            column.header = header
            if column.period_end is not None or period.end is not None:
                column.period_end = period_end(
                    period,
                    months=months and column.role is ColumnRole.amount,
                    year=constants.year,
                    as_of=constants.date,
                )
    return settings
