"""Account names, categories and period texts read while suggesting a file's settings are
remembered (a file repeats its few hundred accounts on every line); long texts are not, so
the caches stay small whatever a file holds, and every answer is the one worked out afresh."""

from __future__ import annotations

import pytest

from elara.finance import kinds
from elara.ingest import periods

NAMES = [
    None,
    "",
    "Revenue",
    "4000 - Sales",
    "S.G.&A.",
    "Total Revenue",
    "Sales Tax (220)",
    "Bank Loan",
    "Interest payable (and similar charges)",
    "Cost of Goods Sold",
    "Expense Analysis",
    "Depreciation & Amortisation",
    "  Rent  ",
    "Umsatzerlöse",
    "x" * kinds.CACHED_LENGTH,
    "Sales " + "y" * kinds.CACHED_LENGTH,  # longer than remembered
]
CATEGORIES = [None, "", "Revenue", "Expense", "ASSET", "Finance Costs", "Revenue Summary"]
PERIODS = [
    "JAN",
    "Jan-24",
    "FY2024",
    "Q3 2024",
    "30/09/2024",
    "Current Year",
    "Nine months ended 30 September 2025",
    "2024-03",
    "not a period",
    "Quarter Ended " + " " * 60 + "2025",  # longer than remembered, spaces folded
    "Year Ended December 31, 2024" + " " * 60,
]


@pytest.fixture(autouse=True)
def _empty_caches() -> None:
    kinds._normalised.cache_clear()
    kinds._classified.cache_clear()
    periods._period_of.cache_clear()


@pytest.mark.parametrize("name", NAMES)
def test_a_name_normalises_as_worked_out_afresh_every_time(name: str | None) -> None:
    assert kinds.normalise_name(name) == kinds._normalise(name)
    assert kinds.normalise_name(name) == kinds._normalise(name)  # the remembered form


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_classification_is_the_one_worked_out_afresh(category: str | None) -> None:
    for _ in range(2):  # the second round reads what the first remembered
        for name in NAMES:
            assert kinds.classify(name, category) == kinds._classify(name, category)


@pytest.mark.parametrize("text", PERIODS)
def test_a_period_is_the_one_read_afresh(text: str) -> None:
    assert periods.read_period(text) == periods._read_period(text)
    assert periods.read_period(text) == periods._read_period(text)


def test_long_texts_are_not_remembered() -> None:
    long_name = "Sales " + "y" * kinds.CACHED_LENGTH
    long_period = "Year Ended December 31, 2024" + " " * 60
    kinds.normalise_name(long_name)
    assert kinds._normalised.cache_info().currsize == 0
    kinds.classify(long_name, "Revenue")
    kinds.classify("Sales", long_name)
    periods.read_period(long_period)
    assert kinds._classified.cache_info().currsize == 0
    assert periods._period_of.cache_info().currsize == 0

    kinds.normalise_name("Sales")
    kinds.classify("Sales", "Revenue")
    periods.read_period("Jan-24")
    assert kinds._normalised.cache_info().currsize >= 1
    assert kinds._classified.cache_info().currsize == 1
    assert periods._period_of.cache_info().currsize == 1


def test_the_caches_are_bounded() -> None:
    for number in range(kinds.CACHED_NAMES + 100):
        kinds.normalise_name(f"Account {number}")
    assert kinds._normalised.cache_info().currsize == kinds.CACHED_NAMES
    assert kinds._classified.cache_info().maxsize == kinds.CACHED_NAMES
    assert periods._period_of.cache_info().maxsize is not None


def test_a_cell_that_is_no_text_fails_as_before() -> None:
    """A workbook's number where a name belongs is not remembered: it fails as it always did."""
    with pytest.raises(AttributeError):
        kinds.normalise_name(4000)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        kinds.classify(4000, "Revenue")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        periods.read_period(2024)  # type: ignore[arg-type]
