"""Using a remembered recipe for a received file: find it by the file's layout, fit it."""

from __future__ import annotations

from pathlib import Path

from elara.core.errors import Unauthenticated
from elara.core.state import AppState
from elara.ingest import ImportSettings, IngestError, Suggestion, suggest_settings
from elara.ingest.isolate import run_isolated
from elara.models import ImportRecipe, User
from elara.recipes import service as recipes
from elara.uploads.inspect import to_http_error
from elara.uploads.preview import RecipeRef


def _layout(*, path: Path, sheet: str | None, header_row: int | None) -> Suggestion:
    return suggest_settings(path, sheet=sheet, header_row=header_row)


def layout_of(path: Path, *, sheet: str | None, header_row: int | None) -> Suggestion:
    """The file's sheet, header row, headers and offered constants (read in the isolated
    reader, like every look at an uploaded file)."""
    kwargs = {"path": Path(path), "sheet": sheet, "header_row": header_row}
    try:
        return run_isolated(_layout, kwargs=kwargs)
    except IngestError as exc:
        raise to_http_error(exc) from exc


def recipe_settings(
    state: AppState,
    *,
    user_id: int,
    path: Path,
    sheet: str | None,
    header_row: int | None = None,
    recipe_id: int | None = None,
) -> tuple[ImportSettings, RecipeRef] | None:
    """The settings of the recipe asked for, or of the caller's recipe for this layout."""
    layout = layout_of(path, sheet=sheet, header_row=header_row)
    with state.db.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            raise Unauthenticated("Your account is not active.")
        recipe: ImportRecipe | None
        if recipe_id is not None:
            recipe = recipes.get_recipe(session, user=user, recipe_id=recipe_id)
        else:
            sheet_name, headers = layout.settings.sheet, layout.headers
            recipe = recipes.find_by_layout(
                session, user=user, layout=recipes.fingerprint(sheet_name, headers)
            ) or recipes.find_by_layout(  # saved before period headers counted as any period
                session, user=user, layout=recipes.fingerprint(sheet_name, headers, periods=False)
            )
        if recipe is None:
            return None
        settings = recipes.settings_for_file(
            recipe,
            sheet=layout.settings.sheet,
            header_row=layout.header_row,
            offered=layout.offered,
            headers=layout.headers,
        )
        return settings, RecipeRef(id=recipe.id, name=recipe.name)
