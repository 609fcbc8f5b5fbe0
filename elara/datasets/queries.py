"""Dataset reads and changes for the routes, each in its own transaction (as the caller)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from elara.audit.events import Actor
from elara.core.errors import Unauthenticated
from elara.core.state import AppState
from elara.datasets import manage
from elara.datasets import service as datasets
from elara.datasets.schemas import (
    DatasetChange,
    DatasetOut,
    DatasetPage,
    ErrorOut,
    ErrorPage,
    UploadOut,
)
from elara.models import User
from elara.uploads import service as uploads
from elara.uploads.files import remove_original

T = TypeVar("T")


def _run(
    state: AppState, caller: Actor, work: Callable[[Session, User], T], *, read: bool = False
) -> T:
    """`work` for the caller's user; `read`: a read-only work whose reads see one moment."""
    with state.db.snapshot() if read else state.db.transaction() as session:
        user = session.get(User, caller.user_id) if caller.user_id else None
        if user is None or not user.is_active:
            raise Unauthenticated("Your account is not active.")
        return work(session, user)


def dataset_page(
    state: AppState, caller: Actor, *, mine: bool, page: int, page_size: int
) -> DatasetPage:
    """A page of datasets as the caller may see them."""

    def work(session: Session, user: User) -> DatasetPage:
        rows, total = datasets.list_datasets(
            session, user=user, mine=mine, page=page, page_size=page_size
        )
        items = datasets.present(session, user=user, datasets=rows)
        return DatasetPage(items=items, total=total, page=page, page_size=page_size)

    return _run(state, caller, work)


def dataset_detail(state: AppState, caller: Actor, dataset_id: int) -> DatasetOut:
    """One dataset with its latest upload and live progress."""

    def work(session: Session, user: User) -> DatasetOut:
        dataset = datasets.get_dataset(session, user=user, dataset_id=dataset_id)
        out = datasets.present(session, user=user, datasets=[dataset])[0]
        # The latest upload's report describes every company's rows: owners and
        # unrestricted users only (as the uploads list).
        if not user.allowed_companies or dataset.owner_id == user.id:
            latest = manage.latest_upload(session, dataset_id=dataset_id)
            out.latest_upload = UploadOut.model_validate(latest) if latest else None
        return out

    # One moment: an upload told finished comes with the rows it stored, never the old count.
    out = _run(state, caller, work, read=True)
    out.progress = uploads.progress_of(state, dataset_id)
    return out


def change_dataset(
    state: AppState, caller: Actor, dataset_id: int, change: DatasetChange
) -> DatasetOut:
    """Mark a dataset's scenario (owner or admin; audited)."""

    def work(session: Session, user: User) -> DatasetOut:
        dataset = datasets.change_dataset(
            session, user=user, actor=caller, dataset_id=dataset_id, scenario=change.scenario
        )
        return datasets.present(session, user=user, datasets=[dataset])[0]

    out = _run(state, caller, work)
    state.events.publish({"type": "data.changed", "dataset_id": dataset_id})
    return out


def error_page(
    state: AppState,
    caller: Actor,
    dataset_id: int,
    *,
    upload_id: int | None,
    offset: int,
    limit: int | None,
) -> ErrorPage:
    """Row errors of the latest (or a given) upload."""

    def work(session: Session, user: User) -> ErrorPage:
        rows, stored, total, batch_id = manage.list_errors(
            session,
            user=user,
            dataset_id=dataset_id,
            upload_id=upload_id,
            offset=offset,
            limit=limit,
        )
        items = [ErrorOut.model_validate(row) for row in rows]
        return ErrorPage(items=items, total=total, stored=stored, upload_id=batch_id)

    return _run(state, caller, work)


def upload_list(state: AppState, caller: Actor, dataset_id: int) -> list[UploadOut]:
    """Every upload that fed the dataset, oldest first."""

    def work(session: Session, user: User) -> list[UploadOut]:
        rows = manage.list_uploads(session, user=user, dataset_id=dataset_id)
        return [UploadOut.model_validate(row) for row in rows]

    return _run(state, caller, work)


def delete_dataset(state: AppState, caller: Actor, dataset_id: int) -> None:
    """Delete a dataset, its rows and its stored originals."""
    paths = _run(
        state,
        caller,
        lambda s, u: manage.delete_dataset(s, user=u, actor=caller, dataset_id=dataset_id),
    )
    for name in paths:
        remove_original(name, settings=state.settings)
    state.events.publish({"type": "data.changed", "dataset_id": dataset_id})


def rollback_upload(state: AppState, caller: Actor, dataset_id: int, upload_id: int) -> UploadOut:
    """Take one stored upload's rows out of the dataset."""
    out = _run(
        state,
        caller,
        lambda s, u: UploadOut.model_validate(
            manage.rollback_upload(
                s, user=u, actor=caller, dataset_id=dataset_id, upload_id=upload_id
            )
        ),
    )
    state.events.publish({"type": "data.changed", "dataset_id": dataset_id})
    return out
