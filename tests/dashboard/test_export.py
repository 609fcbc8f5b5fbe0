"""Exports: exactly the filtered rows, formula injection neutralised, numbers kept, audited."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from elara.dashboard.export import neutralise
from elara.models import AuditEntry
from tests.dashboard.factories import Row, create_dataset
from tests.factories import create_user, login

NASTY = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1)",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "-12.50",
    "+7",
    "plain",
]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+A1", "'+A1"),
        ("-A1", "'-A1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.50", "-12.50"),
        ("+3", "+3"),
        ("1e5", "1e5"),
        ("-1e5x", "'-1e5x"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


@pytest.fixture
def exported(state, client):
    rows = [
        Row(
            "ACME",
            date(2024, 1, i + 1),
            "Revenue",
            Decimal(10 * (i + 1) * (-1) ** i),
            "Revenue",
            description=text,
        )
        for i, text in enumerate(NASTY)
    ]
    rows.append(Row("GLOBEX", date(2024, 3, 1), "Revenue", "0.05", "Revenue", description="other"))
    create_dataset(state, rows)
    return login(client, create_user(state, role="viewer"))


def test_csv_is_filtered_neutralised_and_audited(client, state, exported):
    response = client.get("/api/records/export?company=ACME&to=2024-02-01", headers=exported)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(NASTY)
    by_text = {row["description"].lstrip("'"): row for row in rows}
    assert by_text["=cmd|' /C calc'!A0"]["description"].startswith("'=")
    assert by_text["\tTAB"]["description"] == "'\tTAB"
    assert by_text["-12.50"]["description"] == "-12.50"
    assert by_text["+7"]["description"] == "+7"
    assert {row["amount"] for row in rows} >= {"10.00", "-20.00"}
    with state.db.transaction() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "records.export")
        ).one()
        assert entry.changes["format"] == "csv"
        assert entry.changes["rows"] == len(NASTY)
        assert entry.changes["filters"]["company"] == ["ACME"]


def test_xlsx_keeps_numbers_and_neutralises_text(client, state, exported):
    response = client.get("/api/records/export?format=xlsx&company=ACME", headers=exported)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert header == ("Company", "Date", "Account", "Category", "Amount", "Currency", "Description")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(NASTY)
    amounts = sorted(row[4] for row in rows)
    assert all(isinstance(value, int | float) for value in amounts)
    assert amounts[0] == -80.0
    texts = {row[6] for row in rows}
    assert "'@SUM(A1)" in texts and "-12.50" in texts and "plain" in texts


def test_large_csv_streams_in_several_chunks(client, state):
    rows = [Row("ACME", date(2024, 1, 1), "Revenue", Decimal(i)) for i in range(2500)]
    create_dataset(state, rows)
    headers = login(client, create_user(state, role="viewer"))
    with client.stream("GET", "/api/records/export", headers=headers) as response:
        chunks = list(response.iter_bytes())
    body = b"".join(chunks).decode("utf-8-sig")
    assert body.count("\r\n") == 2501
    assert len(chunks) >= 3


def test_xlsx_is_laid_out_for_people_with_a_sheet_per_currency(client, state):
    """No internal ids; a frozen, filterable header; number and date formats; mixed currencies
    go to one sheet each, so no column adds dollars to euros."""
    rows = [
        Row("ACME", date(2024, 1, 31), "Revenue", "1234.56", "Revenue", currency="USD"),
        Row("ACME", date(2024, 2, 29), "Revenue", "-5.00", "Revenue", currency="USD"),
        Row("GLOBEX", date(2024, 1, 31), "Revenue", "999.00", "Revenue", currency="EUR"),
    ]
    create_dataset(state, rows)
    headers = login(client, create_user(state, role="viewer"))
    response = client.get("/api/records/export?format=xlsx", headers=headers)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["EUR", "USD"]
    usd = book["USD"]
    assert [c.value for c in usd[1]] == [
        "Company",
        "Date",
        "Account",
        "Category",
        "Amount",
        "Currency",
        "Description",
    ]
    assert usd.freeze_panes == "A2"
    assert usd.auto_filter.ref == "A1:G3"
    assert usd["E2"].number_format.startswith("#,##0.00")
    assert usd["B2"].number_format == "yyyy-mm-dd" and usd["B2"].value.year == 2024
    assert sorted(usd[f"E{r}"].value for r in (2, 3)) == [-5.0, 1234.56]
    assert [c.value for c in book["EUR"]["E"]][1:] == [999.0]
    one = client.get("/api/records/export?format=xlsx&company=ACME", headers=headers)
    assert openpyxl.load_workbook(io.BytesIO(one.content)).sheetnames == ["Records"]


def test_csv_has_no_internal_ids_and_exact_amounts(client, state):
    create_dataset(
        state,
        [
            Row("ACME", date(2024, 1, 31), "Revenue", "1234.56", "Revenue"),
            Row("ACME", date(2024, 2, 29), "Fees", "-0.1234", "Fees"),
        ],
    )
    headers = login(client, create_user(state, role="viewer"))
    body = client.get("/api/records/export", headers=headers).content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0] == "company,date,account,category,amount,currency,description"
    assert lines[1:] == [
        "ACME,2024-01-31,Revenue,Revenue,1234.56,USD,",
        "ACME,2024-02-29,Fees,Fees,-0.1234,USD,",  # every stored decimal, never rounded
    ]


def test_export_amount_text_is_the_money_module_text():
    """The export's fast integer formatting gives exactly money.exact_text's text."""
    import random

    from elara.core.money import exact_text
    from elara.dashboard.export import exact_amount

    values = [0, 1, -1, 99, -100, 10**15, -(10**15) + 1]
    values += [random.Random(3).randint(-(10**14), 10**14) for _ in range(2000)]
    assert [exact_amount(v) for v in values] == [exact_text(v) for v in values]
