"""The corpus's closed gaps (docs/import.md): a Chinese account balance table (layout 188,
科目余额表: opening, movements and closing Debit | Credit pairs under merged headings);
quarters of a fiscal year that does not start in January (layout 224); the date order of a
file whose days are all 12 or less, said in the preview and chosen in the settings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.ingest.chinese import date_of, entity_of, unit_of
from elara.ingest.fiscal import fiscal_start_in_text
from elara.ingest.periods import fiscal_quarter_end, fiscal_quarter_named
from elara.ingest.pipeline import parse_file
from elara.ingest.preview import preview_file
from elara.ingest.settings import ColumnRole, DateOrderChoice
from elara.ingest.suggest import suggest_settings

# (code, name, opening debit, opening credit, debit, credit, closing debit, closing credit)
CHART = (
    ("1001", "库存现金", 500, "", 300, 200, 600, ""),
    ("1002", "银行存款", 9000, "", 4000, 2500, 10500, ""),
    ("2202", "应付账款", "", 3500, 1000, 1800, "", 4300),
    ("4001", "实收资本", "", 6000, "", "", "", 6000),
    ("6001", "主营业务收入", "", "", 0, 1300, "", 1300),
    ("6602", "管理费用", "", "", 500, 0, 500, ""),
)


def _sum(column: int) -> int:
    return sum(int(row[column]) for row in CHART if row[column] != "")


def _pair_lines(total: str) -> list[str]:
    """The chart's lines in opening, movement and closing Debit | Credit pairs, then its
    total row (labelled `total`)."""
    return [
        *(",".join(str(c) for c in row) for row in CHART),
        f"{total},," + ",".join(str(_sum(c)) for c in range(2, 8)),
    ]


def _records(path: Path, lines: list[str]) -> tuple[dict[str, int], object, list[str]]:
    """The lines written to `path`, read with the settings suggested: the amounts by account,
    the suggestion and the import's warnings."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    suggestion = suggest_settings(path)
    parser = parse_file(path, settings=suggestion.settings)
    by_account: dict[str, int] = {}
    for batch in parser:
        cols = batch.columns
        for account, minor in zip(cols["account"], cols["amount_minor"], strict=True):
            by_account[account] = by_account.get(account, 0) + minor
    return by_account, suggestion, parser.report.warnings


def _closing() -> dict[str, int]:
    return {name: (int(cd or 0) - int(cc or 0)) * 10**4 for _, name, *_, cd, cc in CHART}


def test_a_chinese_balance_table_stores_its_closing_pair(tmp_path: Path) -> None:
    """Two header rows: 期初余额 / 本期发生额 / 期末余额 each over 借方 | 贷方 (a merge leaves
    the pair's second heading cell blank); 编制单位, the month and 单位: 元 above; 合计 below."""
    path = tmp_path / "科目余额表.csv"
    lines = [
        "科目余额表,,,,,,,",
        "编制单位\uff1a东海贸易有限公司,,,,2025年6月,,,单位\uff1a元",
        "科目编码,科目名称,期初余额,,本期发生额,,期末余额,",
        ",,借方,贷方,借方,贷方,借方,贷方",
        *_pair_lines("合计"),
    ]
    by_account, suggestion, warnings = _records(path, lines)
    settings = suggestion.settings  # type: ignore[attr-defined]
    roles = [c.role for c in settings.columns]
    assert roles == [
        ColumnRole.ignore,
        ColumnRole.account,
        *[ColumnRole.quantity] * 4,
        ColumnRole.debit,
        ColumnRole.credit,
    ]
    assert settings.header_row == 4
    constants = settings.constants
    assert (constants.company, constants.date, constants.currency) == (
        "东海贸易有限公司",
        dt.date(2025, 6, 30),
        "CNY",
    )
    assert not suggestion.needs  # type: ignore[attr-defined]
    assert by_account == _closing()
    assert "合计" not in by_account
    assert not [w for w in warnings if "add up to" in w], warnings


def test_a_one_row_chinese_balance_table_stores_its_closing_balance(tmp_path: Path) -> None:
    """科目编码 | 科目名称 | 期初余额 | 借方发生额 | 贷方发生额 | 期末余额 (signed balances,
    debit positive) with a 合计 row: the closing balance is stored, the movements kept."""
    path = tmp_path / "余额表_2025.csv"
    rows = [
        (code, name, int(od or 0) - int(oc or 0), int(d or 0), int(c or 0),
         int(cd or 0) - int(cc or 0))
        for code, name, od, oc, d, c, cd, cc in CHART
    ]  # fmt: skip
    totals = [sum(r[i] for r in rows) for i in range(2, 6)]
    lines = [
        "编制单位\uff1a东海贸易有限公司",
        "2025年1-12月,,,,,币种\uff1a人民币",
        "科目编码,科目名称,期初余额,借方发生额,贷方发生额,期末余额",
        *(",".join(str(c) for c in row) for row in rows),
        "合计,," + ",".join(str(t) for t in totals),
    ]
    by_account, suggestion, _ = _records(path, lines)
    constants = suggestion.settings.constants  # type: ignore[attr-defined]
    assert (constants.company, constants.date, constants.currency) == (
        "东海贸易有限公司",
        dt.date(2025, 12, 31),
        "CNY",
    )
    assert by_account == _closing()


def test_an_english_balance_table_stores_its_closing_pair(tmp_path: Path) -> None:
    """The same bands in English: "Opening Balance" | "Movements" | "Closing Balance"."""
    path = tmp_path / "balances_by_pair.csv"
    lines = [
        "Harbour Trading Ltd,,,,,,,",
        "Account balances June 2025,,,,,,,",
        "Code,Account,Opening Balance,,Movements,,Closing Balance,",
        ",,Debit,Credit,Debit,Credit,Debit,Credit",
        *_pair_lines("Total"),
    ]
    by_account, suggestion, _ = _records(path, lines)
    roles = [c.role for c in suggestion.settings.columns]  # type: ignore[attr-defined]
    assert roles[-2:] == [ColumnRole.debit, ColumnRole.credit]
    assert by_account == _closing()


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025年12月", dt.date(2025, 12, 31)),
        ("2024年2月", dt.date(2024, 2, 29)),
        ("期间\uff1a2025年1-6月", dt.date(2025, 6, 30)),
        ("2025年1月-9月", dt.date(2025, 9, 30)),
        ("2025年3月15日", dt.date(2025, 3, 15)),
        ("2025年度", dt.date(2025, 12, 31)),
        ("单位\uff1a元", None),
    ],
)
def test_a_chinese_title_dates_its_period(text: str, date: dt.date | None) -> None:
    assert date_of(text) == date


def test_a_chinese_title_names_entity_and_unit() -> None:
    assert entity_of("编制单位\uff1a华南精密制造有限公司") == "华南精密制造有限公司"
    assert entity_of("单位名称: 东海贸易") == "东海贸易"
    assert entity_of("单位\uff1a元") is None
    assert unit_of("单位\uff1a元") == ("CNY", 1)
    assert unit_of("金额单位\uff1a千元") == ("CNY", 1000)
    assert unit_of("金额单位\uff1a万元") == ("CNY", 10_000)  # offered as 千元 is (layout 231)
    assert unit_of("币种\uff1a人民币") == ("CNY", None)


# Quarters of a fiscal year ------------------------------------------------------------------
QUARTERS = "Line item,Q1,Q2,Q3,Q4\nRevenue,100,110,120,130\nCost of sales,-40,-44,-48,-52\n"


def _dated(path: Path, fiscal_default: int | None = None) -> tuple[list[dt.date | None], Any]:
    suggestion = suggest_settings(path, fiscal_default=fiscal_default)
    money = [c for c in suggestion.settings.columns if c.role is ColumnRole.amount]
    return [c.period_end for c in money], suggestion


def test_quarters_under_a_fiscal_title_are_the_fiscal_years_quarters(tmp_path: Path) -> None:
    """ "FY2025 (July-June)" over Q1 … Q4: Q1 is July - September 2024."""
    path = tmp_path / "fy_quarters.csv"
    path.write_text("Wattle Ltd\nIncome statement FY2025 (July\u2013June)\n" + QUARTERS)
    ends, suggestion = _dated(path)
    assert ends == [
        dt.date(2024, 9, 30),
        dt.date(2024, 12, 31),
        dt.date(2025, 3, 31),
        dt.date(2025, 6, 30),
    ]
    assert suggestion.settings.constants.fiscal_year_start == 7
    assert not suggestion.needs
    assert any("starting in July" in n for n in suggestion.offered.notes)


def test_quarters_under_fy_with_no_start_known_are_warned_of(tmp_path: Path) -> None:
    """ "FY2025" and no start: calendar quarters, but said (a warning), never silently; the
    admin's start (or the settings') dates them in the fiscal year."""
    path = tmp_path / "fy_quarters_unknown.csv"
    path.write_text("Wattle Ltd\nIncome statement FY2025\n" + QUARTERS)
    ends, suggestion = _dated(path)
    assert ends[0] == dt.date(2025, 3, 31)
    assert any("no fiscal year start is known" in n for n in suggestion.offered.notes)
    ends, suggestion = _dated(path, fiscal_default=4)
    assert ends == [
        dt.date(2024, 6, 30),
        dt.date(2024, 9, 30),
        dt.date(2024, 12, 31),
        dt.date(2025, 3, 31),
    ]
    assert not any("no fiscal year start" in n for n in suggestion.offered.notes)


def test_fiscal_quarter_headers_are_dated_by_the_fiscal_start(tmp_path: Path) -> None:
    path = tmp_path / "fiscal_quarter_headers.csv"
    path.write_text(
        "Wattle Ltd\nIncome statement\nLine item,Q1 FY2025,FY25 Q2,Q3-FY25\n"
        "Revenue,100,110,120\nCost of sales,-40,-44,-48\n"
    )
    ends, _ = _dated(path, fiscal_default=7)
    assert ends == [dt.date(2024, 9, 30), dt.date(2024, 12, 31), dt.date(2025, 3, 31)]
    preview = preview_file(path)  # no start known: calendar quarters, warned
    assert any("no fiscal year start is known" in w for w in preview.warnings), preview.warnings


def test_a_quarter_over_year_columns_is_the_fiscal_quarter(tmp_path: Path) -> None:
    path = tmp_path / "q3_over_years.csv"
    path.write_text(
        "Wattle Ltd\nSummary statement\n,Q3,\nLine item,2025,2024\n"
        "Revenue,100,90\nCost of sales,-40,-36\n"
    )
    ends, suggestion = _dated(path, fiscal_default=7)
    assert ends == [dt.date(2025, 3, 31), dt.date(2024, 3, 31)]
    assert suggestion.settings.constants.fiscal_year_start == 7
    ends, _ = _dated(path)  # a calendar year: the calendar quarter, as before
    assert ends == [dt.date(2025, 9, 30), dt.date(2024, 9, 30)]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Income statement FY2025 (July\u2013June)", 7),
        ("Jul 2024 - Jun 2025", 7),
        ("For the year ending 31 March 2025", 4),
        ("FYE September", 10),
        ("January - March 2025", None),
        ("Income statement FY2025", None),
    ],
)
def test_a_title_states_its_fiscal_year_start(text: str, start: int | None) -> None:
    assert fiscal_start_in_text(text) == start


def test_fiscal_quarter_headers_and_ends() -> None:
    assert fiscal_quarter_named("Q3 FY2025") == (2025, 3)
    assert fiscal_quarter_named("FY25 Q1") == (2025, 1)
    assert fiscal_quarter_named("Q3 2025") is None  # a calendar quarter
    assert fiscal_quarter_end(2025, 1, 7) == dt.date(2024, 9, 30)
    assert fiscal_quarter_end(2025, 4, 7) == dt.date(2025, 6, 30)
    assert fiscal_quarter_end(2025, 3, 1) == dt.date(2025, 9, 30)
    assert fiscal_quarter_end(2026, 1, 11) == dt.date(2026, 1, 31)


# The date order ------------------------------------------------------------------------------
AMBIGUOUS = (
    "Date,Description,Amount\n03/04/2025,Coffee,-4.50\n05/04/2025,Deposit,250.00\n"
    "11/06/2025,Rent,-1200.00\n"
)


def _dates(path: Path, order: DateOrderChoice | None) -> tuple[list[dt.date], list[str]]:
    settings = suggest_settings(path).settings
    settings.constants.company = "Maple Co"
    settings.constants.currency = "CAD"
    settings.date_order = order
    preview = preview_file(path, settings)
    return [dt.date.fromisoformat(r["date"]) for r in preview.sample], preview.warnings


def test_ambiguous_dates_are_read_day_first_and_the_preview_says_how_to_choose(
    tmp_path: Path,
) -> None:
    path = tmp_path / "canadian_chequing.csv"
    path.write_text(AMBIGUOUS)
    dates, warnings = _dates(path, None)
    assert dates[0] == dt.date(2025, 4, 3)
    said = [w for w in warnings if "ambiguous" in w]
    assert said and "date_order: month_first" in said[0], warnings


def test_the_settings_choose_month_first(tmp_path: Path) -> None:
    path = tmp_path / "canadian_chequing_mdy.csv"
    path.write_text(AMBIGUOUS)
    dates, warnings = _dates(path, DateOrderChoice.month_first)
    assert dates == [dt.date(2025, 3, 4), dt.date(2025, 5, 4), dt.date(2025, 11, 6)]
    assert not [w for w in warnings if "ambiguous" in w], warnings
    dates, _ = _dates(path, DateOrderChoice.day_first)
    assert dates[0] == dt.date(2025, 4, 3)


def test_a_chosen_order_the_file_contradicts_is_said(tmp_path: Path) -> None:
    path = tmp_path / "us_card.csv"
    path.write_text("Date,Description,Amount\n03/25/2025,Coffee,-4.50\n03/04/2025,Tea,-3.00\n")
    _, warnings = _dates(path, DateOrderChoice.day_first)
    assert any("as the settings choose (date_order)" in w for w in warnings), warnings


def test_inspect_and_store_honour_the_date_order(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "maple_chequing.csv"
    path.write_text(AMBIGUOUS)

    def post(url: str, settings: dict[str, Any] | None) -> dict[str, Any]:
        form = {"default_currency": "CAD"} | (
            {"settings": json.dumps(settings)} if settings else {}
        )
        with path.open("rb") as handle:
            response = client.post(
                url, headers=admin_headers, data=form, files={"file": (path.name, handle)}
            )
        assert response.status_code in (200, 202), response.text
        return response.json()

    first = post("/api/datasets/inspect", None)
    assert first["settings"]["date_order"] is None
    given = first["settings"] | {"constants": first["settings"]["constants"] | {"company": "Co"}}
    said = post("/api/datasets/inspect", given)["preview"]
    assert said["sample"][0]["date"] == "2025-04-03"
    assert any("month_first" in w for w in said["warnings"]), said["warnings"]
    chosen = given | {"date_order": "month_first"}
    again = post("/api/datasets/inspect", chosen)
    assert again["settings"]["date_order"] == "month_first"
    assert again["preview"]["sample"][0]["date"] == "2025-03-04"
    stored = post("/api/datasets", chosen)  # stored as previewed (accepted, stored behind)
    assert stored["status"] != "failed", stored
