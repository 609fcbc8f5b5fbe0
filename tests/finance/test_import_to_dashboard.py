"""End to end on real components: a generated income statement (periods as columns, its own
subtotal lines) read with the suggested import settings, stored through the datasets service
with those settings on the upload batch, answers KPIs equal to its subtotal lines, per period,
whether its costs are written negative or positive. SQLite and MariaDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from elara.audit.events import Actor
from elara.datasets import service as datasets
from elara.finance.kinds import suggest_sign
from elara.ingest import ParseReport, parse_file, preview_file, suggest_settings
from elara.ingest.settings import SignConvention
from elara.models import Dataset, DatasetStatus, UploadBatch
from elara.storage.spool import Spool
from elara.uploads.files import work_dir
from tests.factories import create_user, login

MONTHS = ("Jan 2025", "Feb 2025", "Mar 2025")
ENDS = ("2025-01-31", "2025-02-28", "2025-03-31")
LINES = [
    ("Product sales", ("1000.00", "1100.00", "1200.50"), False),
    ("Service revenue", ("500.00", "450.00", "525.25"), False),
    ("Total Revenue", ("1500.00", "1550.00", "1725.75"), False),
    ("Cost of goods sold", ("600.00", "620.00", "700.10"), True),
    ("Gross Profit", ("900.00", "930.00", "1025.65"), False),
    ("Selling, general and administrative", ("300.00", "310.00", "320.00"), True),
    ("Depreciation and amortization", ("50.00", "50.00", "50.00"), True),
    ("Operating Income", ("550.00", "570.00", "655.65"), False),
    ("Interest expense", ("20.00", "20.00", "20.00"), True),
    ("Income tax expense", ("106.00", "110.00", "127.13"), True),
    ("Net Income", ("424.00", "440.00", "508.52"), False),
]


def _statement(path: Path, *, costs_negative: bool) -> Path:
    rows = ["Income Statement," + ",".join(MONTHS)]
    for name, amounts, cost in LINES:
        signed = [f"-{a}" if cost and costs_negative else a for a in amounts]
        rows.append(",".join([f'"{name}"', *signed]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _import(state, path: Path) -> int:
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.company = "ACME"
    settings.constants.currency = "USD"
    # The preview offers the sign its totals show (the user may change it before storing).
    settings.sign = SignConvention(suggest_sign(preview_file(path, settings).by_account))
    parser = parse_file(path, settings=settings)
    with Spool(work_dir(state.settings)) as spool, state.db.transaction() as session:
        for batch in parser:
            spool.add(batch)
        dataset = Dataset(name=path.stem, status=DatasetStatus.processing.value)
        session.add(dataset)
        session.flush()
        batch_row = UploadBatch(
            dataset_id=dataset.id,
            filename=path.name,
            sha256="1" * 64,
            status="processing",
            options={"settings": settings.model_dump(mode="json")},
            report={},
        )
        session.add(batch_row)
        session.flush()
        report: ParseReport = parser.report
        datasets.store_upload(
            session,
            dataset_id=dataset.id,
            batch_id=batch_row.id,
            spool=spool,
            report=report,
            actor=Actor(user_id=None, email="test"),
        )
        return dataset.id


@pytest.mark.parametrize("costs_negative", [False, True])
def test_statement_kpis_equal_its_subtotal_lines(client, state, tmp_path, costs_negative):
    path = _statement(tmp_path / "statement.csv", costs_negative=costs_negative)
    _import(state, path)
    headers = login(client, create_user(state, role="viewer"))
    stated = {name: amounts for name, amounts, _ in LINES}
    for index, end in enumerate(ENDS):
        url = f"/api/dashboard/summary?from={end[:8]}01&to={end}"
        kpis = client.get(url, headers=headers).json()["current"]
        assert kpis["revenue"] == stated["Total Revenue"][index]
        assert kpis["gross_profit"] == stated["Gross Profit"][index]
        assert kpis["operating_income"] == stated["Operating Income"][index]
        assert kpis["net_income"] == stated["Net Income"][index]
        assert kpis["tie_outs"] == [] and kpis["unclassified_count"] == 0
        assert kpis["depreciation_amortization"] == "50.00"
