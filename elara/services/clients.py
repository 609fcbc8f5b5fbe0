"""The one client interface the gateway uses for the upload and database services.

In-process by default; over HTTP (with the service token) when ELARA_UPLOAD_SERVICE_URL /
ELARA_DB_SERVICE_URL are set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from elara.audit.events import Actor
from elara.core.state import AppState
from elara.datasets.schemas import (
    DatasetOut,
    DatasetPage,
    ErrorPage,
    SubmitOut,
    UploadOptions,
    UploadOut,
)
from elara.services.local import LocalDatasets, LocalUploads
from elara.uploads.preview import InspectOut, InspectRequest


class DatasetsClient(Protocol):
    def page(self, caller: Actor, *, mine: bool, page: int, page_size: int) -> DatasetPage: ...
    def get(self, caller: Actor, dataset_id: int) -> DatasetOut: ...
    def errors(
        self,
        caller: Actor,
        dataset_id: int,
        *,
        upload_id: int | None,
        offset: int,
        limit: int | None,
    ) -> ErrorPage: ...
    def uploads(self, caller: Actor, dataset_id: int) -> list[UploadOut]: ...
    def delete(self, caller: Actor, dataset_id: int) -> None: ...
    def rollback(self, caller: Actor, dataset_id: int, upload_id: int) -> UploadOut: ...


class UploadsClient(Protocol):
    def submit(
        self, caller: Actor, *, path: Path, filename: str, options: UploadOptions, wait: bool
    ) -> SubmitOut: ...
    def inspect(self, caller: Actor, *, path: Path, request: InspectRequest) -> InspectOut: ...


class Clients:
    def __init__(self, datasets: DatasetsClient, uploads: UploadsClient) -> None:
        self.datasets = datasets
        self.uploads = uploads


def build_clients(state: AppState) -> Clients:
    """HTTP clients for the services whose URL is configured, in-process ones otherwise."""
    settings = state.settings
    datasets: DatasetsClient = LocalDatasets(state)
    uploads: UploadsClient = LocalUploads(state)
    if settings.db_service_url or settings.upload_service_url:
        from elara.services.remote import RemoteDatasets, RemoteUploads, service_token

        token = service_token(settings)
        if settings.db_service_url:
            datasets = RemoteDatasets(settings.db_service_url, token)
        if settings.upload_service_url:
            uploads = RemoteUploads(settings.upload_service_url, token)
    return Clients(datasets, uploads)
