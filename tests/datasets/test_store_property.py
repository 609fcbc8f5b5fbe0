"""Property: whatever rows a file holds, nothing reaches the database that it refuses.

Random rows (any text, out-of-range dates and amounts, long and odd strings, non-finite
quantities) go through the real path: parse -> spool -> store, on SQLite and MariaDB. Every
row is either stored exactly as the preview showed it or reported as a row error; the database
never rejects a write (no "Storing failed"), and the stored totals equal the preview's.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from elara.audit.events import Actor
from elara.core.errors import ElaraError
from elara.core.money import to_decimal
from elara.core.state import AppState
from elara.datasets.schemas import OnError, UploadOptions
from elara.ingest import ColumnRole, ColumnSetting, ImportSettings, IngestError, preview_file
from elara.models import DatasetRecord, UploadBatch
from elara.uploads.scope import upload_scope
from elara.uploads.service import submit_upload
from elara.uploads.worker import working
from tests.factories import create_user

HEADER = ["Company", "Date", "Account", "Category", "Amount", "Currency", "Description", "Units"]
ROLES = ["company", "date", "account", "category", "amount", "currency", "description", "quantity"]
SETTINGS = ImportSettings(
    header_row=1,
    columns=[
        ColumnSetting(header=h, role=ColumnRole(r)) for h, r in zip(HEADER, ROLES, strict=True)
    ],
)
COUNTER = itertools.count()

# Any printable text plus the characters that break naive storage: quotes, backslashes,
# tabs, newlines, the word NULL, emoji (4-byte UTF-8) and combining marks. (Control bytes make
# the whole file "binary data", refused before parsing: tests/ingest covers that.)
ODD = st.sampled_from(["NULL", "\\N", '"', "\\", "\t", "\n", "\r\n", "💶", "e\u0301", " "])
CHARS = st.characters(exclude_categories=("Cs", "Cc"))
NASTY = st.one_of(
    st.text(CHARS, max_size=140),
    st.lists(ODD, max_size=6).map("".join),
)


def _text(limit: int) -> st.SearchStrategy[str]:
    """Mostly text a column can hold, around its limit, sometimes anything at all."""
    fits = st.text(CHARS, min_size=1, max_size=limit)
    edge = st.sampled_from(["💶" * limit, "x" * limit, "x" * (limit + 1), "💶" * (limit + 1)])
    return st.one_of(fits, fits, fits, edge, NASTY)


def _amounts() -> st.SearchStrategy[str]:
    plain = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4)
    wide = st.decimals(min_value=Decimal("-1e20"), max_value=Decimal("1e20"), places=6)
    return st.one_of(
        plain.map(str),
        plain.map(str),
        plain.map(lambda d: f"{d:,.4f}"),
        wide.map(str),
        st.sampled_from(["", "-", "1e400", "NaN", "inf", "(12.50)", "9" * 30, "0.00001"]),
        NASTY,
    )


def _dates() -> st.SearchStrategy[str]:
    usual = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)
    return st.one_of(
        usual,
        usual,
        st.dates().map(dt.date.isoformat),
        st.sampled_from(["0001-01-01", "9999-12-31", "0999-12-31", "2024-02-30", "", "45657"]),
        NASTY,
    )


def _clean(limit: int) -> st.SearchStrategy[str]:
    """Text a column can hold: any printable characters, up to its limit."""
    return st.text(CHARS, min_size=1, max_size=limit).filter(lambda t: t.strip() != "")


CLEAN_ROW = st.tuples(
    _clean(64),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
    _clean(128),
    st.one_of(st.just(""), _clean(64)),
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=4).map(str),
    st.sampled_from(["USD", "EUR", ""]),
    st.one_of(st.just(""), st.text(CHARS, max_size=1000)),
    st.sampled_from(["1", "2.5", "-3", ""]),
)
ANY_ROW = st.tuples(
    st.one_of(st.sampled_from(["ACME", "GLOBEX"]), _text(64)),
    _dates(),
    st.one_of(st.sampled_from(["Revenue", "Rent"]), _text(128)),
    st.one_of(st.just(""), _text(64)),
    _amounts(),
    st.one_of(st.sampled_from(["USD", "EUR", "", "usd"]), st.sampled_from(["$", "€", "XXXX"])),
    st.one_of(st.just(""), _text(1000), st.just("é" * 40_000)),
    st.one_of(st.sampled_from(["1", "2.5", "NaN", "inf", "-inf", "1e400", ""]), NASTY),
)
ROWS = st.lists(st.one_of(CLEAN_ROW, ANY_ROW), min_size=1, max_size=12)
GOOD = ("ACME", "2024-01-31", "Revenue", "Sales", "10.5", "USD", "fine", "1")


def _with(**changes: str) -> tuple[str, ...]:
    row = dict(zip(ROLES, GOOD, strict=True))
    row.update(changes)
    return tuple(row[r] for r in ROLES)


# Every limit of the records table, just inside and just outside, always tried first.
EDGES = [
    GOOD,
    *(
        _with(**{role: fill * size})
        for role, limit in (("company", 64), ("account", 128), ("category", 64))
        for fill in ("x", "💶")
        for size in (limit, limit + 1)
    ),
    _with(description="é" * 40_000),
    _with(description="d" * 1001),
    _with(date="9999-12-31"),
    _with(date="0999-12-31"),
    _with(amount="99999999999999.9999"),
    _with(amount="-9" * 19),
    _with(amount="0.00001"),
    _with(currency="EURO"),
    _with(quantity="NaN"),
    _with(quantity="1e400"),
    _with(quantity="-inf"),
]


def _write(folder: Path, rows: list[tuple[str, ...]]) -> Path:
    path = folder / f"random-{next(COUNTER)}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _stored_records(state: AppState, dataset_id: int) -> list[tuple[object, ...]]:
    with state.db.transaction() as session:
        rows = session.scalars(
            select(DatasetRecord).where(DatasetRecord.dataset_id == dataset_id)
        ).all()
        for row in rows:
            _within_model_constraints(row)
        return sorted(
            (
                r.company_code,
                r.date.isoformat(),
                r.account,
                r.category,
                to_decimal(r.amount_minor),
                r.currency,
                r.description,
            )
            for r in rows
        )


TEXT_BYTES = 65_535  # MySQL/MariaDB TEXT


def _within_model_constraints(record: DatasetRecord) -> None:
    """What MariaDB would refuse, checked on any backend (SQLite enforces no lengths)."""
    for column in DatasetRecord.__table__.columns:
        value = getattr(record, column.key)
        if value is None:
            assert column.nullable, column.key
            continue
        length = getattr(column.type, "length", None)
        if isinstance(value, str) and length:
            assert len(value) <= length, (column.key, value)
        elif isinstance(value, str):
            assert len(value.encode()) <= TEXT_BYTES, column.key
    assert 1000 <= record.date.year <= 9999
    assert -(2**63) <= record.amount_minor < 2**63
    json.dumps(record.attributes, allow_nan=False)


def _previewed(sample: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    return sorted(
        (
            r["company"],
            r["date"],
            r["account"],
            r["category"],
            Decimal(r["amount"]),
            r["currency"],
            r["description"],
        )
        for r in sample
    )


def _stored_by_account(state: AppState, dataset_id: int) -> dict[str, Decimal]:
    with state.db.transaction() as session:
        rows = session.execute(
            select(DatasetRecord.account, func.sum(DatasetRecord.amount_minor))
            .where(DatasetRecord.dataset_id == dataset_id)
            .group_by(DatasetRecord.account)
        )
        return {account: to_decimal(int(total)) for account, total in rows}


def test_nothing_reaches_the_database_that_it_refuses(state: AppState, tmp_path: Path) -> None:
    user = create_user(state, role="analyst")
    actor = Actor(user_id=user.id, email=user.email)

    stored_examples: list[int] = []

    @settings(
        max_examples=20 if state.db.engine.dialect.name == "sqlite" else 10,
        deadline=None,
        phases=(Phase.explicit, Phase.generate),  # each example stores; shrinking is too slow
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(rows=ROWS)
    @example(rows=EDGES)
    def check(rows: list[tuple[str, ...]]) -> None:
        path = _write(tmp_path, rows)
        with state.db.transaction() as session:  # the uploader's scope, as the store reads it
            scope = upload_scope(session, user_id=user.id)
        try:
            preview = preview_file(path, SETTINGS, scope=scope)
        except IngestError:  # the whole file is refused (binary-looking text): so is the upload
            preview = None
        options = UploadOptions(settings=SETTINGS, on_error=OnError.skip, name="random")
        try:
            out = submit_upload(
                state,
                user_id=user.id,
                actor=actor,
                path=path,
                filename=path.name,
                options=options,
                wait=True,
            )
        except ElaraError as exc:
            assert preview is None and exc.status_code < 500, exc
            return
        assert preview is not None
        upload = out.upload
        assert upload is not None
        reason = upload.status_reason or ""
        assert not reason.startswith("Storing failed"), reason
        if upload.status != "ready":
            return
        with state.db.transaction() as session:
            batch = session.get_one(UploadBatch, upload.id)
            stored = session.scalar(select(func.count()).where(DatasetRecord.batch_id == batch.id))
        assert stored == batch.row_count == out.row_count == preview.records
        assert _stored_by_account(state, out.id) == preview.by_account
        assert _stored_records(state, out.id) == _previewed(preview.sample)
        stored_examples.append(stored)

    with working(state, ("upload", "db")):  # this process is the workers too
        check()
    assert len(stored_examples) >= 3, "too few examples reached the database to mean anything"
