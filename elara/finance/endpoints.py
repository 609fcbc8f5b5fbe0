"""Finance settings routes (admin): the chart of accounts and the kind of each account."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response

from elara.auth.deps import ActorDep
from elara.core.csv_text import read_csv_upload
from elara.core.deps import SessionDep
from elara.dashboard.params import SettingsAdmin
from elara.finance import accounts
from elara.finance.schemas import AccountKindIn, AccountList, BulkKindsIn, KindsStored

router = APIRouter(tags=["finance settings"])
KINDS_PATTERN = (
    "^(revenue|cost_of_sales|operating_expense|other_income|other_expense|tax|subtotal|"
    "non_financial|balance_sheet|unclassified)$"
)


@router.get("/api/finance/accounts")
def list_accounts(
    _: SettingsAdmin,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=128)] = None,
    kind: Annotated[str | None, Query(pattern=KINDS_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AccountList:
    """The chart of accounts: every account, its kind and where the kind comes from."""
    return accounts.list_accounts(session, q=q, kind=kind, limit=limit, offset=offset)


@router.put("/api/finance/accounts")
def put_account_kind(
    body: AccountKindIn, _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> KindsStored:
    """Give an account a kind everywhere or in one dataset (null removes the admin's kind)."""
    changed = accounts.set_kinds(
        session, accounts=[body.account], kind=body.kind, dataset_id=body.dataset_id, actor=actor
    )
    return KindsStored(changed=changed)


@router.post("/api/finance/accounts/bulk")
def bulk_account_kinds(
    body: BulkKindsIn, _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> KindsStored:
    """Give many accounts one kind (or remove their admin's kind); audited once."""
    changed = accounts.set_kinds(
        session, accounts=body.accounts, kind=body.kind, dataset_id=body.dataset_id, actor=actor
    )
    return KindsStored(changed=changed)


@router.get(
    "/api/finance/accounts/export",
    responses={200: {"content": {"text/csv": {}}, "description": "The chart of accounts"}},
)
def export_accounts(_: SettingsAdmin, session: SessionDep) -> Response:
    """The chart of accounts as CSV (account, kind, source, suggested, categories, records)."""
    stamp = date.today().strftime("%Y%m%d")
    return Response(
        "\ufeff" + accounts.export_csv(session),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="elara-accounts-{stamp}.csv"'},
    )


@router.post("/api/finance/accounts/import")
def import_accounts(
    file: Annotated[UploadFile, File()], _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> KindsStored:
    """Set kinds from a CSV with the columns account and kind (all rows valid, or none)."""
    text = read_csv_upload(file.file, what="Account files")
    return KindsStored(changed=accounts.import_csv(session, text=text, actor=actor))
