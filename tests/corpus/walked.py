"""Layouts found by walking `make run` with files written by hand in real shapes (docs/import.md,
layouts 150 on): each reproduces what a finance user uploaded and Elara read wrong. Every file
is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus.exports import in_out
from tests.corpus.model import Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, sections, totals_of
from tests.corpus.write import count_on, fmt, month_end, spread, write_csv

MONTHLY_PL: Spec = [
    ("Revenue", None),
    ("Product revenue", (110000, 170000)),
    ("Services revenue", (25000, 40000)),
    ("Total revenue", [("Product revenue", 1), ("Services revenue", 1)]),
    ("Cost of goods sold", (40000, 70000)),
    ("Gross profit", [("Total revenue", 1), ("Cost of goods sold", -1)]),
    ("Operating expenses", None),
    ("Salaries", (55000, 65000)),
    ("Rent", (8000, 8000)),
    ("Marketing", (3000, 15000)),
    ("Total operating expenses", [("Salaries", 1), ("Rent", 1), ("Marketing", 1)]),
    ("Net operating income", [("Gross profit", 1), ("Total operating expenses", -1)]),
]


def _lines(
    spec: Spec,
    figures: Callable[[str], Sequence[Decimal | str]],
    *,
    width: int,
    places: int = 0,
    thousands: str = ",",
    negative: str = "parens",
) -> list[list[object]]:
    """A statement's lines as rows of a CSV: each line's label, then its figures (amounts
    shown with brackets for negatives unless told otherwise, texts as they are); a section
    heading alone, blank to ``width`` cells."""

    def amount(value: Decimal) -> str:
        return fmt(value, places=places, thousands=thousands, negative=negative)

    rows: list[list[object]] = []
    for label, what in spec:
        if what is None:
            rows.append([label, *[""] * (width - 1)])
            continue
        shown = (v if isinstance(v, str) else amount(v) for v in figures(label))
        rows.append([label, *shown])
    return rows


def pl_quarter_totals_csv(directory: Path, seed: int = 150) -> Layout:
    """A monthly P&L as management packs and budget templates lay it out: company, title and
    "Amounts in USD" above; Jan-25 … Dec-25 with a "Q1 Total" after each quarter's three months
    and "FY 2025" at the end. The quarter and year columns add up the months: storing them
    would count every figure three times (each month, its quarter, the year)."""
    rng = random.Random(seed)
    path = directory / "pl_by_month_with_quarters.csv"
    values = compute(MONTHLY_PL, 12, rng, places=0)
    header: list[str] = ["Account"]
    for quarter in range(4):
        header += [month_end(2025, 3 * quarter + m).strftime("%b-%y") for m in (1, 2, 3)]
        header.append(f"Q{quarter + 1} Total")
    header.append("FY 2025")
    rows: list[list[object]] = [
        ["Harbour Design Ltd"],
        ["Profit and Loss by Month 2025"],
        ["Amounts in USD"],
        header,
    ]

    def figures(label: str) -> list[Decimal]:
        row: list[Decimal] = []
        for quarter in range(4):
            months = values[label][3 * quarter : 3 * quarter + 3]
            row += [*months, sum(months, Decimal(0))]
        return [*row, sum(values[label], Decimal(0))]

    write_csv(path, rows + _lines(MONTHLY_PL, figures, width=1))
    summaries = {h for h in header if h.startswith(("Q", "FY"))}
    return single_company(
        name="pl_quarter_totals_csv",
        typed=False,
        records_by_date=spread([month_end(2025, m) for m in range(1, 13)], len(values)),
        path=path,
        company="Harbour Design Ltd",
        expected_by_account=totals_of(values),
        not_accounts=sections(MONTHLY_PL) | summaries | {"Account"},
        header_row=4,
        currency="USD",
        checks=checks_of(MONTHLY_PL, tuple(h for h in header[1:])),
    )


TEN_K: Spec = [
    ("Revenue", (38000, 52000)),
    ("Cost of revenue", (15000, 21000)),
    ("Gross profit", [("Revenue", 1), ("Cost of revenue", -1)]),
    ("Operating expenses:", None),
    ("Research and development", (7000, 9500)),
    ("Sales and marketing", (9000, 12000)),
    ("General and administrative", (3500, 5000)),
    (
        "Total operating expenses",
        [
            ("Research and development", 1),
            ("Sales and marketing", 1),
            ("General and administrative", 1),
        ],
    ),
    ("Income from operations", [("Gross profit", 1), ("Total operating expenses", -1)]),
    ("Interest income", (150, 450)),
    ("Other expense, net", (-120, -30)),
    (
        "Income before income taxes",
        [("Income from operations", 1), ("Interest income", 1), ("Other expense, net", 1)],
    ),
    ("Provision for income taxes", (300, 800)),
    ("Net income", [("Income before income taxes", 1), ("Provision for income taxes", -1)]),
]


def ten_k_income_statement_csv(directory: Path, seed: int = 151) -> Layout:
    """A listed company's annual income statement as filed and saved to CSV: company,
    "Consolidated Statements of Operations", "(in thousands, except per share data)", a
    "Year Ended December 31," row over 2025 | 2024 | $ Change | % Change; costs shown
    positive but "Other expense, net" in brackets (the statement adds it to reach income
    before taxes); then "Net income per share:" over Basic / Diluted, and
    "Weighted-average shares used in computing net income per share:" over Basic / Diluted.
    Per-share figures and share counts are not money; the $ and % change columns restate
    the years."""
    rng = random.Random(seed)
    path = directory / "statements_of_operations.csv"
    values = compute(TEN_K, 2, rng, places=0)
    rows: list[list[object]] = [
        ["Cedar Analytics Inc."],
        ["Consolidated Statements of Operations"],
        ["(in thousands, except per share data)"],
        ["", "Year Ended December 31,", "", "", ""],
        ["", "2025", "2024", "$ Change", "% Change"],
    ]

    def figures(label: str) -> list[Decimal | str]:
        this, last = values[label]
        change = f"{(this - last) / abs(last) * 100:.1f}%" if last else ""
        return [this, last, this - last, change]

    rows += _lines(TEN_K, figures, width=5)

    def shown(value: Decimal) -> str:
        return fmt(value, places=0, thousands=",", negative="parens")

    net = values["Net income"]
    shares = [Decimal(rng.randint(6500, 7500)) for _ in range(2)]
    diluted = [s + rng.randint(200, 400) for s in shares]
    rows.append(["Net income per share:", "", "", "", ""])
    for label, counts in (("Basic", shares), ("Diluted", diluted)):
        eps = [(n / c).quantize(Decimal("0.01")) for n, c in zip(net, counts, strict=True)]
        rows.append([label, f"${eps[0]}", f"${eps[1]}", f"${eps[0] - eps[1]}", ""])
    rows.append(["Weighted-average shares used in computing net income per share:", "", "", "", ""])
    for label, counts in (("Basic", shares), ("Diluted", diluted)):
        rows.append([label, shown(counts[0]), shown(counts[1]), shown(counts[0] - counts[1]), ""])
    write_csv(path, rows)
    return single_company(
        name="ten_k_income_statement_csv",
        typed=False,
        records_by_date={month_end(2025, 12): len(values), month_end(2024, 12): len(values)},
        path=path,
        company="Cedar Analytics Inc.",
        expected_by_account=totals_of(values),
        not_accounts=sections(TEN_K) | {"Basic", "Diluted", "$ Change", "% Change"},
        header_row=5,
        checks=checks_of(TEN_K, ("2025", "2024", "$ Change")),
        unit_multiplier=1000,
        currency="USD",  # the per-share lines' "$"
    )


TEN_Q: Spec = [
    ("Net sales", (61000, 78000)),
    ("Cost of sales", (33000, 41000)),
    ("Gross profit", [("Net sales", 1), ("Cost of sales", -1)]),
    ("Operating expenses:", None),
    ("Research and development", (6000, 8000)),
    ("Selling, general and administrative", (11000, 14000)),
    (
        "Total operating expenses",
        [("Research and development", 1), ("Selling, general and administrative", 1)],
    ),
    ("Operating income", [("Gross profit", 1), ("Total operating expenses", -1)]),
    ("Interest expense", (400, 900)),
    ("Other (income) expense, net", (1, 1)),  # set below: (income) one quarter, expense the other
    (
        "Income before income taxes",
        [("Operating income", 1), ("Interest expense", -1), ("Other (income) expense, net", -1)],
    ),
    ("Provision for income taxes", (400, 1500)),
    ("Net income", [("Income before income taxes", 1), ("Provision for income taxes", -1)]),
]


def ten_q_other_income_expense_csv(directory: Path, seed: int = 152) -> Layout:
    """A listed company's quarterly statement of operations saved to CSV (a 10-Q's first
    statement): company, "Condensed Consolidated Statements of Operations", "(Unaudited)",
    "(In thousands)", "Three Months Ended September 30," over 2025 | 2024; costs shown
    positive and "Other (income) expense, net" named for both directions: the statement
    subtracts it to reach income before taxes, so this quarter's net other income shows in
    brackets, last year's net other expense without."""
    rng = random.Random(seed)
    path = directory / "condensed_statements_of_operations_q3.csv"
    drawn = compute(TEN_Q, 2, rng, places=0)
    drawn["Other (income) expense, net"] = [
        -Decimal(rng.randint(150, 600)),  # net other income this quarter: "(312)"
        Decimal(rng.randint(80, 300)),  # net other expense a year ago
    ]
    values: dict[str, list[Decimal]] = {}
    for label, what in TEN_Q:  # the subtotals again, from the lines as set
        if isinstance(what, list):
            values[label] = [sum((values[p][i] * s for p, s in what), Decimal(0)) for i in (0, 1)]
        elif what is not None:
            values[label] = drawn[label]
    rows: list[list[object]] = [
        ["Juniper Devices, Inc."],
        ["Condensed Consolidated Statements of Operations"],
        ["(Unaudited)"],
        ["(In thousands)"],
        ["", "Three Months Ended September 30,", ""],
        ["", "2025", "2024"],
    ]
    write_csv(path, rows + _lines(TEN_Q, values.__getitem__, width=3))
    return single_company(
        name="ten_q_other_income_expense_csv",
        typed=False,
        records_by_date={month_end(2025, 9): len(values), month_end(2024, 9): len(values)},
        path=path,
        company="Juniper Devices, Inc.",
        expected_by_account=totals_of(values),
        not_accounts=sections(TEN_Q),
        header_row=6,
        checks=checks_of(TEN_Q, ("2025", "2024")),
        unit_multiplier=1000,
    )


TEN_Q_GROUPS: Spec = [
    ("Revenue", (52000, 66000)),
    ("Cost of revenue", (24000, 31000)),
    ("Gross profit", [("Revenue", 1), ("Cost of revenue", -1)]),
    ("Operating expenses:", None),
    ("Research and development", (5000, 7000)),
    ("Sales and marketing", (6000, 8000)),
    ("General and administrative", (3000, 4500)),
    (
        "Total operating expenses",
        [
            ("Research and development", 1),
            ("Sales and marketing", 1),
            ("General and administrative", 1),
        ],
    ),
    ("Income from operations", [("Gross profit", 1), ("Total operating expenses", -1)]),
    ("Interest expense", (300, 700)),
    ("Income before income taxes", [("Income from operations", 1), ("Interest expense", -1)]),
    ("Provision for income taxes", (900, 2200)),
    ("Net income", [("Income before income taxes", 1), ("Provision for income taxes", -1)]),
]


def ten_q_three_and_nine_months_csv(directory: Path, seed: int = 153) -> Layout:
    """A 10-Q's statement of operations as filed: two column groups side by side, "Three
    Months Ended September 30," over 2025 | 2024 and "Nine Months Ended September 30," over
    2025 | 2024 (the group header written once above its first year, the cell beside it blank,
    as a merged cell saves to CSV). The nine months include the quarter: only the three-month
    columns are the quarter's money; storing the year to date too would count it twice."""
    rng = random.Random(seed)
    path = directory / "statements_of_operations_q3_with_ytd.csv"
    quarter = compute(TEN_Q_GROUPS, 2, rng, places=0)  # Q3 2025, Q3 2024
    earlier = compute(TEN_Q_GROUPS, 2, rng, places=0)  # H1 2025, H1 2024 (not in the file)
    nine = {
        label: [q + e for q, e in zip(quarter[label], earlier[label], strict=True)]
        for label in quarter
    }
    rows: list[list[object]] = [
        ["Alder Robotics, Inc."],
        ["Condensed Consolidated Statements of Operations"],
        ["(Unaudited)"],
        ["(In thousands)"],
        ["", "Three Months Ended September 30,", "", "Nine Months Ended September 30,", ""],
        ["", "2025", "2024", "2025", "2024"],
    ]
    figures = {label: [*quarter[label], *nine[label]] for label in quarter}
    write_csv(path, rows + _lines(TEN_Q_GROUPS, figures.__getitem__, width=5))
    return single_company(
        name="ten_q_three_and_nine_months_csv",
        typed=False,
        records_by_date={month_end(2025, 9): len(quarter), month_end(2024, 9): len(quarter)},
        path=path,
        company="Alder Robotics, Inc.",
        expected_by_account=totals_of(quarter),
        not_accounts=sections(TEN_Q_GROUPS),
        header_row=6,
        checks=checks_of(TEN_Q_GROUPS, ("2025", "2024")),
        unit_multiplier=1000,
    )


def ten_q_three_and_six_months_xlsx(directory: Path, seed: int = 154) -> Layout:
    """The same statement as a workbook for the second quarter: "Three Months Ended June 30,"
    and "Six Months Ended June 30," each a cell merged across its two year columns, the years
    written as numbers, amounts as numbers shown with thousands and brackets. The six months
    include the quarter: only the three-month columns are stored."""
    rng = random.Random(seed)
    path = directory / "statements_of_operations_q2_with_ytd.xlsx"
    quarter = compute(TEN_Q_GROUPS, 2, rng, places=0)  # Q2 2025, Q2 2024
    earlier = compute(TEN_Q_GROUPS, 2, rng, places=0)  # Q1 2025, Q1 2024 (not in the file)
    six = {
        label: [q + e for q, e in zip(quarter[label], earlier[label], strict=True)]
        for label in quarter
    }
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Operations")
    bold = book.add_format({"bold": True})
    centred = book.add_format({"bold": True, "align": "center", "bottom": 1})
    number = book.add_format({"num_format": "#,##0;(#,##0)"})
    sheet.write(0, 0, "Birchwood Instruments Corp.", bold)
    sheet.write(1, 0, "Condensed Consolidated Statements of Operations")
    sheet.write(2, 0, "(Unaudited, in thousands)")
    sheet.merge_range(4, 1, 4, 2, "Three Months Ended June 30,", centred)
    sheet.merge_range(4, 3, 4, 4, "Six Months Ended June 30,", centred)
    sheet.write_row(5, 1, [2025, 2024, 2025, 2024], centred)
    for r, (label, what) in enumerate(TEN_Q_GROUPS, start=6):
        sheet.write(r, 0, label)
        if what is None:
            continue
        for c, value in enumerate([*quarter[label], *six[label]], start=1):
            sheet.write_number(r, c, float(value), number)
    book.close()
    return single_company(
        name="ten_q_three_and_six_months_xlsx",
        typed=False,
        records_by_date={month_end(2025, 6): len(quarter), month_end(2024, 6): len(quarter)},
        path=path,
        company="Birchwood Instruments Corp.",
        expected_by_account=totals_of(quarter),
        not_accounts=sections(TEN_Q_GROUPS),
        header_row=6,
        sheet="Operations",
        checks=checks_of(TEN_Q_GROUPS, ("2025", "2024")),
        unit_multiplier=1000,
    )


ESTIMATES: Spec = [
    ("Revenue", (400, 530)),
    ("Cost of sales", (-310, -240)),
    ("Gross profit", [("Revenue", 1), ("Cost of sales", 1)]),
    ("Operating expenses", (-120, -95)),
    ("Operating profit", [("Gross profit", 1), ("Operating expenses", 1)]),
]
ESTIMATE_HEADERS = ("FY2024A", "FY2025A", "FY2026E", "FY2027E")


def actuals_and_estimates_csv(directory: Path, seed: int = 155) -> Layout:
    """An analyst's or investor presentation's summary income statement: a title naming the
    company and "(GBP m)", then an unlabelled line column beside FY2024A | FY2025A | FY2026E |
    FY2027E, actual years and estimates side by side, costs in brackets. The suffix is the
    scenario: the actual years are the records, the estimates are another scenario (counted
    and reported, never added to the actuals)."""
    rng = random.Random(seed)
    path = directory / "summary_income_statement.csv"
    values = compute(ESTIMATES, len(ESTIMATE_HEADERS), rng, places=1)
    rows: list[list[object]] = [
        ["Contoso Holdings plc - Summary income statement (GBP m)", "", "", "", ""],
        ["", *ESTIMATE_HEADERS],
    ]
    lines = _lines(ESTIMATES, values.__getitem__, width=5, places=1, thousands="")
    write_csv(path, rows + lines)
    actual = {label: row[:2] for label, row in values.items()}
    return single_company(
        name="actuals_and_estimates_csv",
        typed=False,
        records_by_date={month_end(2024, 12): len(values), month_end(2025, 12): len(values)},
        path=path,
        company="Contoso Holdings plc",
        expected_by_account=totals_of(actual),
        not_accounts=frozenset(ESTIMATE_HEADERS),
        header_row=2,
        checks=checks_of(ESTIMATES, ESTIMATE_HEADERS[:2]),
        unit_multiplier=1_000_000,  # "(GBP m)"
        currency="GBP",
    )


# (payer, payee, purpose, sign, low, high) of a German business current account's lines
VR_LINES = (
    ("", "Stadtwerke Musterstadt", "Lastschrift Strom {m}", -1, 120, 320),
    ("Kunde Alpha KG", "", "Gutschrift Rechnung 2026-{n:03d}", 1, 400, 6200),
    ("", "Vermieter Immobilien AG", "Dauerauftrag Miete", -1, 3500, 3500),
    ("Kunde Beta GmbH", "", "Gutschrift Rechnung 2026-{n:03d}", 1, 150, 2400),
    ("", "Finanzamt Musterstadt", "Umsatzsteuer-Vorauszahlung", -1, 800, 2900),
    ("", "Büro Versand", "Kartenzahlung Bürobedarf", -1, 8, 190),
)


def vr_umsatzanzeige_csv(directory: Path, seed: int = 181) -> Layout:
    """A German cooperative bank's "Umsatzanzeige" download (walked by the lead): a preamble
    of quoted label;value lines ("Blz:", "Konto:", "Kontoinhaber:" naming the holder,
    "Zeitraum:", "Alter Kontostand:" / "Neuer Kontostand:" as "12.450,33 EUR"), then
    Buchungstag;Valuta;Auftraggeber/Zahlungsempfänger;Empfänger/Zahlungspflichtiger;…;
    Vorgang/Verwendungszweck;Kundenreferenz;Währung;Umsatz;" " whose last, unnamed column is
    the Soll/Haben indicator (S money out, H money in) beside the unsigned Umsatz; a blank
    line; the opening and closing balances as dated lines labelled "Anfangssaldo" and
    "Endsaldo" in the purpose column; every cell quoted; cp1252. The amounts' decimal comma
    sits inside quotes, so the preamble's two-cell lines must not make the comma the
    delimiter."""
    rng = random.Random(seed)
    path = directory / "Umsaetze_5432109876_2026-03-02.csv"
    holder = "Mustermann Werkstatt GmbH"
    lines = []
    for n in range(24):
        payer, payee, purpose, sign, low, high = rng.choice(VR_LINES)
        month = rng.randint(1, 2)
        day = dt.date(2026, month, rng.randint(1, 28))
        text = purpose.format(n=n, m=("Januar", "Februar")[month - 1])
        amount = Decimal(rng.randint(low * 100, high * 100)) / 100 * sign
        lines.append((day, payer or holder, payee or holder, text, amount))
    lines.sort(key=lambda line: line[0])
    opening = Decimal("12450.33")
    closing = opening + sum((line[-1] for line in lines), Decimal(0))
    de = {"decimal": ",", "thousands": "."}
    rows: list[list[object]] = [
        ["Umsatzanzeige", "Datei erstellt am: 02.03.2026 10:15"],
        [""],
        ["Blz:", "50010517"],
        ["Konto:", "5432109876"],
        ["Kontoinhaber:", holder],
        [""],
        ["Zeitraum:", "01.01.2026 - 28.02.2026"],
        ["Alter Kontostand:", f"{fmt(opening, **de)} EUR"],
        ["Neuer Kontostand:", f"{fmt(closing, **de)} EUR"],
        [""],
        [
            "Buchungstag", "Valuta", "Auftraggeber/Zahlungsempfänger",
            "Empfänger/Zahlungspflichtiger", "Konto-Nr.", "IBAN", "BLZ", "BIC",
            "Vorgang/Verwendungszweck", "Kundenreferenz", "Währung", "Umsatz", " ",
        ],
    ]  # fmt: skip
    dates: dict[dt.date, int] = {}
    for day, payer, payee, text, amount in lines:
        when = day.strftime("%d.%m.%Y")
        iban = f"DE{rng.randint(10, 99)}5001051{rng.randint(10**10, 10**11 - 1)}"
        rows.append(
            [when, when, payer, payee, "", iban, "", "GENODEF1XXX", text, "", "EUR",
             fmt(abs(amount), **de), "S" if amount < 0 else "H"]
        )  # fmt: skip
        count_on(dates, day)
    rows.append([""])
    last = "28.02.2026"
    for label, balance in (("Anfangssaldo", opening), ("Endsaldo", closing)):
        rows.append(
            [last, "", "", "", "", "", "", "", label, "", "EUR", fmt(abs(balance), **de),
             "S" if balance < 0 else "H"]  # an overdrawn balance is a debit (Soll)
        )  # fmt: skip
    text = "\r\n".join(";".join(f'"{c}"' for c in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return single_company(
        name="vr_umsatzanzeige_csv",
        typed=False,
        currency="EUR",
        records_by_date=dates,
        path=path,
        company=holder,
        expected_by_account=in_out([line[-1] for line in lines]),
        not_accounts=frozenset({"Anfangssaldo", "Endsaldo", "Umsatz", "Umsatzanzeige"}),
        dimensions=frozenset({"Auftraggeber/Zahlungsempfänger"}),
        header_row=11,
        delimiter=";",
        encoding="cp1252",
        decimal=",",
    )


SHORT_PL: Spec = [
    ("Revenue", (38, 52)),
    ("Cost of sales", (-24, -17)),
    ("Gross profit", [("Revenue", 1), ("Cost of sales", 1)]),
    ("Administrative expenses", (-11, -8)),
    ("Operating profit", [("Gross profit", 1), ("Administrative expenses", 1)]),
]


def short_title_gbp_m_csv(directory: Path, seed: int = 171) -> Layout:
    """A board pack's monthly P&L whose one title row names the company and how its figures
    are written: "Contoso plc (GBP m)" over Jan-25 … Jun-25, one decimal, costs negative. The
    company is "Contoso plc"; GBP and millions are the currency and the unit, not part of
    the name."""
    rng = random.Random(seed)
    path = directory / "board_pack_pl.csv"
    values = compute(SHORT_PL, 6, rng, places=1)
    months = [month_end(2025, m) for m in range(1, 7)]
    rows: list[list[object]] = [
        ["Contoso plc (GBP m)"],
        ["", *(m.strftime("%b-%y") for m in months)],
    ]
    lines = _lines(SHORT_PL, values.__getitem__, width=7, places=1, thousands="", negative="minus")
    write_csv(path, rows + lines)
    return single_company(
        name="short_title_gbp_m_csv",
        typed=False,
        records_by_date=spread(months, len(values)),
        path=path,
        company="Contoso plc",
        expected_by_account=totals_of(values),
        not_accounts=frozenset({"Contoso plc (GBP m)"}),
        header_row=2,
        checks=checks_of(SHORT_PL, tuple(m.strftime("%b-%y") for m in months)),
        unit_multiplier=1_000_000,
        currency="GBP",
    )


def months_with_ytd_csv(directory: Path, seed: int = 172) -> Layout:
    """Management accounts by month with a lone "YTD" column after the months: "Fabrikam Ltd —
    USD thousands" above Jan-25 … Apr-25 | YTD, the YTD each line's sum of the months. The
    YTD restates the months: listed, not stored, checked against their sum."""
    rng = random.Random(seed)
    path = directory / "management_accounts_ytd.csv"
    values = compute(MONTHLY_PL, 4, rng, places=0)
    months = [month_end(2025, m) for m in range(1, 5)]
    header = ["Account", *(m.strftime("%b-%y") for m in months), "YTD"]
    rows: list[list[object]] = [
        ["Fabrikam Ltd \u2014 USD thousands"],
        ["Management accounts: profit and loss, April 2025"],
        header,
    ]

    def figures(label: str) -> list[Decimal]:
        return [*values[label], sum(values[label], Decimal(0))]

    write_csv(path, rows + _lines(MONTHLY_PL, figures, width=1, negative="minus"))
    return single_company(
        name="months_with_ytd_csv",
        typed=False,
        records_by_date=spread(months, len(values)),
        path=path,
        company="Fabrikam Ltd",
        expected_by_account=totals_of(values),
        not_accounts=sections(MONTHLY_PL) | {"Account", "YTD"},
        header_row=3,
        checks=checks_of(MONTHLY_PL, tuple(header[1:])),
        unit_multiplier=1000,
        currency="USD",
    )


def _years_side_by_side(
    path: Path, name: str, seed: int, top: list[list[object]], *, month: int
) -> Layout:
    """TEN_Q_GROUPS for one span of 2025 and of 2024 in a CSV, under the `top` rows (the first
    naming the company) and a 2025 | 2024 row; each year dated on the end of its `month`."""
    values = compute(TEN_Q_GROUPS, 2, random.Random(seed), places=0)
    rows: list[list[object]] = [*top, ["", "2025", "2024"]]
    write_csv(path, rows + _lines(TEN_Q_GROUPS, values.__getitem__, width=3))
    return single_company(
        name=name,
        typed=False,
        records_by_date={month_end(2025, month): len(values), month_end(2024, month): len(values)},
        path=path,
        company=str(top[0][0]),
        expected_by_account=totals_of(values),
        not_accounts=sections(TEN_Q_GROUPS),
        header_row=len(rows),
        checks=checks_of(TEN_Q_GROUPS, ("2025", "2024")),
        unit_multiplier=1000,
    )


def quarter_over_years_csv(directory: Path, seed: int = 173) -> Layout:
    """An earnings release's summary statement comparing a quarter with the same quarter a
    year before: the quarter named once, "Q3", merged over 2025 | 2024 and saved to CSV (the
    cell beside it blank). Read as the calendar quarter: dated 30 September of each year,
    said in the preview."""
    top: list[list[object]] = [
        ["Northwind Traders Inc."],
        ["Summary statement of operations (in thousands)"],
        ["", "Q3", ""],
    ]
    return _years_side_by_side(
        directory / "q3_summary_statement.csv", "quarter_over_years_csv", seed, top, month=9
    )


def quarter_ended_no_day_csv(directory: Path, seed: int = 174) -> Layout:
    """A quarterly statement whose group header states the span and no day: "Quarter Ended"
    over 2025 | 2024, the title saying "For the quarter ended 30 June 2025". Each year is
    dated on the title's day (30 June), said in the preview."""
    top: list[list[object]] = [
        ["Tailspin Toys Ltd"],
        ["Statement of operations for the quarter ended 30 June 2025"],
        ["(In thousands)"],
        ["", "Quarter Ended", ""],
    ]
    return _years_side_by_side(
        directory / "quarter_ended_statement.csv", "quarter_ended_no_day_csv", seed, top, month=6
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "pl_quarter_totals_csv": pl_quarter_totals_csv,
    "ten_k_income_statement_csv": ten_k_income_statement_csv,
    "ten_q_other_income_expense_csv": ten_q_other_income_expense_csv,
    "ten_q_three_and_nine_months_csv": ten_q_three_and_nine_months_csv,
    "ten_q_three_and_six_months_xlsx": ten_q_three_and_six_months_xlsx,
    "actuals_and_estimates_csv": actuals_and_estimates_csv,
    "vr_umsatzanzeige_csv": vr_umsatzanzeige_csv,
    "short_title_gbp_m_csv": short_title_gbp_m_csv,
    "months_with_ytd_csv": months_with_ytd_csv,
    "quarter_over_years_csv": quarter_over_years_csv,
    "quarter_ended_no_day_csv": quarter_ended_no_day_csv,
}
