"""Money columns that restate others along the row (elara.ingest.restating, layout 115)."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from elara.ingest.model import Mismatch, mismatch_warnings
from elara.ingest.pipeline import parse_file
from elara.ingest.restating import Relation, find
from elara.ingest.suggest import suggest_settings
from tests.amounts import sums_by_account
from tests.ingest.builders import write_text

HEADER = "Date,Gross Sales,Discounts,Tax,Net Sales,Tip,Total Collected,Card,Cash,Other,Fees\n"


def _rows(n: int, seed: int, broken: int | None = None) -> tuple[str, dict[str, Decimal]]:
    """A point-of-sale list: Net Sales = Gross + Discounts + Tax, Total Collected = Net
    Sales + Tip = Card + Cash + Other; on row `broken` (1-based data row) Net Sales is a
    cent more than its parts."""
    rng = random.Random(seed)
    lines, parts = [], dict.fromkeys(("Gross Sales", "Discounts", "Tax", "Tip", "Fees"), 0)
    for i in range(1, n + 1):
        gross = rng.randint(400, 6000)
        discount = -rng.randint(1, 300) if i % 4 == 1 else 0
        tax = rng.randint(10, 400)
        tip = rng.randint(0, 500)
        net = gross + discount + tax
        collected = net + tip
        cash = collected if i % 3 == 0 else 0
        other = 0 if i % 7 else collected - cash
        card = collected - cash - other
        fee = -rng.randint(5, 90)
        shown_net = net + 1 if i == broken else net
        figures = (gross, discount, tax, shown_net, tip, collected, card, cash, other, fee)
        cells = ",".join(f"{Decimal(f) / 100:.2f}" for f in figures)
        lines.append(f"2025-04-{i % 28 + 1:02d},{cells}\n")
        for name, value in zip(parts, (gross, discount, tax, tip, fee), strict=True):
            parts[name] += value
    return HEADER + "".join(lines), {k: Decimal(v) / 100 for k, v in parts.items()}


def _read(path: Path, settings: Any = None) -> tuple[dict[str, Decimal], Any, dict[str, str]]:
    if settings is None:
        settings = suggest_settings(path).settings
        settings.constants.company = "Acme"
        settings.constants.currency = "USD"
        settings = type(settings).model_validate(settings.model_dump())
    roles = {c.header: str(c.role) for c in settings.columns}
    parser = parse_file(path, settings=settings)
    sums = sums_by_account(parser)
    return sums, parser.report, roles


def test_running_totals_and_a_split_are_numbers_and_the_parts_are_stored(tmp_path: Path) -> None:
    text, parts = _rows(30, seed=1)
    sums, report, roles = _read(write_text(tmp_path / "pos.csv", text))
    restating = ("Net Sales", "Total Collected", "Card", "Cash", "Other")
    assert all(roles[h] == "quantity" for h in restating), roles
    assert sums == parts
    listed = [w for w in report.warnings if "restate others along the row" in w]
    assert len(listed) == 1, report.warnings
    assert '"Net Sales" is "Gross Sales" + "Discounts" + "Tax"' in listed[0]
    assert '"Card" + "Cash" + "Other" split "Total Collected"' in listed[0]
    assert not [w for w in report.warnings if "add up to" in w]


def test_a_row_that_does_not_add_up_is_said(tmp_path: Path) -> None:
    """The relation is found on the first rows; a later row that breaks it is a warning
    naming both figures (the column is still not stored)."""
    text, parts = _rows(400, seed=2, broken=350)
    sums, report, roles = _read(write_text(tmp_path / "pos.csv", text))
    assert roles["Net Sales"] == "quantity"
    assert sums == parts
    said = [w for w in report.warnings if "add up to" in w]
    # Net Sales a cent over its parts: so is it over Total Collected less Tip
    assert [w.split(":")[0] for w in said] == ["Row 351", "Row 351"], report.warnings
    assert 'the file\'s "Net Sales" is 17.01' in said[0] and "not stored" in said[0]


def test_columns_that_do_not_add_up_are_all_money(tmp_path: Path) -> None:
    text = HEADER + "".join(
        f"2025-04-0{i},{i}0.00,-1.00,2.00,5{i}.00,1.00,3.00,4.00,5.00,6.00,-0.5{i}\n"
        for i in range(1, 6)
    )
    sums, report, roles = _read(write_text(tmp_path / "pos.csv", text))
    assert all(r == "measure" for h, r in roles.items() if h != "Date"), roles
    assert len(sums) == 10
    assert not [w for w in report.warnings if "restate" in w]


def test_zero_columns_alone_make_no_relation() -> None:
    units: dict[int, list[int | None]] = {
        1: [100, 200, 300],
        2: [0, 0, 0],
        3: [0, 0, 0],
        4: [0, 0, 0],
        5: [100, 200, 300],
    }
    assert find(units) == []  # 5 = 1 + zeros: only one part is ever non-zero
    units[2] = [5, 0, 7]
    units[5] = [105, 200, 307]
    assert find(units) == [Relation(5, (1, 2, 3, 4))]


def test_mismatch_money_has_two_decimals_and_keeps_the_files() -> None:
    found = [
        Mismatch(3, "Total", 46_605_000, 46_606_500, "its periods", label="Rent"),
        Mismatch(4, "Net Sales", 12_345, -10_000, '"Gross" + "Tax"'),
        *[Mismatch(row, "Total", 10_000, 0, "its periods") for row in range(5, 10)],
    ]
    said = mismatch_warnings(found, "whose total column differs")
    assert said[:2] == [
        'Row 3 ("Rent"): the file\'s "Total" is 4660.50 but its periods add up to 4660.65',
        'Row 4: the file\'s "Net Sales" is 1.2345 but "Gross" + "Tax" add up to -1.00',
    ]
    assert said[-1] == "2 more rows whose total column differs from their parts"
    assert len(said) == 6
