"""Fast self-checks of the corpus generators: files open, stated totals tie to their lines."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.corpus import layouts, readback
from tests.corpus.layouts import GENERATORS, Layout, generate
from tests.corpus.write import cents

CONSTANT_KEYS = {"company", "date", "year", "currency", "fiscal_year_start"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Layout]:
    directory = tmp_path_factory.mktemp("corpus")
    return {name: generate(name, directory) for name in GENERATORS}


def test_no_layout_hides_another() -> None:
    """Each round's module names its generators; merged into one corpus, a name used twice
    would keep one layout and silently drop the other (two rounds once both wrote an
    Australian bank's CSV under one name). And each generator's docs heading names it once."""
    seen: dict[str, str] = {}
    for module in vars(layouts).values():
        for name in getattr(module, "GENERATORS", {}) if module is not layouts else {}:
            assert seen.setdefault(name, module.__name__) == module.__name__, name
    docs = Path(__file__).resolve().parents[2] / "docs" / "import.md"
    named = re.findall(r"^### \d+\. .*\[([a-z0-9_]+)\]\s*$", docs.read_text("utf-8"), re.M)
    assert len(named) == len(set(named)), sorted({n for n in named if named.count(n) > 1})


def test_no_layout_overwrites_another(corpus: dict[str, Layout]) -> None:
    """The corpus writes every layout into one directory: two generators writing the same
    file name would leave one file for both (a trial balance once overwrote another's
    "TrialBalance.csv", and only a readback test further on noticed)."""
    paths: dict[Path, str] = {}
    for name, layout in corpus.items():
        assert paths.setdefault(layout.path, name) == name, (layout.path.name, paths[layout.path])


def test_at_least_twenty_layouts() -> None:
    assert len(GENERATORS) >= 20


@pytest.mark.parametrize("name", list(GENERATORS))
def test_file_opens_and_totals_tie(name: str, corpus: dict[str, Layout]) -> None:
    layout = corpus[name]
    rows = readback.grid(layout)
    assert len(rows) > layout.header_row
    for check in layout.checks:
        for stated, computed in readback.stated_and_computed(layout, check):
            assert stated == computed, (check.label, stated, computed)
        if check.formula:
            cells = readback.formula_cells(layout, check)
            assert all(str(cell).startswith("=") for cell in cells), cells


@pytest.mark.parametrize("name", list(GENERATORS))
def test_answers_are_well_formed(name: str, corpus: dict[str, Layout]) -> None:
    layout = corpus[name]
    assert set(layout.constants) <= CONSTANT_KEYS
    assert layout.expected_by_account
    assert not set(layout.expected_by_account) & layout.not_accounts
    assert all(v == cents(v) for v in layout.expected_by_account.values())
    if layout.balanced:
        assert sum(layout.expected_by_account.values(), Decimal(0)) == 0
    assert layout.companies
    assert sum(layout.records_by_date.values()) == layout.record_count


@pytest.mark.parametrize("name", list(GENERATORS))
def test_deterministic(name: str, corpus: dict[str, Layout], tmp_path: Path) -> None:
    again = generate(name, tmp_path)
    assert again.expected_by_account == corpus[name].expected_by_account
    assert again.record_count == corpus[name].record_count


@pytest.mark.parametrize("name", ["superstore_xlsx", "superstore_eu_csv"])
def test_profit_rounded_per_cell_misses_the_sum(name: str, corpus: dict[str, Layout]) -> None:
    layout = corpus[name]
    rows = readback.grid(layout)
    c = rows[0].index("Profit")
    profits = [readback.number(row[c], layout.decimal) for row in rows[1:]]
    exact = [p for p in profits if p is not None]
    assert any(p != cents(p) for p in exact)
    assert sum(map(cents, exact)) != cents(sum(exact, Decimal(0)))
    assert layout.expected_by_account["Profit"] == cents(sum(exact, Decimal(0)))


def test_decimal_comma_column_mixes_two_and_three_decimals(corpus: dict[str, Layout]) -> None:
    layout = corpus["superstore_eu_csv"]
    rows = readback.grid(layout)
    sales = [row[rows[0].index("Sales")] for row in rows[1:]]
    assert "261,96" in sales and "22,368" in sales


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("erp_balance_list_csv", r"\d{1,3}(\.\d{3})+,\d\d-"),
        ("german_journal_csv", r"\d{1,3}(\.\d{3})+,\d\d"),
        ("french_trial_balance_csv", "\\d{1,3}(\u00a0\\d{3})+,\\d\\d"),
        ("swiss_statement_csv", r"-?\d{1,3}('\d{3})+\.\d\d"),
        ("quarterly_pl_csv", r"\(1,234\.50\)"),
        ("accounting_pl_csv", r"\$\d{1,3}(,\d{3})+\.\d\d"),
    ],
)
def test_number_formats_present(name: str, pattern: str, corpus: dict[str, Layout]) -> None:
    import re

    layout = corpus[name]
    text = layout.path.read_text(encoding=layout.encoding)
    assert re.search(pattern, text), pattern
