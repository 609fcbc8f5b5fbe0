"""What a statement's layout says about its numbers, read at import: sections as categories,
measure columns that restate others, one currency shown by symbol, and the sign convention."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from elara.finance.kinds import suggest_kind
from elara.ingest import parse_file, preview_file
from elara.ingest.settings import Constants, ImportSettings


def _records(path: Path, settings: ImportSettings | None = None) -> tuple[pl.DataFrame, object]:
    parser = parse_file(path, settings=settings)
    frames = [batch.frame for batch in parser]
    return pl.concat(frames), parser.report


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


QB_STYLE = [
    "Pine Street Studio",
    "Profit and Loss",
    "January - December 2025",
    ",Total",
    "Income",
    "   Design work,1200.00",
    "   Workshop fees,300.00",
    "Total Income,$1500.00",
    "Expenses",
    "   Payroll",
    "      Wages,400.00",
    "      Pension plan,40.00",
    "   Total Payroll,$440.00",
    "   Rent or Lease,200.00",
    "Total Expenses,$640.00",
    "Other Income",
    "   Interest earned,5.00",
    "Total Other Income,$5.00",
    "Net Income,$865.00",
]


def test_section_headings_become_the_category_of_their_lines(tmp_path: Path) -> None:
    frame, _ = _records(_write(tmp_path, "pl.csv", QB_STYLE))
    category = dict(zip(frame["account"], frame["category"], strict=True))
    assert category["Design work"] == category["Workshop fees"] == "Income"
    # Nested: "Payroll" is known as an expense, so it is the innermost section that says.
    assert category["Wages"] == "Payroll" and category["Pension plan"] == "Payroll"
    assert category["Rent or Lease"] == "Expenses"  # "Total Payroll" closed the inner one
    assert category["Interest earned"] == "Other Income"
    assert category["Net Income"] is None  # a profit line closes every section
    kinds = {a: suggest_kind(a, c) for a, c in category.items()}
    assert kinds["Design work"] == "revenue" and kinds["Interest earned"] == "other_income"
    assert kinds["Pension plan"] == "operating_expense"


def test_the_preview_asks_only_for_lines_no_section_classifies(tmp_path: Path) -> None:
    lines = [*QB_STYLE]
    lines.insert(6, "   Sundry,12.00")  # under "Income": classified by its section
    lines.insert(4, "Misc adjustments,3.00")  # before any section: nothing says what it is
    preview = preview_file(_write(tmp_path, "pl.csv", lines))
    assert preview.unclassified == ["Misc adjustments"]


def test_one_currency_shown_by_symbol_is_the_currency_of_the_bare_lines(tmp_path: Path) -> None:
    frame, report = _records(_write(tmp_path, "pl.csv", QB_STYLE))
    assert set(frame["currency"]) == {"USD"}
    assert any("read as USD" in w for w in report.warnings)  # type: ignore[attr-defined]


def test_two_currencies_shown_leave_bare_lines_alone(tmp_path: Path) -> None:
    lines = [*QB_STYLE]
    lines[7] = "Total Income,€1500.00"
    frame, report = _records(_write(tmp_path, "pl.csv", lines))
    assert None in set(frame["currency"])
    assert not any("read as" in w for w in report.warnings)  # type: ignore[attr-defined]


WIDE = [
    "Segment,Country,Units Sold,Gross Sales,Discounts,Sales,COGS,Profit,Date",
    "Government,Canada,10,1000.00,50.00,950.00,600.00,350.00,01/03/2025",
    "Midmarket,France,20,2000.00,0.00,2000.00,1500.00,500.00,01/04/2025",
    "Enterprise,Mexico,5,700.00,70.00,630.00,700.00,-70.00,01/05/2025",
    "Government,Canada,8,800.00,8.00,792.00,500.00,292.00,01/06/2025",
]


def test_a_measure_that_restates_two_others_is_not_added(tmp_path: Path) -> None:
    preview = preview_file(_write(tmp_path, "sample.csv", WIDE), _company())
    kinds = preview.settings.account_kinds
    assert kinds.get("Gross Sales") == "subtotal" and kinds.get("Discounts") == "subtotal"
    assert "Sales" not in kinds  # the net figure counts
    assert any('"Gross Sales" minus "Discounts" is "Sales"' in w for w in preview.warnings)


def test_a_relation_broken_on_one_row_is_no_relation(tmp_path: Path) -> None:
    lines = [*WIDE]
    lines[3] = "Enterprise,Mexico,5,700.00,70.00,600.00,700.00,-100.00,01/05/2025"
    preview = preview_file(_write(tmp_path, "sample.csv", lines), _company())
    assert "Gross Sales" not in preview.settings.account_kinds
    assert not any("on every row" in w for w in preview.warnings)


def test_a_relation_seen_with_both_parts_on_one_row_only_is_a_coincidence(
    tmp_path: Path,
) -> None:
    lines = [WIDE[0], WIDE[1]]  # the one row with a discount
    lines += [
        f"Midmarket,France,{n},{n}00.00,0.00,{n}00.00,{n}0.00,{n * 9}0.00,01/0{n}/2025"
        for n in range(2, 6)
    ]
    preview = preview_file(_write(tmp_path, "sample.csv", lines), _company())
    assert "Gross Sales" not in preview.settings.account_kinds


def test_costs_in_brackets_are_read_as_costs_negative(tmp_path: Path) -> None:
    lines = ["Account,FY2025", "Sales,1000.00", "Cost of sales,(400.00)", "Rent,(100.00)"]
    preview = preview_file(_write(tmp_path, "pl.csv", lines), _company())
    assert preview.settings.sign == "expenses_negative"


def test_a_sign_with_nothing_to_check_it_against_is_kept_without_a_warning(
    tmp_path: Path,
) -> None:
    lines = ["Account,FY2025", "Widget A,1000.00", "Widget B,-400.00"]
    settings = _company()
    settings.sign = "expenses_negative"  # type: ignore[assignment]
    preview = preview_file(_write(tmp_path, "pl.csv", lines), settings)
    assert preview.settings.sign == "expenses_negative"
    assert not any("sign" in w for w in preview.warnings)


def _company() -> ImportSettings:
    return ImportSettings.model_validate({"constants": {"company": "ACME"}})


BUDGET_VS_ACTUAL = [
    "Pine Street Studio",
    "Budget vs. Actuals: FY2025 P&L",
    "January - December 2025",
    "",
    ",Total,,,",
    ",Actual,Budget,over Budget,% of Budget",
    "Income,,,,",
    '   Design work,"1,200.00","1,000.00",200.00,120.00 %',
    "Total Income,$1200.00,$1000.00,$200.00,120.00 %",
    "Expenses,,,,",
    "   Rent,200.00,250.00,-50.00,80.00 %",
    "Total Expenses,$200.00,$250.00,$-50.00,80.00 %",
    "Net Income,$1000.00,$750.00,$250.00,133.33 %",
    "",
    # Written without quotes, the footer's comma splits it into two cells.
    "Accrual basis Monday, 6 January 2026 09:14 AM GMT+00:00",
    "Page 1 of 1",
]


def test_a_report_footer_split_by_its_comma_is_a_footer_not_an_error(tmp_path: Path) -> None:
    frame, report = _records(_write(tmp_path, "bva.csv", BUDGET_VS_ACTUAL))
    assert report.error_count == 0
    footers = [s.row for s in report.skipped_rows if s.reason == "report footer"]
    assert footers == [15, 16]
    minor = dict(zip(frame["account"], frame["amount_minor"], strict=True))
    # Actual is the amount (in ten-thousandths); Budget and the variance are kept beside it,
    # never added in.
    assert minor["Design work"] == 12_000_000 and minor["Rent"] == 2_000_000
    assert minor["Net Income"] == 10_000_000


def test_an_account_named_like_a_basis_is_still_an_account(tmp_path: Path) -> None:
    lines = ["Account,Amount", "Cash basis adjustment,12.50", "Rent,100.00"]
    settings = ImportSettings(constants=Constants(company="ACME", date=date(2025, 12, 31)))
    frame, report = _records(_write(tmp_path, "tb.csv", lines), settings)
    assert report.error_count == 0
    assert sorted(frame["account"].to_list()) == ["Cash basis adjustment", "Rent"]
