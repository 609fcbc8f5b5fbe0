"""The filtered records: keyset pages with an opaque cursor, and the batches exports read.

A cursor is base64url JSON of the sort, the order and the last row's (sort value, id); it is
bound to the sort it was made for. It only moves a position inside the caller's own scope, so
it needs no signature: a forged cursor can never reach rows the query builder excludes.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from elara.core.errors import InvalidInput
from elara.dashboard import repository
from elara.dashboard.compute import money
from elara.dashboard.context import resolve
from elara.dashboard.filters import Filters
from elara.dashboard.repository import SORT_COLUMNS
from elara.dashboard.schemas import RecordOut, RecordPage
from elara.models import DatasetRecord, User

MAX_LIMIT = 1000


def _sort_value(record: DatasetRecord, sort: str) -> Any:
    value = {
        "company": record.company_code,
        "amount": record.amount_minor,
        "category": record.category or "",
        "currency": record.currency or "",
        "description": record.description or "",
    }.get(sort, getattr(record, sort, None))
    return value.isoformat() if isinstance(value, date) else value


def encode_cursor(record: DatasetRecord, *, sort: str, order: str) -> str:
    payload = {"s": sort, "o": order, "v": _sort_value(record, sort), "i": record.id}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, sort: str, order: str) -> tuple[Any, int]:
    """The keyset position of a cursor made for this sort and order, or a 422."""
    bad = InvalidInput("The cursor is not valid for this query.", code="invalid_cursor")
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        value, last_id = payload["v"], payload["i"]
        if payload["s"] != sort or payload["o"] != order or not isinstance(last_id, int):
            raise bad
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise bad from exc
    if sort == "date":
        try:
            value = date.fromisoformat(value)
        except (TypeError, ValueError) as exc:
            raise bad from exc
    expected = int if sort in ("id", "dataset_id", "amount") else (str if sort != "date" else date)
    if not isinstance(value, expected) or isinstance(value, bool):
        raise bad
    return value, last_id


def record_out(record: DatasetRecord) -> RecordOut:
    return RecordOut(
        id=record.id,
        dataset_id=record.dataset_id,
        company=record.company_code,
        date=record.date,
        account=record.account,
        category=record.category,
        amount=money(record.amount_minor),
        currency=record.currency,
        description=record.description,
    )


def _check(sort: str, order: str, limit: int) -> None:
    if sort not in SORT_COLUMNS:
        raise InvalidInput(
            details=[{"field": "sort", "message": f"one of {', '.join(SORT_COLUMNS)}"}]
        )
    if order not in ("asc", "desc"):
        raise InvalidInput(details=[{"field": "order", "message": "asc or desc"}])
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(details=[{"field": "limit", "message": f"between 1 and {MAX_LIMIT}"}])


def records(
    session: Session,
    *,
    user: User,
    filters: Filters,
    sort: str = "date",
    order: str = "asc",
    limit: int = 100,
    cursor: str | None = None,
) -> RecordPage:
    """One keyset page of the filtered records the user may see."""
    _check(sort, order, limit)
    after = decode_cursor(cursor, sort=sort, order=order) if cursor else None
    ctx = resolve(session, user=user, filters=filters)
    rows = repository.records_page(
        session, ctx.builder, sort=sort, descending=order == "desc", after=after, limit=limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1], sort=sort, order=order) if more and rows else None
    return RecordPage(
        items=[record_out(r) for r in rows],
        next_cursor=next_cursor,
        sort=sort,
        order=order,
        limit=limit,
    )
