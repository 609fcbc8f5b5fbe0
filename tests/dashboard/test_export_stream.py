"""The streamed exports: the same rows as the records API for a scoped user, across batch
boundaries, with the column-wise cells equal to the row-by-row definitions. SQLite and MariaDB."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import polars as pl
import pytest
import python_calamine
from hypothesis import given, settings
from hypothesis import strategies as st

from elara.core.money import exact_text
from elara.dashboard import export, spreadsheet
from tests.dashboard.factories import Row, create_dataset
from tests.factories import create_user, login
from tests.finance.factories import store

SETTINGS = {
    "columns": [
        {"header": "Company", "role": "company"},
        {"header": "Region", "role": "dimension"},
        {"header": "=Segment", "role": "dimension"},
    ]
}
COUNT = 5_300  # past the first batch (1,000) and the second (4,000)
TEXTS = [
    None,
    "",
    "plain",
    "=HYPERLINK(1)",
    "-12.50",
    'say "hi", twice',
    "a\nb",
    "back\\slash \\n",
    "tab\tand\x01control",
    "é漢字🙂",
    '["json", null]',
]
CENT = Decimal("0.01")


def _ledger() -> tuple[list[Row], list[dict[str, str]]]:
    rng = random.Random(11)
    rows, attributes = [], []
    for i in range(COUNT):
        company = rng.choice(["ACME", "GLOBEX", "INITECH"])
        amount = Decimal(rng.randint(-(10**9), 10**9)).scaleb(-4)
        text = rng.choice(TEXTS)
        rows.append(
            Row(
                company,
                date(2023, 1, 1) + timedelta(days=i % 700),
                rng.choice(["Revenue", "COGS", "Rent"]),
                amount,
                rng.choice([None, "Operating", "+Other"]),
                description=text,
            )
        )
        attributes.append({"Region": rng.choice(["East", "West"]), "=Segment": f"S{i % 3}"})
    return rows, attributes


def _api_rows(client, headers, query: str) -> list[dict]:
    items, cursor = [], None
    while True:
        page = f"/api/records?{query}&sort=date&limit=1000" + (
            f"&cursor={cursor}" if cursor else ""
        )
        body = client.get(page, headers=headers).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def test_streamed_csv_equals_the_records_api_for_a_scoped_user(client, state):
    rows, attributes = _ledger()
    store(state, rows, settings=SETTINGS, attributes=attributes)
    user = create_user(state, role="analyst", allowed_companies=["ACME", "INITECH"])
    headers = login(client, user)
    query = "from=2023-02-01&to=2024-10-31&dim=Region%3DEast&account=Revenue&account=COGS"
    response = client.get(f"/api/records/export?{query}", headers=headers)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffcompany,date,account,category,amount,currency,description,")
    exported = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    api = _api_rows(client, headers, query)
    assert len(exported) == len(api) > 1_000
    assert {row["company"] for row in exported} == {"ACME", "INITECH"}
    assert all(row["Region"] == "East" for row in exported)
    assert {row["'=Segment"] for row in exported} == {"S0", "S1", "S2"}
    for line, item in zip(exported, api, strict=True):
        assert Decimal(line["amount"]).quantize(CENT, ROUND_HALF_UP) == Decimal(item["amount"])
        expected = [
            item["company"],
            item["date"],
            item["account"],
            export.neutralise(item["category"]),
            item["currency"],
            export.neutralise(item["description"]),
        ]
        assert [line[k] for k in ("company", "date", "account", "category")] == expected[:4]
        assert [line["currency"], line["description"]] == expected[4:]
    # Every stored decimal, never rounded: the amounts are exactly the file's amounts.
    wanted = {
        (r.company, r.date.isoformat(), r.account, exact_text(r.units))
        for r, a in zip(rows, attributes, strict=True)
        if r.company in ("ACME", "INITECH") and a["Region"] == "East"
    }
    got = {(r["company"], r["date"], r["account"], r["amount"]) for r in exported}
    assert got <= wanted


def test_streamed_xlsx_has_the_same_rows_as_the_csv(client, state):
    rows, attributes = _ledger()
    store(state, rows[:2_500], settings=SETTINGS, attributes=attributes[:2_500])
    headers = login(client, create_user(state, role="viewer", allowed_companies=["GLOBEX"]))
    text = client.get("/api/records/export?dim=Region%3DWest", headers=headers).text
    exported = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))[1:]
    response = client.get("/api/records/export?format=xlsx&dim=Region%3DWest", headers=headers)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)["Records"]
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(cells) == len(exported) > 0
    for line, row in zip(exported, cells, strict=True):
        company, day, account, category, amount, currency, description, region, segment = line
        assert row[0] == company and row[1].date().isoformat() == day and row[2] == account
        assert (row[3] or "") == category and (row[6] or "") == description
        assert row[4] == float(Decimal(amount)) and row[5] == currency
        assert (row[7], row[8]) == (region, segment)


@pytest.mark.parametrize("count", [0, 1, 999, 1_000, 1_001])
def test_every_row_once_at_the_batch_edges(client, state, count):
    rows = [Row("ACME", date(2024, 1, 1), "Revenue", Decimal(i)) for i in range(count)]
    create_dataset(state, rows)
    headers = login(client, create_user(state, role="viewer"))
    body = client.get("/api/records/export", headers=headers).content.decode("utf-8-sig")
    lines = body.split("\r\n")
    assert lines[-1] == "" and len(lines) == count + 2
    assert sorted(Decimal(line.split(",")[4]) for line in lines[1:-1]) == list(range(count))


def test_xlsx_days_are_excel_days(client, state):
    """Excel counts a 29 February 1900: the day numbers around it read back as the dates."""
    days = [date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(2024, 2, 29)]
    create_dataset(state, [Row("ACME", day, "Revenue", "1") for day in days])
    headers = login(client, create_user(state, role="viewer"))
    response = client.get("/api/records/export?format=xlsx", headers=headers)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [sheet[f"B{r}"].value.date() for r in range(2, 6)] == days


TEXT = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from("=+-@\t\r\n,\"' 0123456789.eExAé\u0663"), max_size=8),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(
        st.tuples(TEXT, TEXT, st.integers(min_value=-(10**18), max_value=10**18), TEXT),
        min_size=1,
        max_size=20,
    )
)
def test_column_wise_csv_is_the_row_by_row_csv(cells):
    """polars' cells and quoting equal `neutralise`, `exact_amount` and `csv.writer`."""
    rows = [
        (company, "2024-01-31", account, None, units, "USD", description, dim)
        for company, account, units, description, dim in (
            (c[0], c[1], c[2], c[3], c[0]) for c in cells
        )
    ]
    schema = {**export.SCHEMA, "dim0": pl.String}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    for company, day, account, category, units, currency, description, dim in rows:
        writer.writerow(
            [
                export.neutralise(company),
                day,
                export.neutralise(account),
                export.neutralise(category),
                export.exact_amount(units),
                currency,
                export.neutralise(description),
                export.neutralise(dim),
            ]
        )
    assert export.csv_bytes(frame, ("Dim",)).decode() == expected.getvalue()


NASTY_TEXT = [
    "plain",
    " leading",
    "trailing ",
    "<R&D> \"quoted\" 'single'",
    "control \x01 char",
    "_x0041_ looks escaped",
    "tab\there",
    "two\nlines",
    "carriage\rreturn",
    "é漢字🙂",
    None,
]


def _workbook(currencies: list[str | None]) -> bytes:
    frame = pl.DataFrame(
        {
            "company": NASTY_TEXT,
            "date": ["2024-02-29"] * len(NASTY_TEXT),
            "account": ["Revenue"] * len(NASTY_TEXT),
            "category": [None] * len(NASTY_TEXT),
            "units": list(range(-5, len(NASTY_TEXT) - 5)),
            "currency": ["USD"] * len(NASTY_TEXT),
            "description": NASTY_TEXT,
            "dim0": NASTY_TEXT,
        },
        schema={**export.SCHEMA, "dim0": pl.String},
    )
    sheets = [
        (spreadsheet.sheet_name(c or ""), iter([export.sheet_cells(frame, ("D",))]))
        for c in currencies
    ]
    return b"".join(spreadsheet.stream_workbook(sheets, ("<R&D>",), count=len(sheets)))


def test_streamed_workbook_reads_back_exactly_in_two_readers():
    """Every text as written (calamine reads Excel's escapes as Excel does), numbers and dates
    as numbers, and the package complete (its workbook part, written last, names the filters)."""
    data = _workbook(["EUR", None])
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    workbook = package.read("xl/workbook.xml").decode()
    assert "'EUR'!$A$1:$H$12" in workbook and "'No currency'!$A$1:$H$12" in workbook
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["EUR", "No currency"]
    rows = book.get_sheet_by_name("EUR").to_python()
    assert rows[0] == [*spreadsheet.HEADER, "<R&D>"]
    assert [row[0] or None for row in rows[1:]] == NASTY_TEXT
    assert [row[7] or None for row in rows[1:]] == NASTY_TEXT
    assert {row[1] for row in rows[1:]} == {date(2024, 2, 29)}
    assert [row[4] for row in rows[1:]] == [units / 10_000 for units in range(-5, 6)]
    sheet = openpyxl.load_workbook(io.BytesIO(data))["No currency"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H12"
    assert sheet["B2"].number_format == "yyyy-mm-dd" and sheet["B2"].value.year == 2024
    assert sheet["E2"].number_format.startswith("#,##0.00") and sheet["E2"].value == -0.0005
    assert sheet["A1"].font.b and sheet["C2"].value == "Revenue" and sheet["D2"].value is None


def test_large_xlsx_streams_in_several_chunks(client, state):
    rows = [Row("ACME", date(2024, 1, 1), "Revenue", Decimal(i)) for i in range(6_000)]
    create_dataset(state, rows)
    headers = login(client, create_user(state, role="viewer"))
    with client.stream("GET", "/api/records/export?format=xlsx", headers=headers) as response:
        assert response.headers["x-export-records"] == "6000"
        chunks = list(response.iter_bytes())
    assert len(chunks) >= 3
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(b"".join(chunks)))
    values = book.get_sheet_by_name("Records").to_python()[1:]
    assert sorted(row[4] for row in values) == list(range(6_000))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("a" * 32_767, 32_767),
        ("a" * 40_000, 32_767),
        ("a" * 32_766 + "🙂", 32_766),  # the emoji's second half would pass the limit
        ("🙂" * 20_000, 16_383),
    ],
)
def test_a_cell_holds_at_most_what_excel_allows(text, kept):
    assert spreadsheet.fit_cell(text) == text[:kept]


def test_long_text_is_cut_in_the_workbook_and_whole_in_the_csv(client, state):
    long = "x" * 40_000
    create_dataset(state, [Row("ACME", date(2024, 1, 1), "Revenue", "1", description=long)])
    headers = login(client, create_user(state, role="viewer"))
    text = client.get("/api/records/export", headers=headers).text
    (line,) = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert line["description"] == long
    data = client.get("/api/records/export?format=xlsx", headers=headers).content
    row = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert row.to_python()[1][6] == long[:32_767]
