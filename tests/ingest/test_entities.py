"""One column per company (the ``entity`` role): plan, suggestion, records, row totals and
the uploader's company scope (docs/import-settings.md, "entity")."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from elara.finance.companies import keys_of
from elara.ingest import MappingError
from elara.ingest.context import CompanyScope
from elara.ingest.pipeline import parse_file
from elara.ingest.plan import build_plan
from elara.ingest.settings import ColumnRole, ColumnSetting, Constants, ImportSettings
from elara.ingest.suggest import suggest_settings
from tests.amounts import units

from .builders import write_text, write_xlsx

R = ColumnRole
HEADERS = ["Account", "NW-US", "NW-UK", "Eliminations", "Consolidated"]
CONSOLIDATION = (
    "Consolidated Balances by Entity\n"
    "Account,NW-US,NW-UK,Eliminations,Consolidated\n"
    "Cash,100.00,50.00,,150.00\n"
    "Intercompany Receivable,20.00,,-20.00,0.00\n"
    "Intercompany Payable,,-20.00,20.00,0.00\n"
    "Equity,-120.00,-30.00,,-150.00\n"
)


def _settings(
    roles: dict[str, ColumnRole], headers: list[str] = HEADERS, **constants: object
) -> ImportSettings:
    columns = [ColumnSetting(header=h, role=roles.get(h, R.ignore)) for h in headers]
    return ImportSettings(columns=columns, constants=Constants.model_validate(constants))


ENTITY_ROLES = {
    "Account": R.account,
    "NW-US": R.entity,
    "NW-UK": R.entity,
    "Eliminations": R.entity,
}


def test_each_entity_column_is_a_slot_of_its_company() -> None:
    plan = build_plan(HEADERS, _settings(ENTITY_ROLES, date=dt.date(2025, 12, 31)))
    assert [(s.label, s.company, s.account) for s in plan.slots] == [
        ("NW-US", "NW-US", None),
        ("NW-UK", "NW-UK", None),
        ("Eliminations", "Eliminations", None),
    ]
    assert plan.needs == []  # no company asked for: the headers name them


def test_entity_columns_need_a_date_like_amounts() -> None:
    assert build_plan(HEADERS, _settings(ENTITY_ROLES)).needs == ["date"]


def test_headers_are_normalised_and_eliminations_named_once() -> None:
    headers = ["Account", " \uff21\uff23\uff2d\uff25 ", "Globex", "Intercompany eliminations"]
    roles = {"Account": R.account, headers[1]: R.entity, "Globex": R.entity}
    roles[headers[3]] = R.entity
    plan = build_plan(headers, _settings(roles, headers, date=dt.date(2025, 1, 31)))
    assert [s.company for s in plan.slots] == ["ACME", "Globex", "Eliminations"]


@pytest.mark.parametrize(
    ("roles", "constants", "message"),
    [
        ({**ENTITY_ROLES, "Consolidated": R.company}, {}, 'column "Consolidated"'),
        (ENTITY_ROLES, {"company": "NW"}, "typed as NW"),
        ({**ENTITY_ROLES, "Consolidated": R.amount}, {}, '"Consolidated" (amount)'),
        ({**ENTITY_ROLES, "Account": R.dimension}, {}, "need an account column"),
    ],
)
def test_entity_columns_contradicted(
    roles: dict[str, ColumnRole], constants: dict[str, object], message: str
) -> None:
    with pytest.raises(MappingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_plan(HEADERS, _settings(roles, **constants))


@pytest.mark.parametrize(
    ("header", "reason"),
    [("AC\u200bME", "invisible or control character"), ("X" * 65, "1 to 64 characters")],
)
def test_a_header_that_cannot_be_a_company_is_named(header: str, reason: str) -> None:
    headers = ["Account", "NW-US", header]
    roles = {"Account": R.account, "NW-US": R.entity, header: R.entity}
    with pytest.raises(MappingError, match=reason) as caught:
        build_plan(headers, _settings(roles, headers))
    assert header[:20] in str(caught.value)


def test_two_headers_of_one_company_are_refused() -> None:
    headers = ["Account", "ACME", "acme"]
    roles = {"Account": R.account, "ACME": R.entity, "acme": R.entity}
    with pytest.raises(MappingError, match="same company"):
        build_plan(headers, _settings(roles, headers))


def _records(parser: object) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = defaultdict(int)
    for batch in parser:  # type: ignore[attr-defined]
        c = batch.columns
        for company, account, amount in zip(
            c["company_code"], c["account"], c["amount_minor"], strict=True
        ):
            out[(company, account)] += amount
    return dict(out)


def test_consolidation_is_suggested_and_stored_per_company(tmp_path: Path) -> None:
    path = write_text(tmp_path / "consolidation.csv", CONSOLIDATION)
    suggestion = suggest_settings(path)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles == {**ENTITY_ROLES, "Consolidated": R.ignore}
    assert suggestion.needs == ["date"] and suggestion.settings.constants.company is None
    settings = suggestion.settings
    settings.constants.date = dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    assert _records(parser) == {
        ("NW-US", "Cash"): units("100.00"),
        ("NW-UK", "Cash"): units("50.00"),
        ("NW-US", "Intercompany Receivable"): units("20.00"),
        ("Eliminations", "Intercompany Receivable"): units("-20.00"),
        ("NW-UK", "Intercompany Payable"): units("-20.00"),
        ("Eliminations", "Intercompany Payable"): units("20.00"),
        ("NW-US", "Equity"): units("-120.00"),
        ("NW-UK", "Equity"): units("-30.00"),
    }
    assert not parser.report.errors and not parser.report.warnings


def test_the_consolidated_column_is_checked_against_the_companies(tmp_path: Path) -> None:
    wrong = CONSOLIDATION.replace("Cash,100.00,50.00,,150.00", "Cash,100.00,50.00,,151.00")
    path = write_text(tmp_path / "consolidation.csv", wrong)
    settings = suggest_settings(path).settings
    settings.constants.date = dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    _records(parser)
    assert [w for w in parser.report.warnings if "add up to" in w] == [
        'Row 3 ("Cash"): the file\'s "Consolidated" is 151.00 but its companies add up to 150.00'
    ]


def test_totals_before_eliminations_tie_to_the_columns_left_of_them(tmp_path: Path) -> None:
    rows = [
        ["Consolidated Trial Balance"],
        [],
        ["Name", "A1", "B1", "Total", "Elims", "Total Incl. Eliminations"],
        ["Receivable", 10.0, 5.0, 15.0, -5.0, 10.0],
        ["Payable", -10.0, -5.0, -15.0, 5.0, -10.0],
    ]
    path = write_xlsx(tmp_path / "tb.xlsx", {"TB": rows})
    settings = suggest_settings(path).settings
    assert [str(c.role) for c in settings.columns] == [
        "account", "entity", "entity", "ignore", "entity", "ignore"
    ]  # fmt: skip
    settings.constants.date = dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    records = _records(parser)
    assert records[("Eliminations", "Receivable")] == units("-5.00")
    assert not parser.report.warnings and not parser.report.errors


@pytest.mark.parametrize(
    "text",
    [
        # No word of a consolidation: regions as columns stay money columns (measures).
        "Sales by Region\nAccount,North,South\nRevenue,10,20\n",
        # Periods as columns under a consolidated title: periods, not companies.
        "Consolidated P&L\nAccount,Jan 2025,Feb 2025\nRevenue,10,20\n",
        # One company column only.
        "Consolidated P&L\nAccount,NW-US\nRevenue,10\n",
        # Two columns of one company: not guessed which is which.
        "Consolidated P&L\nAccount,ACME,Acme,Globex\nRevenue,10,20,30\n",
        # A number column that is neither a company nor a total (a money word).
        "Consolidated P&L\nAccount,NW-US,NW-UK,Sales\nRevenue,10,20,30\n",
    ],
)
def test_no_entity_without_strong_evidence(tmp_path: Path, text: str) -> None:
    path = write_text(tmp_path / "file.csv", text)
    roles = [c.role for c in suggest_settings(path).settings.columns]
    assert R.entity not in roles


def test_restricted_uploader_cannot_store_another_company(tmp_path: Path) -> None:
    path = write_text(tmp_path / "consolidation.csv", CONSOLIDATION)
    settings = suggest_settings(path).settings
    settings.constants.date = dt.date(2025, 12, 31)
    scope = CompanyScope(allowed=keys_of(["nw-us"]))
    parser = parse_file(path, settings=settings, scope=scope)
    records = _records(parser)
    # Every row holds NW-UK or Eliminations money: each is refused whole (a consolidation's
    # line is not stored in part), named by the column whose header is the company.
    assert records == {}
    errors = [(e.row, e.column, e.message) for e in parser.report.errors]
    assert errors == [
        (3, "NW-UK", "company NW-UK is outside your access"),
        (4, "Eliminations", "company Eliminations is outside your access"),
        (5, "NW-UK", "company NW-UK is outside your access"),
        (6, "NW-UK", "company NW-UK is outside your access"),
    ]
    allowed = CompanyScope(allowed=keys_of(["NW-US", "NW-UK", "ELIMINATIONS"]))
    parser = parse_file(path, settings=settings, scope=allowed)
    assert len(_records(parser)) == 8 and not parser.report.errors


def test_the_mapping_screen_offers_every_role_with_a_label() -> None:
    script = Path(__file__).parents[2] / "elara/web/static/js/widgets/mapping_panel.js"
    block = script.read_text(encoding="utf-8").split("export const ROLES = [", 1)[1]
    offered = dict(re.findall(r'\["(\w+)", "([^"]+)"\]', block.split("];", 1)[0]))
    assert set(offered) == {str(r) for r in ColumnRole}
    assert offered["entity"] == "Money of the company in the header"


def test_a_total_beside_an_account_column_is_not_stored(tmp_path: Path) -> None:
    text = "Balances by Company\nAccount,A1,B1,Total\nCash,1.00,2.00,3.00\nDebt,-1.00,-2.00,-3.00\n"
    path = write_text(tmp_path / "by_company.csv", text)
    settings = suggest_settings(path).settings
    assert [str(c.role) for c in settings.columns] == ["account", "entity", "entity", "ignore"]
    settings.constants.date = dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    assert _records(parser) == {
        ("A1", "Cash"): units("1.00"),
        ("B1", "Cash"): units("2.00"),
        ("A1", "Debt"): units("-1.00"),
        ("B1", "Debt"): units("-2.00"),
    }
    assert not parser.report.warnings


def _by_company_and_month(parser: object) -> dict[tuple[str, dt.date, str], int]:
    out: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    for batch in parser:  # type: ignore[attr-defined]
        c = batch.columns
        for company, day, account, amount in zip(
            c["company_code"], c["date"], c["account"], c["amount_minor"], strict=True
        ):
            out[(company, day, account)] += amount
    return dict(out)


@pytest.mark.parametrize("title", ["Consolidated P&L", "Income statement by entity"])
def test_companies_over_months_are_read_per_company_and_month(tmp_path: Path, title: str) -> None:
    """Two header rows: each company merged over its months (and its total), the group's
    columns last. Every month column is its company's, dated; no total is stored."""
    rows = [
        [title],
        [None, "NW-US", None, None, "NW-UK", None, None, "Consolidated", None, None],
        ["Account", *(["Jan 2025", "Feb 2025", "Total"] * 3)],
        ["Revenue", 10.0, 20.0, 30.0, 1.0, 2.0, 3.0, 11.0, 22.0, 33.0],
        ["Costs", -5.0, None, -5.0, -1.0, -1.0, -2.0, -6.0, -1.0, -7.0],
    ]
    path = write_xlsx(tmp_path / "consolidation.xlsx", {"P&L": rows})
    suggestion = suggest_settings(path)
    columns = suggestion.settings.columns
    assert suggestion.needs == [] and suggestion.header_row == 3
    assert [(str(c.role), c.company, c.period_end) for c in columns[:4]] == [
        ("account", None, None),
        ("entity", "NW-US", dt.date(2025, 1, 31)),
        ("entity", "NW-US", dt.date(2025, 2, 28)),
        ("ignore", None, None),
    ]
    assert {str(c.role) for c in columns[7:]} == {"ignore"}
    assert suggestion.settings.constants.company is None
    parser = parse_file(path, settings=suggestion.settings)
    jan, feb = dt.date(2025, 1, 31), dt.date(2025, 2, 28)
    assert _by_company_and_month(parser) == {
        ("NW-US", jan, "Revenue"): units("10"),
        ("NW-US", feb, "Revenue"): units("20"),
        ("NW-UK", jan, "Revenue"): units("1"),
        ("NW-UK", feb, "Revenue"): units("2"),
        ("NW-US", jan, "Costs"): units("-5"),
        ("NW-UK", jan, "Costs"): units("-1"),
        ("NW-UK", feb, "Costs"): units("-1"),
    }
    assert not parser.report.errors and not parser.report.warnings


@pytest.mark.parametrize(
    ("title", "groups"),
    [
        ("Profit and Loss", ("North", "South")),  # no word of a consolidation
        ("CONSOLIDATED STATEMENTS OF OPERATIONS", ("3 Months Ended", "9 Months Ended")),
        ("Consolidated income statement", ("Actual", "Budget")),
    ],
)
def test_companies_over_months_need_the_consolidation_words(
    tmp_path: Path, title: str, groups: tuple[str, str]
) -> None:
    rows = [
        [title],
        [None, groups[0], None, groups[1], None],
        ["Account", "Jan 2025", "Feb 2025", "Jan 2025", "Feb 2025"],
        ["Revenue", 10.0, 20.0, 1.0, 2.0],
    ]
    path = write_xlsx(tmp_path / "regions.xlsx", {"P&L": rows})
    roles = [c.role for c in suggest_settings(path).settings.columns]
    assert R.entity not in roles


def test_one_company_and_period_twice_is_refused() -> None:
    headers = ["Account", "Jan 2025", "Jan 2025 (2)"]
    jan = dt.date(2025, 1, 31)
    columns = [
        ColumnSetting(header="Account", role=R.account),
        ColumnSetting(header=headers[1], role=R.entity, company="ACME", period_end=jan),
        ColumnSetting(header=headers[2], role=R.entity, company="acme", period_end=jan),
    ]
    with pytest.raises(MappingError, match="same company for 2025-01-31"):
        build_plan(headers, ImportSettings(columns=columns))
