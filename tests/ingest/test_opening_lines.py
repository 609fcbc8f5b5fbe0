"""A statement's "Opening balance" / "Balance brought forward" / "Balance b/f" / "Saldo anterior"
/ "Closing balance" / "Balance carried forward" line with only its Balance filled (docs/import.md,
layout 228): not a record and not a row error (no "… is empty"), but the balance it states,
checked against the lines when no title states one, and listed among the rows not stored. A
line with an amount stays a line, whatever its text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest.pipeline import FileParser
from elara.ingest.preview import Preview, preview_file
from elara.ingest.suggest import suggest_settings
from tests.corpus.openbal import bank_balance_forward_lines_csv
from tests.corpus.write import write_csv

# (date, details, money in, money out) of a small firm's month
LINES = [
    ("03/03/2025", "CARD SHOP", "", "23.40"),
    ("14/03/2025", "CLIENT INVOICE 118", "500.00", ""),
    ("21/03/2025", "COUNTY WATER", "", "41.15"),
    ("28/03/2025", "RENT MARCH", "", "650.00"),
]
OPENING = Decimal("1000.00")
MOVED = Decimal("500.00") - Decimal("23.40") - Decimal("41.15") - Decimal("650.00")
CLOSING = OPENING + MOVED
BALANCE_ROW = "opening or closing balance row"


def _statement(
    path: Path,
    columns: str,
    opening: str | None,
    closing: str | None,
    *,
    stated_closing: Decimal = CLOSING,
) -> Path:
    """The month as a statement of Date, Details, the money columns (``columns``: "debit
    credit", "in out" or "amount") and Balance, with an opening and a closing balance line
    whose money columns are empty."""
    money = {
        "debit credit": ["Debit", "Credit"],
        "in out": ["Paid in", "Paid out"],
        "amount": ["Amount"],
    }[columns]
    rows: list[list[object]] = [["Date", "Details", *money, "Balance"]]
    empty = [""] * len(money)
    if opening is not None:
        rows.append(["01/03/2025", opening, *empty, f"{OPENING:.2f}"])
    balance = OPENING
    for day, text, money_in, money_out in LINES:
        moved = Decimal(money_in or "0") - Decimal(money_out or "0")
        balance += moved
        cells = {
            "debit credit": [money_out, money_in],
            "in out": [money_in, money_out],
            "amount": [f"{moved:.2f}"],
        }[columns]
        rows.append([day, text, *cells, f"{balance:.2f}"])
    if closing is not None:
        rows.append(["31/03/2025", closing, *empty, f"{stated_closing:.2f}"])
    return write_csv(path, rows)


def _preview(path: Path) -> Preview:
    settings = suggest_settings(path).settings
    settings.constants.company = "Fernhill Joinery Ltd"
    settings.constants.currency = settings.constants.currency or "GBP"
    return preview_file(path, settings)


def _money(preview: Preview) -> dict[str, Decimal]:
    return {k: v for k, v in preview.by_account.items() if k in ("Money in", "Money out")}


@pytest.mark.parametrize("columns", ["debit credit", "in out", "amount"])
@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("Opening balance", "Closing balance"),
        ("Balance brought forward", "Balance carried forward"),
        ("Balance b/f", "Balance c/f"),
        ("Saldo anterior", "Saldo final"),
        ("Anfangssaldo", "Endsaldo"),
        ("BALANCE BROUGHT FORWARD", None),
        (None, "Balance carried forward"),
    ],
)
def test_a_balance_line_is_no_record_and_no_error(
    columns: str, opening: str | None, closing: str | None, tmp_path: Path
) -> None:
    path = _statement(tmp_path / "statement.csv", columns, opening, closing)
    preview = _preview(path)
    assert preview.error_count == 0, [e.message for e in preview.errors]
    assert preview.records == len(LINES)
    assert _money(preview) == {"Money in": Decimal("500"), "Money out": Decimal("-714.55")}
    listed = [r["row"] for r in preview.skipped_rows if r["reason"] == BALANCE_ROW]
    expected = [2] if opening is not None else []
    if closing is not None:
        expected.append(len(LINES) + (3 if opening is not None else 2))
    assert listed == expected, preview.skipped_rows
    assert not [w for w in preview.warnings if "lines may be missing" in w]


@pytest.mark.parametrize("columns", ["debit credit", "in out", "amount"])
def test_the_lines_are_checked_against_the_balance_lines(columns: str, tmp_path: Path) -> None:
    """A closing line 100.00 above where the lines take the opening line: a line is missing."""
    wrong = CLOSING + Decimal("100.00")
    path = _statement(
        tmp_path / "short.csv",
        columns,
        "Balance brought forward",
        "Balance carried forward",
        stated_closing=wrong,
    )
    said = [w for w in _preview(path).warnings if "lines may be missing" in w]
    assert len(said) == 1, said
    assert f"opening balance of {OPENING:.2f}" in said[0]
    assert f"closing balance of {wrong:.2f}" in said[0]
    assert "a difference of 100.00" in said[0]


def test_a_title_s_stated_balance_wins_over_a_line(tmp_path: Path) -> None:
    """The title states the closing balance: the lines are checked against it, not the line's."""
    path = _statement(tmp_path / "titled.csv", "in out", "Balance brought forward", None)
    text = path.read_text(encoding="utf-8")
    path.write_text(f"Closing balance,{CLOSING - 5:.2f}\r\n\r\n{text}", encoding="utf-8")
    preview = _preview(path)
    assert preview.error_count == 0
    said = [w for w in preview.warnings if "lines may be missing" in w]
    assert len(said) == 1 and "a difference of -5.00" in said[0], said


def test_a_line_with_an_amount_stays_a_line(tmp_path: Path) -> None:
    """A "Balance brought forward" line with its money filled moved money: a record."""
    rows: list[list[object]] = [
        ["Date", "Details", "Paid in", "Paid out", "Balance"],
        ["01/03/2025", "Balance brought forward", "1000.00", "", "1000.00"],
        ["03/03/2025", "CARD SHOP", "", "23.40", "976.60"],
    ]
    preview = _preview(write_csv(tmp_path / "moved.csv", rows))
    assert preview.error_count == 0
    assert preview.records == 2
    assert _money(preview) == {"Money in": Decimal("1000"), "Money out": Decimal("-23.4")}
    assert not [r for r in preview.skipped_rows if r["reason"] == BALANCE_ROW]


def test_the_upload_is_not_refused_under_reject(tmp_path: Path) -> None:
    """The parse report every path reads: no row error, the balance lines listed as skipped."""
    path = _statement(
        tmp_path / "reject.csv", "debit credit", "Balance b/f", "Balance carried forward"
    )
    settings = suggest_settings(path).settings
    settings.constants.company = "Fernhill Joinery Ltd"
    settings.constants.currency = "GBP"
    parser = FileParser(path, settings=settings)
    records = sum(batch.frame.height for batch in parser.batches())
    assert records == len(LINES)
    assert parser.report.errors == []
    assert [s.reason for s in parser.report.skipped_rows] == [BALANCE_ROW, BALANCE_ROW]


def test_a_two_page_statement_checks_its_first_and_last_balance(tmp_path: Path) -> None:
    """Layout 228: each page's balances brought and carried forward are listed, not stored;
    the lines are checked from the first balance to the last, and a line left out is said."""
    layout = bank_balance_forward_lines_csv(tmp_path)
    preview = _preview(layout.path)
    assert preview.error_count == 0 and preview.records == layout.record_count
    assert [r["reason"] for r in preview.skipped_rows] == [BALANCE_ROW] * 4
    assert not [w for w in preview.warnings if "lines may be missing" in w]
    lines = layout.path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(i for i, x in enumerate(lines) if "VAN LEASE" in x)  # 389.00 out
    layout.path.write_text("".join(lines[:dropped] + lines[dropped + 1 :]), encoding="utf-8")
    said = [w for w in _preview(layout.path).warnings if "lines may be missing" in w]
    assert len(said) == 1 and "a difference of -389.00" in said[0], said
