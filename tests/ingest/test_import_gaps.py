"""Import gaps closed (docs/import.md): an outline of indent columns in a CSV text file, a
card issuer's download whose "Account #" reads as a number and whose charges are positive,
three-digit groups decided by the file's evidence, an aging report's Total checked row by
row, and a bank download with no header row saved as a workbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from elara.ingest import Preview, preview_file, suggest_settings
from elara.ingest.settings import ColumnRole, SignConvention
from tests.ingest.builders import write_xlsx


def preview_of(tmp_path: Path, text: str, name: str = "file.csv") -> Preview:
    """The file previewed as suggested, for company "Co"."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    settings.constants.currency = settings.constants.currency or "USD"
    settings.constants.date = settings.constants.date or dt.date(2025, 1, 31)
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
    assert preview.by_account == {"Money out": Decimal("-1480.60"), "Money in": Decimal("920")}
    said = " ".join(preview.warnings)
    assert "the card issuer's view" in said and "not income" in said
    assert '"Money out" (-1480.60, spending, negative)' in said  # read as cash


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


def _read_either_way(preview: Preview) -> list[str]:
    return [w for w in preview.warnings if "could be read either way" in w]


# A US statement whose amounts only ever show three-digit groups ("12,500"), quoted in a
# comma-delimited file, with "$" and month-first dates.
US_GROUPS = """\
Date,Description,Amount
01/15/2025,Invoice 1001,"$12,500"
01/28/2025,Invoice 1002,"$1,234"
02/14/2025,Invoice 1003,"$3,000"
"""


def test_thousands_with_evidence_are_decided_and_noted_once(tmp_path: Path) -> None:
    preview = preview_of(tmp_path, US_GROUPS, "statement.csv")
    assert sum(preview.by_account.values()) == Decimal("16734")
    assert not _read_either_way(preview), preview.warnings
    note = preview.number_format_note or ""
    assert '"Amount"' in note and "comma-delimited" in note and '"$"' in note, note
    assert "month-first" in note, note


def test_thousands_from_a_decimal_point_elsewhere(tmp_path: Path) -> None:
    """A workbook-like text file with no "$" and no quoting evidence of its own: a column of
    the same file with a decimal point says the groups are thousands."""
    text = "Item\tCost\tPrice\nA\t12,500\t3.50\nB\t1,234\t2.25\n"
    preview = preview_of(tmp_path, text, "items.txt")
    assert not _read_either_way(preview), preview.warnings
    assert "other columns show a decimal point" in (preview.number_format_note or "")


def test_no_evidence_keeps_the_warning(tmp_path: Path) -> None:
    """Tab-delimited, no "$", no decimals anywhere, headers in no known language."""
    text = "Posten\tWert\nA\t12,500\nB\t1,234\n"
    preview = preview_of(tmp_path, text, "items.txt")
    assert _read_either_way(preview), preview.warnings
    assert preview.number_format_note is None


def test_contradicting_evidence_keeps_the_warning(tmp_path: Path) -> None:
    """ "$" says thousands, a ";" delimiter says a decimal comma: said, not decided."""
    text = 'Date;Description;Amount\n01/15/2025;Invoice;"$12,500"\n01/28/2025;Fee;"$1,234"\n'
    preview = preview_of(tmp_path, text, "statement.csv")
    assert _read_either_way(preview), preview.warnings
    assert preview.number_format_note is None


def test_a_european_file_s_thousands_stay_right(tmp_path: Path) -> None:
    """ "1.234" meaning one thousand two hundred thirty-four, ";"-delimited, day-first."""
    text = "Datum;Buchungstext;Betrag\n15.01.2025;Miete;1.234\n28.01.2025;Strom;2.500\n"
    preview = preview_of(tmp_path, text, "umsaetze.csv")
    assert sum(preview.by_account.values()) == Decimal("3734"), preview.by_account
    assert not _read_either_way(preview), preview.warnings
    assert '";"-delimited' in (preview.number_format_note or "")


# An aged receivables summary: the customer, the age buckets, each row's Total.
AGING = """\
Craig's Design and Landscaping Services
A/R Aging Summary
"As of March 31, 2025"

,Current,1 - 30,31 - 60,61 - 90,91 and over,Total
Amy's Bird Sanctuary,100.00,,50.00,,,150.00
Bill's Windsurf Shop,,"1,200.00",,25.00,,{bill}
Cool Cars,10.00,20.00,30.00,40.00,50.00,150.00
TOTAL,$110.00,"$1,220.00",$80.00,$65.00,$50.00,"$1,525.00"
"""


def test_an_aging_report_s_total_column_is_checked_row_by_row(tmp_path: Path) -> None:
    right = preview_of(tmp_path, AGING.format(bill='"1,225.00"'), "aging.csv")
    assert right.by_account["1 - 30"] == Decimal("1220"), right.by_account
    assert not [w for w in right.warnings if "add up to" in w], right.warnings
    wrong = preview_of(tmp_path, AGING.format(bill='"1,225.02"'), "aging.csv")
    found = [w for w in wrong.warnings if "add up to" in w]
    assert len(found) == 1, wrong.warnings
    assert "Bill's Windsurf Shop" in found[0] and "age buckets add up to 1225.00" in found[0]
    assert "1225.02" in found[0]
    # A cent is rounding, not a difference.
    cent = preview_of(tmp_path, AGING.format(bill='"1,225.01"'), "aging.csv")
    assert not [w for w in cent.warnings if "add up to" in w], cent.warnings


def test_a_workbook_with_no_header_row_keeps_its_first_transaction(tmp_path: Path) -> None:
    """A bank download with no header row saved as .xlsx: the first row is a transaction, not
    the header (it was lost, and its date and amount became column names)."""
    rows = [
        [dt.date(2025, 2, 27), -45.67, "*", None, "CARD PURCHASE OFFICE DEPOT"],
        [dt.date(2025, 2, 20), 1200.0, "*", None, "DEPOSIT MADE IN A BRANCH"],
        [dt.date(2025, 2, 14), -310.25, "*", 3104.0, "CHECK # 3104"],
        [dt.date(2025, 2, 3), -4.0, "*", None, "MONTHLY SERVICE FEE"],
    ]
    path = write_xlsx(tmp_path / "Checking1.xlsx", {"Checking1": rows})
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    settings.constants.currency = "USD"
    preview = preview_file(path, settings)
    assert preview.records == 4, preview.warnings
    assert preview.by_account == {"Money out": Decimal("-359.92"), "Money in": Decimal("1200")}
    assert any("no header row" in w for w in preview.warnings), preview.warnings
    assert [s["row"] for s in preview.sample][:1] == [1]


def test_a_card_payment_written_with_a_cr_suffix_is_read_as_its_amount_is(
    tmp_path: Path,
) -> None:
    """The issuer's "900.00 CR" is a credit, as the amount column reads it: the payment is
    negative beside positive charges, so the file is the issuer's view (the signs read by
    ``numbers.parse_units``, not a parser of their own)."""
    text = CARD.replace("-900.00", "900.00 CR")
    path = tmp_path / "activity.csv"
    path.write_text(text, encoding="utf-8")
    assert suggest_settings(path).settings.sign is SignConvention.debit_positive
    preview = preview_of(tmp_path, text, "activity.csv")
    assert preview.by_account == {"Money out": Decimal("-1480.60"), "Money in": Decimal("920")}
