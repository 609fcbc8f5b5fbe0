"""The corpus's closed gaps (docs/import.md): a Chinese account balance table (layout 188,
科目余额表: opening, movements and closing Debit | Credit pairs under merged headings)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elara.ingest.chinese import date_of, entity_of, unit_of
from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole
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


def _records(path: Path) -> tuple[dict[str, int], object, list[str]]:
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
        *(",".join(str(c) for c in row) for row in CHART),
        "合计,," + ",".join(str(_sum(c)) for c in range(2, 8)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_account, suggestion, warnings = _records(path)
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
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_account, suggestion, _ = _records(path)
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
        *(",".join(str(c) for c in row) for row in CHART),
        "Total,," + ",".join(str(_sum(c)) for c in range(2, 8)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_account, suggestion, _ = _records(path)
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
    assert unit_of("金额单位\uff1a万元") == ("CNY", None)
    assert unit_of("币种\uff1a人民币") == ("CNY", None)
