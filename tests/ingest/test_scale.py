"""Scale words ("in thousands", "USD '000", "$000s", "(€ millions)"): offered by the suggestion,
stated by the preview, applied exactly; an income statement in thousands ties out to its own
stated totals times 1000."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest import ImportSettings, parse_file, preview_file, suggest_settings
from elara.ingest.scale import scale_of
from elara.ingest.suggest import title_constants
from tests.ingest.builders import write_text, write_xlsx

# Lines, FY2023 and FY2024 as the statement states them (in thousands), subtotals included.
LINES = [
    ("Revenue", "12,345.6", "13,001.25"),
    ("Cost of revenue", "(7,000.1)", "(7,400.5)"),
    ("Gross profit", "5,345.5", "5,600.75"),
    ("Operating expenses", "(3,210.333)", "(3,300.0)"),
    ("Operating income", "2,135.167", "2,300.75"),
    ("Income tax", "(448.385)", "(483.158)"),
    ("Net income", "1,686.782", "1,817.592"),
]


def _amount(text: str) -> Decimal:
    text = text.replace(",", "")
    return -Decimal(text.strip("()")) if text.startswith("(") else Decimal(text)


def _statement(path: Path, title: str = "(in thousands of U.S. dollars)") -> Path:
    rows = ["Northwind Traders Inc.", "Consolidated Statements of Income", title, ""]
    rows.append("Line item,FY2023,FY2024")
    rows += [f'{label},"{a}","{b}"' for label, a, b in LINES]
    return write_text(path, "\n".join(rows) + "\n")


def test_statement_in_thousands_ties_out_to_its_totals_times_1000(tmp_path: Path) -> None:
    path = _statement(tmp_path / "income.csv")
    suggestion = suggest_settings(path)
    assert suggestion.offered.unit_multiplier == 1000
    assert suggestion.settings.constants.unit_multiplier == 1000  # offered, and shown below
    assert suggestion.needs == []
    preview = preview_file(path, suggestion.settings)
    assert preview.unit_multiplier == 1000
    assert any("multiplied by 1,000" in w for w in preview.warnings), preview.warnings
    stated = {label: (_amount(a) + _amount(b)) * 1000 for label, a, b in LINES}
    assert preview.by_account == stated
    # The statement's own subtotal lines still tie out to their parts, in full units.
    gross = preview.by_account["Revenue"] + preview.by_account["Cost of revenue"]
    assert gross == preview.by_account["Gross profit"]
    assert preview.by_account["Net income"] == Decimal("3504374")  # 1,686.782 + 1,817.592 k
    assert preview.error_count == 0 and not any("rounded" in w for w in preview.warnings)


def test_a_multiplier_of_1_reads_the_figures_as_written(tmp_path: Path) -> None:
    path = _statement(tmp_path / "income.csv")
    settings = suggest_settings(path).settings
    settings.constants.unit_multiplier = 1
    again = suggest_settings(path, settings=ImportSettings.model_validate(settings.model_dump()))
    assert again.settings.constants.unit_multiplier == 1  # the user's choice wins
    preview = preview_file(path, again.settings)
    assert preview.by_account["Revenue"] == Decimal("25346.85")
    assert not any("multiplied" in w for w in preview.warnings)


def test_the_store_path_states_it_too(tmp_path: Path) -> None:
    parser = parse_file(_statement(tmp_path / "income.csv", "USD '000"))
    records = [r for batch in parser for r in batch.records]
    assert {r.amount_minor for r in records if r.account == "Revenue"} == {
        123_456_000_000,
        130_012_500_000,
    }
    assert any("multiplied by 1,000" in w for w in parser.report.warnings)


def test_millions_in_a_money_header_and_values_that_no_longer_fit(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "P&L": [
                ["Company", "Date", "Account", "Amount (€ millions)", "Headcount (000s)"],
                ["ACME", "2024-12-31", "Revenue", 1.2345678, 3],
                ["ACME", "2024-12-31", "Other", 99_999_999, 1],
            ]
        },
    )
    suggestion = suggest_settings(path)
    assert suggestion.offered.unit_multiplier == 1_000_000
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {"Revenue": Decimal("1234567.8")}  # exact, never rounded first
    assert preview.error_count == 1
    assert "once multiplied by 1,000,000" in preview.errors[0].message


def test_a_quantity_header_states_no_scale(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "q.csv",
        "Company,Date,Account,Amount,Units (000s)\nACME,2024-01-31,Revenue,10.5,3\n",
    )
    suggestion = suggest_settings(path)
    assert suggestion.offered.unit_multiplier is None
    assert preview_file(path, suggestion.settings).by_account == {"Revenue": Decimal("10.5")}


@pytest.mark.parametrize(
    ("text", "multiplier"),
    [
        ("(in thousands)", 1000),
        ("Amounts in millions", 1_000_000),
        ("USD '000", 1000),
        ("$000s", 1000),
        ("(€ millions)", 1_000_000),
        ("($ in millions, except per share data)", 1_000_000),
        ("TEUR", 1000),
        ("Mio. EUR", 1_000_000),
        ("£m", 1_000_000),
        ("Amounts in USD", None),
        ("Thousand Oaks Ltd", None),
        ("Memo", None),
        ("Invoice 000123", None),
    ],
)
def test_scale_words(text: str, multiplier: int | None) -> None:
    assert scale_of(text) == multiplier


@pytest.mark.parametrize(
    ("title", "currency"),
    [
        ("£'000", "GBP"),  # a UK management pack's scale row names its currency too
        ("(€ millions)", "EUR"),
        ("$000s", None),  # the dollar is several countries': asked, never guessed
        ("¥ millions", None),  # yen or yuan
        ("£ and € figures", None),  # two currencies: neither
    ],
)
def test_a_title_symbol_only_one_currency_uses_offers_it(title: str, currency: str | None) -> None:
    assert title_constants([[title]], []).currency == currency


def test_a_change_column_kept_as_a_number_is_said_to_be_shown_as_written(
    tmp_path: Path,
) -> None:
    """A statement in thousands with "$ Change" and "% Change" beside its years: the change
    columns are kept as numbers, not money, so they are shown (and stored) as the file writes
    them while the amounts beside them are multiplied; the preview says so, naming them."""
    rows = ["Northwind Traders Inc.", "Consolidated Statements of Income"]
    rows += ["(in thousands of U.S. dollars)", "", "Line item,FY2024,FY2023,$ Change,% Change"]
    changes = {}
    for label, before, after in LINES:
        change = _amount(after) - _amount(before)
        changes[label] = change
        rows.append(f'{label},"{after}","{before}",{change},1.0%')
    path = write_text(tmp_path / "income.csv", "\n".join(rows) + "\n")
    settings = suggest_settings(path).settings
    roles = {c.header: c.role.value for c in settings.columns}
    assert roles["$ Change"] == "quantity", roles
    preview = preview_file(path, settings)
    first = preview.sample[0]
    assert Decimal(first["amount"]) == _amount(LINES[0][2]) * 1000  # the amount, in full
    assert Decimal(str(first["attributes"]["$ Change"])) == changes[first["account"]]
    said = [w for w in preview.warnings if "kept as numbers" in w]
    assert len(said) == 1 and '"$ Change"' in said[0] and '"% Change"' in said[0], said
    assert "as in the file" in said[0] and "1,000" in said[0]
    # A statement with no number columns has no such note.
    plain = preview_file(_statement(tmp_path / "plain.csv"), None)
    assert not [w for w in plain.warnings if "kept as numbers" in w], plain.warnings
