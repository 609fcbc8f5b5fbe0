"""Import gaps closed (docs/import.md): an outline of indent columns in a CSV text file, a
card issuer's download whose "Account #" reads as a number and whose charges are positive."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from elara.ingest import Preview, preview_file, suggest_settings
from elara.ingest.settings import ColumnRole, SignConvention


def preview_of(tmp_path: Path, text: str, name: str = "file.csv") -> Preview:
    """The file previewed as suggested, for company "Co"."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    settings.constants.currency = settings.constants.currency or "USD"
    return preview_file(path, settings)


# A desktop package's "Profit & Loss by Month" saved as CSV: labels in the column of their
# level (A-C), a spacer column after each month.
OUTLINE = """\
,,,Jan 25,,Feb 25,,TOTAL
Ordinary Income/Expense,,,,,,,
,Income,,,,,,
,,4000 · Sales,"1,000.00",,"2,000.00",,"3,000.00"
,,4100 · Services,500.00,,250.00,,750.00
,Total Income,,"1,500.00",,"2,250.00",,"3,750.00"
,Expense,,,,,,
,,6000 · Rent,800.00,,800.00,,"1,600.00"
,Total Expense,,800.00,,800.00,,"1,600.00"
Net Income,,,700.00,,"1,450.00",,"2,150.00"
"""


def test_an_outline_of_indent_columns_in_csv_keeps_each_line_s_name(tmp_path: Path) -> None:
    preview = preview_of(tmp_path, OUTLINE, "pl_by_month.csv")
    lines = {"4000 · Sales": "3000", "4100 · Services": "750", "6000 · Rent": "1600"}
    for name, total in lines.items():
        assert preview.by_account.get(name) == Decimal(total), preview.by_account
    assert not {"Income", "Expense", "Ordinary Income/Expense"} & set(preview.by_account)
    assert not [w for w in preview.warnings if "add up to" in w]


# A ledger with account headings in column A and the line's type in B: not an outline (the
# type repeats a few words), the headings name the lines below.
LEDGER = """\
,Type,Date,Num,Memo,Debit,Credit,Balance
1000 · Checking,,,,,,,"1,000.00"
,Payment,1/3/2025,201,Client,448.24,,"1,448.24"
,Check,1/5/2025,347,Supplies,,100.00,"1,348.24"
,Check,1/9/2025,325,Supplies,,200.00,"1,148.24"
,Payment,1/20/2025,547,Client,50.00,,"1,198.24"
Total 1000 · Checking,,,,,498.24,300.00,
"""


def test_a_ledger_s_type_column_is_not_an_outline_level(tmp_path: Path) -> None:
    preview = preview_of(tmp_path, LEDGER, "ledger.csv")
    assert set(preview.by_account) == {"1000 · Checking"}, preview.by_account


# A charge card's activity download, the issuer's view: charges positive, payments negative,
# the card's ending "-41007" in "Account #", Category empty on payments.
CARD = """\
Date,Description,Card Member,Account #,Amount,Category
03/28/2025,MERCHANT 01 NEW YORK NY,JANE ROE,-41007,120.50,Travel-Airline
03/20/2025,ONLINE PAYMENT - THANK YOU,JANE ROE,-41007,-900.00,
03/11/2025,MERCHANT 02 NEW YORK NY,SAM LEE,-42015,"1,045.10",Restaurant-Restaurant
02/27/2025,MERCHANT 03 NEW YORK NY,JANE ROE,-41007,15.00,Travel-Airline
02/02/2025,MERCHANT 04 NEW YORK NY,SAM LEE,-42015,-20.00,Restaurant-Restaurant
01/15/2025,MERCHANT 05 NEW YORK NY,SAM LEE,-42015,300.00,Travel-Airline
"""


def test_a_card_ending_never_names_an_account_and_charges_are_spending(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(CARD, encoding="utf-8")
    settings = suggest_settings(path).settings
    roles = {c.header: c.role for c in settings.columns}
    assert roles["Account #"] is ColumnRole.dimension
    assert settings.sign is SignConvention.debit_positive
    preview = preview_of(tmp_path, CARD, "activity.csv")
    assert not [a for a in preview.by_account if a.lstrip("-").isdigit()], preview.by_account
    # Charges are spending; the payment (and a merchant's refund) come back onto the card.
    assert preview.by_account == {"Money out": Decimal("1480.60"), "Money in": Decimal("-920")}
    said = " ".join(preview.warnings)
    assert "the card issuer's view" in said and "not income" in said


def test_a_cardholder_s_view_keeps_the_amount_s_own_sign(tmp_path: Path) -> None:
    """Charges negative and payments positive (layout 56's issuer): not the issuer's view."""
    text = CARD.replace("-900.00", "900.00").replace(",-20.00,", ",20.00,")
    text = "\n".join(
        line.replace(",120.50,", ",-120.50,")
        .replace(',"1,045.10",', ',"-1,045.10",')
        .replace(",15.00,", ",-15.00,")
        .replace(",300.00,", ",-300.00,")
        for line in text.splitlines()
    )
    path = tmp_path / "activity.csv"
    path.write_text(text + "\n", encoding="utf-8")
    assert suggest_settings(path).settings.sign is None
    preview = preview_of(tmp_path, text + "\n", "activity.csv")
    assert preview.by_account == {"Money out": Decimal("-1480.60"), "Money in": Decimal("920")}
