"""The chart of accounts: every account in the data, its kind, and the admins' changes to it.

An admin's kind applies to the account (by normalised name) in every dataset, or in one dataset
when a dataset id is given. Every change is audited with before/after and bumps the data
version, so no cached dashboard answer outlives it.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.core import data_version
from elara.core.errors import InvalidInput, NotFound
from elara.dashboard.kinds import load_overrides
from elara.finance.kinds import AccountKind, classify, normalise_name
from elara.finance.schemas import AccountList, AccountOut, DatasetKind
from elara.models import (
    AccountKindEntry,
    Dataset,
    DatasetAccountKind,
    DatasetStatus,
    RollupMonthly,
    utcnow,
)

MAX_IMPORT_ROWS = 5000
CSV_HEADER = ("account", "kind", "source", "suggested", "categories", "record_count")


@dataclass
class _Seen:
    account: str
    categories: dict[str, int] = field(default_factory=dict)
    count: int = 0


def _present(session: Session) -> dict[str, _Seen]:
    """Accounts in the ready datasets, by normalised name, with their categories and counts."""
    ready = select(Dataset.id).where(Dataset.status == DatasetStatus.ready.value)
    query = (
        select(RollupMonthly.account, RollupMonthly.category, func.sum(RollupMonthly.record_count))
        .where(RollupMonthly.dataset_id.in_(ready))
        .group_by(RollupMonthly.account, RollupMonthly.category)
    )
    seen: dict[str, _Seen] = {}
    for account, category, count in session.execute(query):
        entry = seen.setdefault(normalise_name(account), _Seen(account))
        if category:
            entry.categories[category] = entry.categories.get(category, 0) + int(count or 0)
        entry.count += int(count or 0)
    return seen


def chart(session: Session) -> list[AccountOut]:
    """Every account with data or an admin entry, sorted by name."""
    seen = _present(session)
    admin = {e.account_key: e for e in session.scalars(select(AccountKindEntry))}
    for key, entry in admin.items():
        seen.setdefault(key, _Seen(entry.account))
    per_dataset = _dataset_kinds(session)
    items = []
    for key, found in seen.items():
        category = max(found.categories, key=lambda c: found.categories[c], default=None)
        suggested = classify(found.account, category)
        admin_entry = admin.get(key)
        kind = admin_entry.kind if admin_entry else (suggested.kind.value if suggested else None)
        source = "admin" if admin_entry else ("vocabulary" if suggested else "none")
        items.append(
            AccountOut(
                account=found.account,
                categories=sorted(found.categories)[:5],
                kind=kind,
                source=source,
                suggested=suggested.kind.value if suggested else None,
                record_count=found.count,
                datasets=per_dataset.get(key, []),
            )
        )
    return sorted(items, key=lambda item: (item.account.casefold(), item.account))


def _dataset_kinds(session: Session) -> dict[str, list[DatasetKind]]:
    ids = list(session.scalars(select(Dataset.id)))
    overrides = load_overrides(session, ids)
    admin = {
        (d, key)
        for d, key in session.execute(
            select(DatasetAccountKind.dataset_id, DatasetAccountKind.account_key)
        )
    }
    out: dict[str, list[DatasetKind]] = defaultdict(list)
    for dataset_id, kinds in sorted(overrides.per_dataset.items()):
        for key, kind in sorted(kinds.items()):
            source = "admin" if (dataset_id, key) in admin else "import"
            out[key].append(DatasetKind(dataset_id=dataset_id, kind=kind, source=source))
    return out


def list_accounts(
    session: Session, *, q: str | None, kind: str | None, limit: int, offset: int
) -> AccountList:
    """A page of the chart, searched by name or category and filtered by kind."""
    items = chart(session)
    unclassified = sum(1 for item in items if item.kind is None)
    if q:
        needle = normalise_name(q)
        items = [
            i
            for i in items
            if needle in normalise_name(i.account)
            or any(needle in normalise_name(c) for c in i.categories)
        ]
    if kind:
        wanted = None if kind == "unclassified" else kind
        items = [i for i in items if i.kind == wanted]
    return AccountList(
        items=items[offset : offset + limit], total=len(items), unclassified=unclassified
    )


def _check_dataset(session: Session, dataset_id: int | None) -> None:
    if dataset_id is not None and session.get(Dataset, dataset_id) is None:
        raise NotFound("No such dataset.")


def _set_one(
    session: Session,
    *,
    account: str,
    kind: AccountKind | None,
    dataset_id: int | None,
    actor: Actor,
) -> dict[str, Any] | None:
    """Write one entry; returns its before/after, or None when nothing changed."""
    account = account.strip()
    key = normalise_name(account)
    if not key:
        raise InvalidInput(details=[{"field": "account", "message": "needs letters or digits"}])
    model: Any = DatasetAccountKind if dataset_id is not None else AccountKindEntry
    query = select(model).where(model.account_key == key)
    if dataset_id is not None:
        query = query.where(DatasetAccountKind.dataset_id == dataset_id)
    entry = session.scalars(query).first()
    before = entry.kind if entry else None
    after = kind.value if kind else None
    if before == after:
        return None
    if entry is not None and after is None:
        session.delete(entry)
    elif entry is not None:
        entry.kind, entry.updated_at, entry.updated_by = after, utcnow(), actor.user_id
    else:
        extra = {"dataset_id": dataset_id} if dataset_id is not None else {}
        session.add(
            model(
                account=account[:128],
                account_key=key[:128],
                kind=after,
                updated_by=actor.user_id,
                **extra,
            )
        )
    return {"account": account, "before": before, "after": after}


def _audit(
    session: Session, actor: Actor, dataset_id: int | None, changes: list[dict[str, Any]]
) -> None:
    session.flush()
    entity = "account_kind" if dataset_id is None else "dataset_account_kind"
    entity_id = changes[0]["account"] if len(changes) == 1 else f"{len(changes)} accounts"
    if dataset_id is not None:
        entity_id = f"{dataset_id}:{entity_id}"
    event = AuditEvent(
        Action.setting_change,
        entity,
        entity_id[:64],
        changes={
            "kind": {
                "before": {c["account"]: c["before"] for c in changes[:500]},
                "after": {c["account"]: c["after"] for c in changes[:500]},
            }
        },
        extra={"accounts": len(changes), **({"dataset_id": dataset_id} if dataset_id else {})},
    )
    chain.record(session, event, actor)
    data_version.bump(session)


def set_kinds(
    session: Session,
    *,
    accounts: Iterable[str],
    kind: AccountKind | None,
    dataset_id: int | None,
    actor: Actor,
) -> int:
    """Give accounts a kind (or remove the admin's kind, with None); one audit entry."""
    _check_dataset(session, dataset_id)
    changes = []
    for account in dict.fromkeys(a.strip() for a in accounts):
        changed = _set_one(session, account=account, kind=kind, dataset_id=dataset_id, actor=actor)
        if changed:
            changes.append(changed)
    if changes:
        _audit(session, actor, dataset_id, changes)
    return len(changes)


def export_csv(session: Session) -> str:
    """The chart as CSV: account, kind, source, suggested, categories, record_count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in chart(session):
        writer.writerow(
            [
                _cell(item.account),
                item.kind or "",
                item.source,
                item.suggested or "",
                _cell("; ".join(item.categories)),
                item.record_count,
            ]
        )
    return buffer.getvalue()


def _cell(value: str) -> str:
    # A spreadsheet must not run an account name as a formula (OWASP CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def parse_csv(text: str) -> list[tuple[str, AccountKind | None]]:
    """Rows of `account,kind` (header required; an empty kind removes the admin's kind)."""
    reader = csv.DictReader(io.StringIO(text))
    fields = {(name or "").strip().lower() for name in reader.fieldnames or []}
    if not {"account", "kind"} <= fields:
        raise InvalidInput("The CSV needs the columns account and kind.", code="bad_csv")
    rows: list[tuple[str, AccountKind | None]] = []
    errors = []
    for line, row in enumerate(reader, start=2):
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        account, kind = clean.get("account", "").lstrip("'"), clean.get("kind", "")
        if not normalise_name(account) or len(account) > 128:
            errors.append({"field": f"row {line}", "message": "account is empty or too long"})
        elif kind and kind not in AccountKind.__members__:
            errors.append({"field": f"row {line}", "message": f"unknown kind {kind[:32]!r}"})
        else:
            rows.append((account, AccountKind(kind) if kind else None))
        if len(rows) + len(errors) > MAX_IMPORT_ROWS:
            raise InvalidInput(f"At most {MAX_IMPORT_ROWS} rows.", code="bad_csv")
    if errors:
        raise InvalidInput(details=errors[:100])
    if not rows:
        raise InvalidInput("The CSV holds no accounts.", code="bad_csv")
    return rows


def import_csv(session: Session, *, text: str, actor: Actor) -> int:
    """Apply a chart CSV (every row valid, or nothing changes); one audit entry."""
    rows = parse_csv(text)
    changes = []
    for account, kind in rows:
        changed = _set_one(session, account=account, kind=kind, dataset_id=None, actor=actor)
        if changed:
            changes.append(changed)
            session.flush()
    if changes:
        _audit(session, actor, None, changes)
    return len(changes)
