"""An app bank's statement with nothing naming its lines and a fee beside the amount
(docs/finance.md, "Bank statements"): the amount is kept apart as "Money in" / "Money out",
each fee column stays an account of its own, a Net restating amount less fee is not added,
and the preview says so with every total. Any other money column beside the amount names its
lines itself: nothing is split."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.ingest.test_bank_direction import preview_of

HEAD = "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance\n"
APP_BANK = HEAD + (
    "TOPUP,Current,2025-01-03 09:10:00,2025-01-03 11:00:00,Client,1200.00,0.00,EUR,COMPLETED,"
    "2150.00\n"
    "CARD_PAYMENT,Current,2025-01-04 09:10:00,2025-01-04 11:00:00,Rent,-800.00,0.50,EUR,"
    "COMPLETED,1349.50\n"
    "CARD_PAYMENT,Current,2025-01-05 09:10:00,2025-01-05 11:00:00,Coffee,-4.50,0.00,EUR,"
    "COMPLETED,1345.00\n"
    "TRANSFER,Current,2025-01-06 09:10:00,2025-01-06 11:00:00,Refund,30.00,0.25,EUR,"
    "COMPLETED,1374.75\n"
)
PROCESSOR = "Date,Description,Amount,Fee,Net\n"
PROCESSOR += "03/01/2025,Invoice 1,100.00,3.20,96.80\n04/01/2025,Refund 1,-40.00,0.00,-40.00\n"
PROCESSOR += "05/01/2025,Invoice 2,250.00,7.55,242.45\n06/01/2025,Payout,-200.00,0.00,-200.00\n"
COMMISSION = "Date,Description,Transaction Amount,Commission\n"
COMMISSION += "03/01/2025,Sell ACME,5000.00,-9.99\n04/01/2025,Buy ACME,-2500.00,-9.99\n"


@pytest.mark.parametrize(
    ("text", "accounts", "said"),
    [
        (
            APP_BANK,
            {"Money in": Decimal("1230"), "Money out": Decimal("-804.5"), "Fee": Decimal("0.75")},
            'lines of "Amount" are kept apart by direction, "Money in" (1230.00) and "Money out" '
            '(-804.50), as the file states them; "Fee" (0.75) is an account of its own, an '
            "operating expense (a cost, shown positive).",
        ),
        (
            COMMISSION,
            {
                "Money in": Decimal("5000"),
                "Money out": Decimal("-2500"),
                "Commission": Decimal("-19.98"),
            },
            '"Money in" (5000.00) and "Money out" (-2500.00), as the file states them; '
            '"Commission" (-19.98) is an account of its own, an operating expense',
        ),
    ],
)
def test_the_amount_is_kept_apart_and_the_fee_is_its_own_account(
    tmp_path: Path, text: str, accounts: dict[str, Decimal], said: str
) -> None:
    preview = preview_of(tmp_path, text)
    assert preview.by_account == accounts
    assert sorted(preview.unclassified) == ["Money in", "Money out"]  # the fee is a cost
    assert said in " ".join(preview.warnings)


def test_a_net_restating_amount_less_fee_is_still_not_added(tmp_path: Path) -> None:
    preview = preview_of(tmp_path, PROCESSOR, measures=("Net",))  # a wallet's Net is money
    net = preview.by_account.pop("Net")
    assert net == Decimal("99.25")  # shown, as the file states it...
    assert preview.by_account == {
        "Money in": Decimal("350"),
        "Money out": Decimal("-240"),
        "Fee": Decimal("10.75"),
    }
    warnings = " ".join(preview.warnings)
    assert '"Net" is shown but not added into totals' in warnings  # ...never added
    assert '"Money in" (350.00) and "Money out" (-240.00)' in warnings
    assert '"Fee" (10.75) is an account of its own' in warnings


def test_a_debit_credit_statement_with_a_fee_is_kept_apart_too(tmp_path: Path) -> None:
    text = "Date,Description,Debit,Credit,Fee\n03/01/2025,Client,,1200.00,0.00\n"
    text += "04/01/2025,Rent,800.00,,0.50\n05/01/2025,Coffee,4.50,,0.00\n"
    preview = preview_of(tmp_path, text)  # the Fee suggested as money, as beside an Amount
    assert {c.header: str(c.role) for c in preview.settings.columns}["Fee"] == "measure"
    assert preview.by_account == {  # read as cash: the debits are money out, negative
        "Money in": Decimal("1200"),
        "Money out": Decimal("-804.5"),
        "Fee": Decimal("0.5"),
    }
    assert '"Fee" (0.50) is an account of its own, an operating expense' in " ".join(
        preview.warnings
    )


@pytest.mark.parametrize("header", ["Gross", "GST"])
def test_other_numbers_beside_debit_and_credit_still_restate_the_movement(
    tmp_path: Path, header: str
) -> None:
    text = f"Date,Description,Debit,Credit,{header}\n03/01/2025,Client,,1200.00,1200.00\n"
    text += "04/01/2025,Rent,800.00,,800.00\n"
    preview = preview_of(tmp_path, text)
    assert {c.header: str(c.role) for c in preview.settings.columns}[header] == "quantity"
    assert set(preview.by_account) == {"Money in", "Money out"}


@pytest.mark.parametrize(
    ("text", "fee", "sign"),
    [
        (APP_BANK, "Fee", "natural"),  # taken off, stated positive
        (COMMISSION, "Commission", "expenses_negative"),  # stated negative
    ],
)
def test_a_fee_is_a_cost_shown_positive(tmp_path: Path, text: str, fee: str, sign: str) -> None:
    """What the bank took is an operating expense whatever sign the file gives it; the
    upload's sign convention then shows it positive, as every cost (docs/finance.md)."""
    preview = preview_of(tmp_path, text)
    assert preview.settings.account_kinds == {fee: "operating_expense"}
    assert fee not in preview.unclassified
    assert preview.settings.sign == sign


def test_a_fees_column_elsewhere_is_not_made_a_cost(tmp_path: Path) -> None:
    """A firm's "Fees" beside its other income is not a bank's charge: no kind suggested."""
    preview = preview_of(tmp_path, "Date,Sales,Fees\n03/01/2025,100.00,20.00\n")
    assert preview.settings.account_kinds == {}


@pytest.mark.parametrize(
    ("text", "accounts"),
    [
        # A named money column beside the fee names its own lines.
        (
            "Date,Sales,Fee\n03/01/2025,100.00,2.00\n04/01/2025,-20.00,0.00\n",
            {"Sales": Decimal("80"), "Fee": Decimal("2")},
        ),
        # Two money columns beside the fee: no one amount to split.
        (
            "Date,Amount,Tax,Fee\n03/01/2025,100.00,20.00,2.00\n04/01/2025,-20.00,-4.00,0.00\n",
            {"Amount": Decimal("80"), "Tax": Decimal("16"), "Fee": Decimal("2")},
        ),
        # A commerce platform's "Charges" are its sales, not a fee.
        (
            "Date,Amount,Charges\n03/01/2025,100.00,2.00\n04/01/2025,-20.00,3.00\n",
            {"Amount": Decimal("80"), "Charges": Decimal("5")},
        ),
    ],
)
def test_other_money_columns_are_not_split(
    tmp_path: Path, text: str, accounts: dict[str, Decimal]
) -> None:
    preview = preview_of(tmp_path, text)
    assert preview.by_account == accounts
    assert not [w for w in preview.warnings if "kept apart by direction" in w]
