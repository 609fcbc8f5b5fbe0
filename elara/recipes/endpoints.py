"""/api/recipes: remembered import settings (analysts: their own; admins: all; viewers: none)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from elara.auth.deps import ActorDep
from elara.auth.deps import require as require_permission
from elara.auth.permissions import Permission
from elara.core.deps import SessionDep
from elara.core.schemas import EntityId
from elara.models import User
from elara.recipes import service
from elara.recipes.schemas import RecipeCreate, RecipeOut, RecipeRename

router = APIRouter(prefix="/api/recipes", tags=["recipes"])

Writer = Annotated[User, Depends(require_permission(Permission.recipes_write))]


@router.get("")
def list_recipes(user: Writer, session: SessionDep) -> list[RecipeOut]:
    """The caller's recipes (every recipe for an admin), by name."""
    return [RecipeOut.model_validate(r) for r in service.list_recipes(session, user=user)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_recipe(
    body: RecipeCreate, user: Writer, actor: ActorDep, session: SessionDep
) -> RecipeOut:
    """Remember confirmed settings for files of this layout (the fingerprint inspect gave)."""
    recipe = service.create_recipe(
        session,
        user=user,
        actor=actor,
        name=body.name,
        layout=body.fingerprint,
        settings=body.settings,
    )
    return RecipeOut.model_validate(recipe)


@router.get("/{recipe_id}")
def get_recipe(recipe_id: EntityId, user: Writer, session: SessionDep) -> RecipeOut:
    """One recipe with its settings."""
    return RecipeOut.model_validate(service.get_recipe(session, user=user, recipe_id=recipe_id))


@router.patch("/{recipe_id}")
def rename_recipe(
    recipe_id: EntityId, body: RecipeRename, user: Writer, actor: ActorDep, session: SessionDep
) -> RecipeOut:
    """Rename a recipe."""
    recipe = service.rename_recipe(
        session, user=user, actor=actor, recipe_id=recipe_id, name=body.name
    )
    return RecipeOut.model_validate(recipe)


@router.delete("/{recipe_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_recipe(recipe_id: EntityId, user: Writer, actor: ActorDep, session: SessionDep) -> None:
    """Forget a recipe."""
    service.delete_recipe(session, user=user, actor=actor, recipe_id=recipe_id)
