"""A US file whose amounts are whole dollars with three-digit groups ("$12,500", never a
decimal point): the groups are thousands, which the file shows elsewhere (comma-delimited
with those values quoted, "$", month-first dates). See docs/import.md, "Three-digit groups".
Written fresh from a seed with made-up names and numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout, single_company
from tests.corpus.write import add_to, count_on, day_in, fmt, rounded, write_csv

CATEGORIES = ("Equipment", "Software", "Contractors", "Facilities")
VENDORS = ("Lone Star Supply", "Bluebonnet IT", "Hill Country Builders", "Capitol Office Co")
ORDERS = (250, 500, 1000, 1500, 2500, 5000, 10000, 12500, 25000)


def purchase_orders_whole_dollars_csv(directory: Path, seed: int = 112) -> Layout:
    """A small business's purchase-order log from a US procurement tool: PO Date
    (MM/DD/YYYY), PO Number, Vendor, Category, Amount in whole dollars ("$12,500", "$1,000",
    "$250"); the category names what the money is for."""
    rng = random.Random(seed)
    path = directory / "purchase_orders.csv"
    rows: list[list[object]] = [["PO Date", "PO Number", "Vendor", "Category", "Amount"]]
    dates: dict[dt.date, int] = {}
    by_category: dict[str, Decimal] = {}
    for n in range(40):
        day = day_in(rng, 2025, rng.randint(1, 3))
        category = rng.choice(CATEGORIES)
        amount = Decimal(rng.choice(ORDERS))
        rows.append(
            [
                day.strftime("%m/%d/%Y"),
                f"PO-{4100 + n}",
                rng.choice(VENDORS),
                category,
                fmt(amount, places=0, thousands=",", prefix="$"),
            ]
        )
        count_on(dates, day)
        add_to(by_category, category, amount)
    write_csv(path, rows)
    return single_company(
        name="purchase_orders_whole_dollars_csv",
        records_by_date=dates,
        path=path,
        company="Pecan Street Bakery",
        expected_by_account=rounded(by_category),
        not_accounts=frozenset({"Amount", "PO Number", *VENDORS}),
        currency="USD",  # "$" on every amount
    )


GENERATORS = {"purchase_orders_whole_dollars_csv": purchase_orders_whole_dollars_csv}
