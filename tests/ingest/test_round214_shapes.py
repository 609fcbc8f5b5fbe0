"""Layouts 214-220 (docs/import.md): a bookkeeping program's split export ("Full Account
Name", "CURRENCY::USD"), a budgeting app's register (Account, Category, Outflow | Inflow), an
aggregator's transactions (Account Name beside Category), a card download's Debit | Credit
with a category on every line, and Nordic bank downloads (Määrä EUROA, Uttak | Innskudd,
Beløb)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from elara.ingest.pipeline import parse_file
from elara.ingest.suggest import suggest_settings
from elara.ingest.values import parse_currency
from elara.ingest.vocabulary import header_role
from tests.amounts import sums_by_account


def _read(
    path: Path, currency: str | None = None
) -> tuple[dict[str, str], dict[str, Decimal], list[str], str | None]:
    """Roles suggested, the parsed records summed by account, the row errors and the
    currency offered."""
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    offered = settings.constants.currency
    settings.constants.company = "Test Co"
    if currency is not None:
        settings.constants.currency = currency
    roles = {c.header: str(c.role) for c in settings.columns}
    parser = parse_file(path, settings=settings)
    sums = sums_by_account(parser)
    return roles, sums, [e.message for e in parser.report.errors], offered


def test_nordic_bank_headers() -> None:
    assert str(header_role("Määrä EUROA")) == "amount"
    assert str(header_role("Beløb")) == "amount"
    assert str(header_role("Uttak")) == "debit"
    assert str(header_role("Innskudd")) == "credit"
    assert str(header_role("Tekst")) == "description"
    assert str(header_role("Laji")) == "ignore"  # a type code, never money
    assert str(header_role("Nimi")) == "dimension"  # the other party, not the account
    assert str(header_role("Viitenumero")) == "ignore"
    assert str(header_role("Valuutta")) == "currency"


def test_a_commodity_namespace_is_the_currency() -> None:
    assert parse_currency("CURRENCY::USD") == "USD"
    assert parse_currency(" CURRENCY::EUR ") == "EUR"


def test_a_finnish_download_states_euros_in_its_header(tmp_path: Path) -> None:
    path = tmp_path / "tapahtumat.csv"
    lines = [
        f"{d:02d}.03.2025;{d:02d}.03.2025;{'-12,50' if d % 3 else '100,00'};162;"
        f"PKORTTIMAKSU;K-MARKET;;;;{d:06d};"
        for d in range(1, 13)
    ]
    path.write_text(
        "Kirjauspäivä;Arvopäivä;Määrä EUROA;Laji;Selitys;Saaja/Maksaja;"
        "Saajan tilinumero ja pankin BIC;Viite;Viesti;Arkistointitunnus;\n" + "\n".join(lines),
        encoding="latin-1",
    )
    roles, sums, errors, offered = _read(path)
    assert not errors
    assert offered == "EUR"
    assert roles["Määrä EUROA"] == "amount"
    assert roles["Laji"] == "ignore"
    assert sums == {"Money in": Decimal(400), "Money out": Decimal("-100.00")}


def test_the_full_account_name_is_the_account(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    head = (
        '"Date","Transaction ID","Description","Commodity/Currency","Full Account Name",'
        '"Account Name","Amount Num."'
    )
    rows = []
    for n, (expense, amount) in enumerate((("Expenses:Taxes:Federal", "40.00"),
                                          ("Income:Taxes:Federal", "25.00")) * 3):  # fmt: skip
        for account, value in ((expense, amount), ("Assets:Checking", "-" + amount)):
            rows.append(
                f'"01/{n + 2:02d}/2025","{n:032x}","Move","CURRENCY::USD","{account}",'
                f'"{account.rsplit(":", 1)[-1]}","{value}"'
            )
    path.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    roles, sums, errors, _ = _read(path)
    assert not errors  # "CURRENCY::USD" is read as USD on every row
    assert roles["Commodity/Currency"] == "currency"
    assert roles["Full Account Name"] == "account"
    # "Federal" alone would merge the tax paid and the tax refunded
    assert sums == {
        "Expenses:Taxes:Federal": Decimal(120),
        "Income:Taxes:Federal": Decimal(75),
        "Assets:Checking": Decimal(-195),
    }


def test_a_register_of_few_accounts_is_named_by_its_categories(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    categories = ("Rent", "Groceries", "Fuel", "Paycheck")
    rows = [
        f'"{"Checking" if n % 2 else "Visa"}","01/{n + 1:02d}/2025","{categories[n % 4]}",'
        f'"{"$0.00" if n % 4 == 3 else "$10.00"}","{"$50.00" if n % 4 == 3 else "$0.00"}"'
        for n in range(12)
    ]
    path.write_text(
        '"Account","Date","Category","Outflow","Inflow"\n' + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    roles, sums, errors, _ = _read(path, "USD")
    assert not errors
    assert roles["Account"] == "dimension"  # where the money sat: a filter
    assert roles["Category"] == "account"
    assert (roles["Outflow"], roles["Inflow"]) == ("debit", "credit")
    assert sums == {
        "Rent": Decimal(30), "Groceries": Decimal(30), "Fuel": Decimal(30),
        "Paycheck": Decimal(-150),
    }  # fmt: skip


def test_a_ledger_category_grouping_its_accounts_does_not_name_the_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.csv"
    accounts = (("Rent", "Expense"), ("Fuel", "Expense"), ("Sales", "Revenue"))
    rows = [
        f"2025-01-{n + 1:02d},{accounts[n % 3][0]},{accounts[n % 3][1]},{n + 1}.00"
        for n in range(9)
    ]
    path.write_text("Date,Account,Category,Amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    roles, sums, errors, _ = _read(path, "USD")
    assert not errors
    assert roles["Account"] == "account"
    assert set(sums) == {"Rent", "Fuel", "Sales"}


def test_a_card_download_with_a_category_on_every_line(tmp_path: Path) -> None:
    path = tmp_path / "card.csv"
    rows = [
        f"2025-01-{n + 1:02d},2025-01-{n + 2:02d},4821,SHOP {n},"
        f"{'Payment/Credit' if n % 4 == 3 else 'Dining'},"
        f"{'' if n % 4 == 3 else '20.00'},{'100.00' if n % 4 == 3 else ''}"
        for n in range(12)
    ]
    path.write_text(
        "Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    roles, sums, errors, _ = _read(path, "USD")
    assert not errors
    assert roles["Category"] == "account"
    assert sums == {"Dining": Decimal(180), "Payment/Credit": Decimal(-300)}


def test_outflow_alone_is_no_side(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    rows = [f"2025-01-{n + 1:02d},Line {n % 3},{n + 1}.00" for n in range(9)]
    path.write_text("Date,Account,Outflow\n" + "\n".join(rows) + "\n", encoding="utf-8")
    roles, _, errors, _ = _read(path, "USD")
    assert not errors
    assert roles["Outflow"] != "debit"
