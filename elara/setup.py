"""First-run chores shared by `make run` and the CLI: migrate, ensure an admin, demo data."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from sqlalchemy import func, select

from elara.core import migrate
from elara.core.config import Settings
from elara.core.errors import InvalidInput
from elara.core.state import AppState
from elara.models import Dataset, Role, User
from elara.uploads.recovery import recover_on_start
from elara.users.schemas import UserCreate
from elara.users.service import create_user

INITIAL_PASSWORD_FILE = "initial-admin-password"


@dataclass(frozen=True)
class AdminStatus:
    email: str
    created: bool
    password: str | None
    password_file: str | None


def ensure_admin(state: AppState) -> AdminStatus:
    """Create the configured admin when no active admin exists yet."""
    settings = state.settings
    with state.db.transaction() as session:
        existing = session.scalars(
            select(User).where(User.role == Role.admin.value, User.is_active.is_(True))
        ).first()
        if existing is not None:
            path = settings.data_dir / INITIAL_PASSWORD_FILE
            return AdminStatus(existing.email, False, None, str(path) if path.exists() else None)
        given = settings.admin_password.get_secret_value() if settings.admin_password else None
        data = UserCreate(
            email=settings.admin_email, full_name="Administrator", role=Role.admin, password=given
        )
        try:
            user, generated = create_user(session, state, data=data, actor=None)
        except InvalidInput as exc:
            exc.message = f"ELARA_ADMIN_PASSWORD is not acceptable: {exc.message}"
            raise
    path_text = _remember_generated(settings, generated) if generated else None
    return AdminStatus(user.email, True, generated or None, path_text)


def _remember_generated(settings: Settings, password: str) -> str:
    # Kept readable by the owner only, so a newcomer who lost the terminal can still sign in.
    path = settings.data_dir / INITIAL_PASSWORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    return str(path)


def database_is_empty(state: AppState) -> bool:
    with state.db.transaction() as session:
        return (session.scalar(select(func.count()).select_from(Dataset)) or 0) == 0


def prepare(settings: Settings, *, demo: bool = True) -> tuple[AppState, AdminStatus, int]:
    """Migrate, ensure the admin and, on an empty database, load the demo dataset."""
    migrate.upgrade(settings.resolved_database_url)
    state = AppState.build(settings, pool_size=2)
    recover_on_start(state)
    admin = ensure_admin(state)
    loaded = 0
    if demo and database_is_empty(state):
        from elara.demo import load_demo_data

        loaded = load_demo_data(state)
    return state, admin, loaded
