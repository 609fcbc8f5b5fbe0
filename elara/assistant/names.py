"""Company display names: an admin-editable name per company code (audited), which the
assistant matches alongside the codes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.assistant.schemas import CompanyNameOut
from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent, diff
from elara.core import data_version
from elara.core.errors import NotFound
from elara.models import CompanyName, utcnow


def company_names(session: Session) -> dict[str, str]:
    """Code → display name, for every code that has one."""
    return {
        code: name for code, name in session.execute(select(CompanyName.code, CompanyName.name))
    }


def list_names(session: Session) -> list[CompanyNameOut]:
    """Every stored display name, by code."""
    rows = session.scalars(select(CompanyName).order_by(CompanyName.code))
    return [CompanyNameOut(code=row.code, name=row.name) for row in rows]


def _audit(
    session: Session, actor: Actor, code: str, before: dict[str, str], after: dict[str, str]
) -> None:
    event = AuditEvent(
        Action.setting_change, "company_name", code[:64], changes=diff(before, after)
    )
    chain.record(session, event, actor)
    data_version.bump(session)  # cached answers may carry the old name


def put_name(session: Session, *, code: str, name: str, actor: Actor) -> CompanyNameOut:
    """Set (or replace) the display name of a company code."""
    row = session.get(CompanyName, code)
    before = {"name": row.name} if row else {}
    if row is None:
        row = CompanyName(code=code, name=name, updated_by=actor.user_id)
        session.add(row)
    else:
        row.name, row.updated_at, row.updated_by = name, utcnow(), actor.user_id
    session.flush()
    _audit(session, actor, code, before, {"name": name})
    return CompanyNameOut(code=code, name=name)


def delete_name(session: Session, *, code: str, actor: Actor) -> None:
    """Remove a display name (the code is shown again)."""
    row = session.get(CompanyName, code)
    if row is None:
        raise NotFound("No display name for that company code.")
    before = {"name": row.name}
    session.delete(row)
    session.flush()
    _audit(session, actor, code, before, {})
