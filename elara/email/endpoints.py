"""/api/admin/outbox: the messages Elara stored instead of sending (no SMTP configured)."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

from fastapi import APIRouter, Depends

from elara.audit import chain
from elara.audit.events import Action, AuditEvent
from elara.auth.deps import ActorDep, require
from elara.auth.permissions import Permission
from elara.core.deps import SessionDep, StateDep
from elara.core.schemas import OutputModel

router = APIRouter(prefix="/api/admin/outbox", tags=["admin"])
_NAME = re.compile(r"^[0-9TZ]+-[0-9a-f]{8}\.eml$")
MAX_LISTED = 200


class OutboxMessage(OutputModel):
    name: str
    to: str
    subject: str
    date: str
    body: str


@router.get("", dependencies=[Depends(require(Permission.settings_manage))])
def list_outbox(state: StateDep, session: SessionDep, actor: ActorDep) -> list[OutboxMessage]:
    """The newest stored messages (at most 200), newest first; reading them is audited."""
    # The outbox holds reset links, so who read it belongs in the trail.
    chain.record(session, AuditEvent(Action.outbox_read, "outbox", None), actor)
    folder = state.settings.outbox_dir
    if not folder.is_dir():
        return []
    names = sorted((p for p in folder.iterdir() if _NAME.match(p.name)), reverse=True)
    messages = []
    for path in names[:MAX_LISTED]:
        parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        body = parsed.get_body(preferencelist=("plain",))
        messages.append(
            OutboxMessage(
                name=path.name,
                to=str(parsed["To"] or ""),
                subject=str(parsed["Subject"] or ""),
                date=str(parsed["Date"] or ""),
                body=body.get_content() if body else "",
            )
        )
    return messages
