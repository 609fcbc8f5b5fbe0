"""A filed income statement's lines that are not money, and its netted "Other expense, net"
(docs/import.md, layout 151)."""

from __future__ import annotations

from pathlib import Path

import pytest

from elara.ingest.pipeline import parse_file
from elara.ingest.rows import NOT_MONEY
from elara.ingest.suggest import suggest_settings

STATEMENT = """Cedar Analytics Inc.
Statements of Operations
,2025,2024
Revenue,"48,210","41,375"
Cost of revenue,"19,480","17,220"
Operating expenses:,,
General and administrative,"4,870","4,515"
Interest income,412,198
"Other expense, net",(87),(45)
Provision for income taxes,790,345
Net income,"23,385","19,448"
Net income per share:,,
Basic,$0.42,$0.19
Diluted,$0.40,$0.18
Weighted-average shares used in computing net income per share:,,
Basic,"7,071","6,832"
Diluted,"7,425","7,211"
Stockholders' equity:,,
"Common stock, $0.01 par value; 100,000 shares authorized; 7,100 shares issued",71,68
Basic,5,5
"""


def _read(
    tmp_path: Path, text: str, *, batch_size: int = 50_000
) -> tuple[dict[str, int], list[int], dict[str, str]]:
    path = tmp_path / "statement.csv"
    path.write_text(text, encoding="utf-8")
    settings = suggest_settings(path).settings
    settings.constants.currency = "USD"
    parser = parse_file(path, settings=settings, batch_size=batch_size)
    counts: dict[str, int] = {}
    for batch in parser:
        for account in batch.columns["account"]:
            counts[account] = counts.get(account, 0) + 1
    not_money = [s.row for s in parser.report.skipped_rows if s.reason == NOT_MONEY]
    return counts, not_money, settings.account_kinds


def test_per_share_and_share_count_lines_are_not_money(tmp_path: Path) -> None:
    counts, not_money, _ = _read(tmp_path, STATEMENT)
    # the Basic / Diluted lines under "per share" and "shares" headings are not stored ...
    assert counts.get("Diluted") is None
    # ... but a "Basic" line under another heading is (a plan, a product, a class)
    assert counts.get("Basic") == 2
    # an equity line that names its shares is money
    assert (
        counts["Common stock, $0.01 par value; 100,000 shares authorized; 7,100 shares issued"] == 2
    )
    assert not_money == [13, 14, 16, 17]


@pytest.mark.parametrize("batch_size", [1, 2, 3])
def test_a_per_share_heading_holds_across_a_batch_boundary(tmp_path: Path, batch_size: int) -> None:
    """The heading "Net income per share:" read in one batch still says that its "Basic" and
    "Diluted" lines in the next are not money (the heading is carried from batch to batch)."""
    whole = _read(tmp_path, STATEMENT)
    in_batches = _read(tmp_path, STATEMENT, batch_size=batch_size)
    assert in_batches == whole
    assert in_batches[1] == [13, 14, 16, 17] and in_batches[0].get("Diluted") is None


def test_other_expense_net_in_brackets_is_added_to_income(tmp_path: Path) -> None:
    _, _, kinds = _read(tmp_path, STATEMENT)
    assert kinds["Other expense, net"] == "other_income"


def test_other_expense_in_brackets_where_costs_are_too_keeps_its_kind(tmp_path: Path) -> None:
    negative = STATEMENT.replace('"19,480","17,220"', '"(19,480)","(17,220)"').replace(
        '"4,870","4,515"', '"(4,870)","(4,515)"'
    )
    _, _, kinds = _read(tmp_path, negative)
    assert kinds.get("Other expense, net") != "other_income"


def _stated(other: str, before_taxes: tuple[int, int]) -> str:
    """A statement that states its income before taxes: income from operations, interest
    income and the netted line ``other`` (as written) above it."""
    return (
        "Cedar Analytics Inc.\nStatements of Operations\n,2025,2024\n"
        'Revenue,"48,210","41,375"\nCost of revenue,"19,480","17,220"\n'
        'Income from operations,"28,730","24,155"\nInterest income,412,198\n'
        f'"Other expense, net",{other}\n'
        f'Income before income taxes,"{before_taxes[0]:,}","{before_taxes[1]:,}"\n'
        "Provision for income taxes,790,345\n"
    )


def test_the_stated_income_before_taxes_decides_the_netted_line(tmp_path: Path) -> None:
    """Whether "Other expense, net" is added or taken off is what the statement's own
    "Income before income taxes" says, whatever its brackets."""
    operations, interest, other = (28730, 24155), (412, 198), (87, 45)
    plus = tuple(o + i + n for o, i, n in zip(operations, interest, other, strict=True))
    minus = tuple(o + i - n for o, i, n in zip(operations, interest, other, strict=True))
    # shown without brackets, yet added: a net amount added to income
    _, _, kinds = _read(tmp_path, _stated("87,45", plus))
    assert kinds["Other expense, net"] == "other_income"
    # shown without brackets and taken off: an expense
    _, _, kinds = _read(tmp_path, _stated("87,45", minus))
    assert kinds.get("Other expense, net") != "other_income"
    # in brackets, yet the statement takes the bracketed figure off: an expense as written
    _, _, kinds = _read(tmp_path, _stated("(87),(45)", plus))
    assert kinds.get("Other expense, net") != "other_income"
    # in brackets and added as written
    _, _, kinds = _read(tmp_path, _stated("(87),(45)", minus))
    assert kinds["Other expense, net"] == "other_income"
    # a sum that holds neither way (rounded): the brackets decide, as without one
    _, _, kinds = _read(tmp_path, _stated("(87),(45)", (minus[0] + 1, minus[1] + 1)))
    assert kinds["Other expense, net"] == "other_income"
