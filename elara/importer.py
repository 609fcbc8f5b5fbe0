"""`elara import`: load a file from the command line through the upload pipeline."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from elara.audit.events import Actor
from elara.core.config import Settings
from elara.core.errors import ElaraError, InvalidInput, NotFound
from elara.core.state import AppState
from elara.datasets.schemas import UploadOptions
from elara.ingest.settings import ImportSettings
from elara.models import ImportRecipe, Role, User
from elara.uploads.files import work_dir
from elara.uploads.recovery import recover_on_start
from elara.uploads.service import submit_upload
from elara.uploads.worker import working


class ProgressLine:
    """A one-line text progress bar on stderr (rows parsed, rows stored)."""

    def __init__(self, total_bytes: int) -> None:
        self.total_bytes = total_bytes
        self.last = 0.0

    def __call__(self, event: dict[str, Any]) -> None:
        if event.get("type") != "upload.progress":
            return
        now = time.monotonic()
        final = event["status"] in ("ready", "failed")
        if not final and now - self.last < 0.2:
            return
        self.last = now
        parsed, stored = event["rows_parsed"], event["rows_stored"]
        share = stored / parsed if parsed and stored else 0.0
        bar = "#" * int(share * 30)
        sys.stderr.write(
            f"\r[{bar:<30}] parsed {parsed:>10,} rows, stored {stored:>10,} ({event['status']})"
        )
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _owner(state: AppState, email: str | None) -> User:
    with state.db.transaction() as session:
        query = select(User).where(User.is_active.is_(True))
        query = (
            query.where(User.email == email.lower())
            if email
            else query.where(User.role == Role.admin.value).order_by(User.id)
        )
        user = session.scalars(query).first()
    if user is None:
        raise NotFound(f"No active user {email}." if email else "No admin yet: run elara setup.")
    return user


def _read_settings(path: str | None) -> ImportSettings | None:
    if path is None:
        return None
    try:
        return ImportSettings.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise InvalidInput(f"{path} does not hold import settings: {exc}") from exc


def _recipe_id(state: AppState, user: User, name: str | None) -> int | None:
    """The recipe of that name: the user's own, else the only one anybody has."""
    if name is None:
        return None
    with state.db.transaction() as session:
        rows = session.execute(
            select(ImportRecipe.id, ImportRecipe.owner_id).where(ImportRecipe.name == name)
        ).all()
    own = [r.id for r in rows if r.owner_id == user.id]
    if own:
        return own[0]
    if len(rows) == 1:
        return int(rows[0].id)
    raise NotFound(
        f'No recipe named "{name}".' if not rows else f'Several users have a recipe "{name}".'
    )


def import_file(args: argparse.Namespace, settings: Settings) -> int:
    """Import one file; prints the dataset id and status, exit code 0 only when stored."""
    state = AppState.build(settings, pool_size=2)
    recover_on_start(state)
    source = Path(args.file)
    if not source.is_file():
        print(f"elara: no such file: {source}", file=sys.stderr)
        return 2
    user = _owner(state, args.user)
    try:
        read_with = _read_settings(getattr(args, "settings", None))
        recipe = _recipe_id(state, user, getattr(args, "recipe", None))
    except ElaraError as exc:
        print(f"elara: {exc.message}", file=sys.stderr)
        return 2
    copy = work_dir(settings) / f"in-cli-{time.time_ns()}"
    shutil.copyfile(source, copy)
    state.events.add_listener(ProgressLine(source.stat().st_size))
    options = UploadOptions(
        name=args.name or source.stem,
        on_error=args.on_error,
        mode=args.mode,
        dataset_id=args.dataset_id,
        sheet=args.sheet,
        settings=read_with,
        recipe=recipe,
        # As the API's `default_currency`: else the store uses the admin's reporting currency.
        default_currency=(getattr(args, "currency", None) or "").upper() or None,
    )
    actor = Actor(user_id=user.id, email=user.email, user_agent="elara import")
    print(f"importing {source.name} as {user.email}", flush=True)
    # This process works on its own upload (and helps with the queue meanwhile).
    with working(state, ("upload", "db")):
        out = submit_upload(
            state,
            user_id=user.id,
            actor=actor,
            path=copy,
            filename=source.name,
            options=options,
            wait=True,
        )
    print(
        f"dataset {out.id}: {out.status}, {out.row_count} rows, {out.error_count} errors"
        + (f" — {out.status_reason}" if out.status_reason else "")
    )
    # What the API's answer says beside the figures: "stored as EUR, the reporting currency".
    for warning in (out.upload.report.get("warnings") or []) if out.upload is not None else []:
        print(f"warning: {warning}")
    if out.duplicate_of:
        print(f"note: the same file was already uploaded (dataset {out.duplicate_of})")
    state.db.dispose()
    return 0 if out.upload is not None and out.upload.status == "ready" else 1
