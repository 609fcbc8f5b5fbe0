"""The in-process implementation of the service clients: direct calls, own transactions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from elara.audit.events import Actor
from elara.core.errors import Unauthenticated
from elara.core.state import AppState
from elara.datasets import manage
from elara.datasets import service as datasets
from elara.datasets.schemas import (
    DatasetOut,
    DatasetPage,
    ErrorOut,
    ErrorPage,
    SubmitOut,
    UploadOptions,
    UploadOut,
)
from elara.models import User
from elara.uploads import service as uploads
from elara.uploads.files import remove_original
from elara.uploads.preview import InspectOut, InspectRequest

T = TypeVar("T")


class LocalDatasets:
    """Dataset reads and changes, run against this process's database."""

    def __init__(self, state: AppState) -> None:
        self.state = state

    def _run(self, caller: Actor, work: Callable[[Session, User], T]) -> T:
        with self.state.db.transaction() as session:
            user = session.get(User, caller.user_id) if caller.user_id else None
            if user is None or not user.is_active:
                raise Unauthenticated("Your account is not active.")
            return work(session, user)

    def page(self, caller: Actor, *, mine: bool, page: int, page_size: int) -> DatasetPage:
        def work(session: Session, user: User) -> DatasetPage:
            rows, total = datasets.list_datasets(
                session, user=user, mine=mine, page=page, page_size=page_size
            )
            items = [DatasetOut.model_validate(row) for row in rows]
            return DatasetPage(items=items, total=total, page=page, page_size=page_size)

        return self._run(caller, work)

    def get(self, caller: Actor, dataset_id: int) -> DatasetOut:
        def work(session: Session, user: User) -> DatasetOut:
            dataset = datasets.get_dataset(session, user=user, dataset_id=dataset_id)
            out = DatasetOut.model_validate(dataset)
            latest = manage.latest_upload(session, dataset_id=dataset_id)
            out.latest_upload = UploadOut.model_validate(latest) if latest else None
            return out

        out = self._run(caller, work)
        out.progress = uploads.progress_of(self.state, dataset_id)
        return out

    def errors(
        self,
        caller: Actor,
        dataset_id: int,
        *,
        upload_id: int | None,
        offset: int,
        limit: int | None,
    ) -> ErrorPage:
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

        return self._run(caller, work)

    def uploads(self, caller: Actor, dataset_id: int) -> list[UploadOut]:
        def work(session: Session, user: User) -> list[UploadOut]:
            rows = manage.list_uploads(session, user=user, dataset_id=dataset_id)
            return [UploadOut.model_validate(row) for row in rows]

        return self._run(caller, work)

    def delete(self, caller: Actor, dataset_id: int) -> None:
        paths = self._run(
            caller,
            lambda s, u: manage.delete_dataset(s, user=u, actor=caller, dataset_id=dataset_id),
        )
        for name in paths:
            remove_original(name, settings=self.state.settings)
        self.state.events.publish({"type": "data.changed", "dataset_id": dataset_id})

    def rollback(self, caller: Actor, dataset_id: int, upload_id: int) -> UploadOut:
        out = self._run(
            caller,
            lambda s, u: UploadOut.model_validate(
                manage.rollback_upload(
                    s, user=u, actor=caller, dataset_id=dataset_id, upload_id=upload_id
                )
            ),
        )
        self.state.events.publish({"type": "data.changed", "dataset_id": dataset_id})
        return out


class LocalUploads:
    """File intake run in this process (parsing on the job thread pool)."""

    def __init__(self, state: AppState) -> None:
        self.state = state

    def submit(
        self, caller: Actor, *, path: Path, filename: str, options: UploadOptions, wait: bool
    ) -> SubmitOut:
        return uploads.submit_upload(
            self.state,
            user_id=caller.user_id or 0,
            actor=caller,
            path=path,
            filename=filename,
            options=options,
            wait=wait,
        )

    def inspect(self, caller: Actor, *, path: Path, request: InspectRequest) -> InspectOut:
        try:
            return uploads.inspect_upload(
                self.state, user_id=caller.user_id or 0, path=path, request=request
            )
        finally:
            path.unlink(missing_ok=True)
