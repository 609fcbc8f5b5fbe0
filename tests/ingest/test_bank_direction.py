"""Bank statements with nothing naming their lines (docs/finance.md, "Bank statements"):
one signed amount (or debit/credit) is kept apart as "Money in" / "Money out", and so are a
bank statement's own unsigned in / out columns beside a running balance; without one they stay
two accounts; all are unclassified and said so."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest import Preview, preview_file, suggest_settings
from elara.ingest.settings import ColumnRole

SIGNED = "Date,Description,Amount,Balance\n03/01/2025,Client,1200.00,2200.00\n"
SIGNED += "04/01/2025,Rent,-800.00,1400.00\n05/01/2025,Coffee,-4.50,1395.50\n"
IN_OUT = "Date,Description,Paid out,Paid in,Balance\n03/01/2025,Client,,1200.00,2200.00\n"
IN_OUT += "04/01/2025,Rent,800.00,,1400.00\n05/01/2025,Coffee,4.50,,1395.50\n"
# The same columns with no running balance and no statement title (a cash book's)
IN_OUT_BOOK = "Date,Description,Paid out,Paid in\n03/01/2025,Client,,1200.00\n"
IN_OUT_BOOK += "04/01/2025,Rent,800.00,\n05/01/2025,Coffee,4.50,\n"
WITH_CATEGORY = "Date,Description,Category,Amount\n03/01/2025,Client,Sales,1200.00\n"
WITH_CATEGORY += "04/01/2025,Rent,Rent,-800.00\n"


def preview_of(tmp_path: Path, text: str, *, measures: tuple[str, ...] = ()) -> Preview:
    """The statement previewed as suggested, for company "Co" (`measures`: headers set to
    money of their own)."""
    path = tmp_path / "statement.csv"
    path.write_text(text, encoding="utf-8")
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    for column in settings.columns:
        if column.header in measures:
            column.role = ColumnRole.measure
    return preview_file(path, settings)


def assert_left_to_classify(preview: Preview, accounts: dict[str, Decimal], said: str) -> None:
    """Exactly these accounts, every one unclassified, and the preview says `said`."""
    assert preview.by_account == accounts
    assert sorted(preview.unclassified) == sorted(accounts)
    assert said in " ".join(preview.warnings)


@pytest.mark.parametrize(
    ("text", "accounts", "said"),
    [
        (
            SIGNED,
            {"Money in": Decimal("1200"), "Money out": Decimal("-804.5")},
            'kept apart by direction, "Money in" (1200.00) and "Money out" (-804.50)',
        ),
        (
            IN_OUT,
            {"Money in": Decimal("1200"), "Money out": Decimal("-804.5")},
            'read as cash: "Paid out" is money out, shown negative, and "Paid in" money in',
        ),
        (
            IN_OUT_BOOK,
            {"Paid in": Decimal("1200"), "Paid out": Decimal("804.5")},
            '"Paid out" and "Paid in" are kept as accounts of their own',
        ),
    ],
)
def test_lines_named_by_nothing_are_kept_apart_and_left_to_classify(
    tmp_path: Path, text: str, accounts: dict[str, Decimal], said: str
) -> None:
    assert_left_to_classify(preview_of(tmp_path, text), accounts, said)


def test_a_category_column_names_the_lines(tmp_path: Path) -> None:
    preview = preview_of(tmp_path, WITH_CATEGORY)
    assert "Money in" not in preview.by_account
    assert not [w for w in preview.warnings if "No account or category column" in w]


# One statement (a client's 1,200.00 in, rent and a coffee out) as banks export it: every
# format reads as cash, money in positive and money out negative (docs/finance.md, "Bank
# statements"): a deposit of 1,200 is never shown as -1,200.
DEBIT_CREDIT = "Date,Description,Debit,Credit,Balance\n03/01/2025,Client,,1200.00,2200.00\n"
DEBIT_CREDIT += "04/01/2025,Rent,800.00,,1400.00\n05/01/2025,Coffee,4.50,,1395.50\n"
WITHDRAWAL_DEPOSIT = DEBIT_CREDIT.replace("Debit,Credit", "Withdrawal Amt.,Deposit Amt.")
DRCR_COLUMN = "Date,Description,Amount,Dr/Cr\n03/01/2025,Client,1200.00,CR\n"
DRCR_COLUMN += "04/01/2025,Rent,800.00,DR\n05/01/2025,Coffee,4.50,DR\n"
DRCR_SUFFIX = "Date,Description,Amount\n03/01/2025,Client,1200.00 Cr\n"
DRCR_SUFFIX += "04/01/2025,Rent,800.00 Dr\n05/01/2025,Coffee,4.50 Dr\n"
SOLL_HABEN = "Buchungstag;Verwendungszweck;Betrag;S/H\n03.01.2025;Kunde;1.200,00;H\n"
SOLL_HABEN += "04.01.2025;Miete;800,00;S\n05.01.2025;Kaffee;4,50;S\n"


@pytest.mark.parametrize(
    "text",
    [DEBIT_CREDIT, WITHDRAWAL_DEPOSIT, DRCR_COLUMN, DRCR_SUFFIX, SOLL_HABEN],
    ids=["debit-credit", "withdrawal-deposit", "drcr-column", "drcr-suffix", "soll-haben"],
)
def test_every_export_of_a_statement_reads_as_cash(tmp_path: Path, text: str) -> None:
    accounts = {"Money in": Decimal("1200"), "Money out": Decimal("-804.5")}
    said = '"Money in" (1200.00) and "Money out" (-804.50), read as cash: its debits are money out'
    assert_left_to_classify(preview_of(tmp_path, text), accounts, said)


def test_a_ledger_s_debits_stay_positive(tmp_path: Path) -> None:
    """Only a statement's Money in / Money out are read as cash: a journal's accounts keep
    its debits positive, as every ledger reads them."""
    text = "Date,Account,Debit,Credit\n03/01/2025,Sales,,1200.00\n04/01/2025,Rent,800.00,\n"
    preview = preview_of(tmp_path, text)
    assert preview.by_account == {"Sales": Decimal("-1200"), "Rent": Decimal("800")}
    assert not [w for w in preview.warnings if "read as cash" in w]
