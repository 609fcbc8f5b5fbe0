"""Imported dimensions (Region, Segment…) as filters and breakdowns in the API and exports,
with the same row-level rules as companies. SQLite and MariaDB."""

from __future__ import annotations

import csv
import io
from datetime import date

from tests.dashboard.factories import Row
from tests.factories import create_user, login
from tests.finance.factories import store, units

DAY = date(2025, 3, 31)
SETTINGS = {
    "columns": [
        {"header": "Company", "role": "company"},
        {"header": "Region", "role": "dimension"},
        {"header": "Segment", "role": "dimension"},
        {"header": "Units", "role": "quantity"},
    ]
}


def _store(state) -> int:
    rows = [
        Row("ACME", DAY, "Sales", "100.00", "Revenue"),
        Row("ACME", DAY, "Sales", "40.00", "Revenue"),
        Row("GLOBEX", DAY, "Sales", "7.00", "Revenue"),
        Row("GLOBEX", DAY, "Rent", "5.00", "Operating Expenses"),
    ]
    attributes = [
        {"Region": "East", "Segment": "Retail", "Units": 3},
        {"Region": "West", "Segment": "Retail", "Units": 1},
        {"Region": "East", "Segment": "Wholesale", "Units": 9},
        {"Region": "West"},
    ]
    return store(state, rows, settings=SETTINGS, attributes=attributes)


def test_dimension_filter_breakdown_and_options(client, state):
    _store(state)
    headers = login(client, create_user(state, role="viewer"))
    options = client.get("/api/dashboard/filters", headers=headers).json()
    assert options["dimensions"] == [
        {"name": "Region", "values": ["East", "West"]},
        {"name": "Segment", "values": ["Retail", "Wholesale"]},
    ]
    east = client.get("/api/dashboard/summary?dim=Region%3DEast", headers=headers).json()
    assert east["current"]["revenue"] == "107.00" and east["current"]["record_count"] == 2
    assert east["source"] == "rollup_account_monthly"  # built when the upload was stored
    both = client.get(
        "/api/dashboard/summary?dim=Region%3DEast&dim=Region%3DWest", headers=headers
    ).json()
    assert both["current"]["revenue"] == "147.00"
    split = client.get(
        "/api/dashboard/breakdown?by=dim:Region&metric=revenue", headers=headers
    ).json()
    assert [(i["key"], i["revenue"], i["expenses"]) for i in split["items"]] == [
        ("East", "107.00", "0.00"),
        ("West", "40.00", "5.00"),
    ]
    series = client.get(
        "/api/dashboard/timeseries?group_by=dim:Region&granularity=month", headers=headers
    ).json()
    assert {line["key"]: line["revenue"] for line in series["series"]} == {
        "East": ["107.00"],
        "West": ["40.00"],
    }


def test_two_dimensions_read_the_records_and_cut_months_mix(client, state):
    _store(state)
    headers = login(client, create_user(state, role="viewer"))
    both = client.get(
        "/api/dashboard/summary?dim=Region%3DEast&dim=Segment%3DRetail", headers=headers
    ).json()
    assert both["current"]["revenue"] == "100.00" and both["source"] == "dataset_records"
    split = client.get(
        "/api/dashboard/breakdown?by=dim:Segment&dim=Region%3DWest", headers=headers
    ).json()
    assert [(i["key"], i["revenue"]) for i in split["items"]] == [
        ("Retail", "40.00"),
        (None, "0.00"),
    ]
    cut = client.get(
        "/api/dashboard/summary?dim=Region%3DEast&from=2025-03-15&to=2025-04-30", headers=headers
    ).json()
    assert cut["current"]["revenue"] == "107.00"
    assert cut["source"] == "dataset_records+rollup_account_monthly"  # the cut March from records


def test_dimension_filters_keep_the_row_level_rules(client, state):
    _store(state)
    limited = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
    east = client.get("/api/dashboard/summary?dim=Region%3DEast", headers=limited).json()
    assert east["current"]["revenue"] == "100.00"
    split = client.get("/api/dashboard/breakdown?by=dim:Region", headers=limited).json()
    assert {i["key"] for i in split["items"]} == {"East", "West"}
    assert sum(i["record_count"] for i in split["items"]) == 2


def test_export_follows_the_dimension_filter(client, state):
    _store(state)
    headers = login(client, create_user(state, role="analyst"))
    response = client.get("/api/records/export?format=csv&dim=Region%3DWest", headers=headers)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert sorted(r["account"] for r in rows) == ["Rent", "Sales"]
    # Each imported dimension is a column of the export (quantities are not).
    assert list(rows[0])[-2:] == ["Region", "Segment"]
    assert sorted((r["Region"], r["Segment"]) for r in rows) == [("West", ""), ("West", "Retail")]
    xlsx = client.get("/api/records/export?format=xlsx&dim=Region%3DWest", headers=headers)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_bad_dimension_parameters(client, state):
    _store(state)
    headers = login(client, create_user(state, role="viewer"))
    for url in (
        "/api/dashboard/summary?dim=Region",
        "/api/dashboard/summary?dim=%3DEast",
        "/api/dashboard/breakdown?by=dim:",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 422, url
        assert response.json()["error"]["correlation_id"]


def _upload(state, dataset_id: int | None, mode: str, regions: list[str]) -> int:
    """Store records through the datasets service (as an upload does), Region as a dimension."""
    import polars as pl

    from elara.audit.events import Actor
    from elara.datasets import service as datasets
    from elara.ingest import ParsedBatch, ParseReport
    from elara.models import Dataset, DatasetStatus, UploadBatch
    from elara.storage.spool import Spool
    from elara.uploads.files import work_dir

    n = len(regions)
    frame = pl.DataFrame(
        {
            "company_code": ["ACME"] * n,
            "date": [DAY] * n,
            "account": ["Sales"] * n,
            "category": ["Revenue"] * n,
            "amount_minor": [units("10.00")] * n,
            "currency": ["USD"] * n,
            "description": [None] * n,
            "row": list(range(2, n + 2)),
        },
        schema_overrides={"amount_minor": pl.Int64, "description": pl.Utf8, "date": pl.Date},
    )
    parsed = ParsedBatch(
        frame=frame,
        attributes=[{"Region": r} for r in regions],
        errors=[],
        skipped=[],
        sheet=None,
        rows_read=n,
    )
    report = ParseReport(records=n, rows_read=n, file_kind="generated")
    with Spool(work_dir(state.settings)) as spool, state.db.transaction() as session:
        spool.add(parsed)
        if dataset_id is None:
            dataset = Dataset(name="regions", status=DatasetStatus.processing.value)
            session.add(dataset)
            session.flush()
            dataset_id = dataset.id
        batch = UploadBatch(
            dataset_id=dataset_id,
            filename="regions.csv",
            sha256=str(n) * 64,
            mode=mode,
            status="processing",
            options={"settings": SETTINGS},
            report={},
        )
        session.add(batch)
        session.flush()
        datasets.store_upload(
            session,
            dataset_id=dataset_id,
            batch_id=batch.id,
            spool=spool,
            report=report,
            actor=Actor(user_id=None, email="test"),
        )
    return dataset_id


def test_the_store_path_builds_and_replaces_dimension_rollups(client, state):
    dataset_id = _upload(state, None, "create", ["East", "East", "West"])
    headers = login(client, create_user(state, role="viewer"))
    split = client.get("/api/dashboard/breakdown?by=dim:Region", headers=headers).json()
    assert split["source"] == "rollup_account_monthly"
    assert [(i["key"], i["revenue"]) for i in split["items"]] == [
        ("East", "20.00"),
        ("West", "10.00"),
    ]
    _upload(state, dataset_id, "replace", ["North"])
    split = client.get("/api/dashboard/breakdown?by=dim:Region", headers=headers).json()
    assert [(i["key"], i["revenue"]) for i in split["items"]] == [("North", "10.00")]
