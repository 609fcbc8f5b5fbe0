"""One column per member of a dimension (the ``member`` role): "Profit and Loss by Class",
"by Department", "Income statement by cost centre" (docs/import-settings.md, "member")."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from elara.finance.companies import keys_of
from elara.ingest import MappingError
from elara.ingest.context import CompanyScope
from elara.ingest.members import dimension_named
from elara.ingest.pipeline import parse_file
from elara.ingest.plan import build_plan
from elara.ingest.settings import ColumnRole, ColumnSetting, Constants, ImportSettings
from elara.ingest.suggest import suggest_settings
from tests.amounts import units

from .builders import write_text, write_xlsx

R = ColumnRole
HEADERS = ["Account", "Retail", "Wholesale", "Not Specified", "Total"]
MEMBER_ROLES = {
    "Account": R.account,
    "Retail": R.member,
    "Wholesale": R.member,
    "Not Specified": R.member,
}
BY_CLASS = (
    "Lakeside Bakery\n"
    "Profit and Loss by Class\n"
    "January - December 2025\n"
    "\n"
    ",Retail,Wholesale,Not Specified,Total\n"
    "Income\n"
    '   Sales,"1,000.00",500.00,25.50,"$1,525.50"\n'
    "   Services,200.00,,10.00,$210.00\n"
    'Total Income,"$1,200.00",$500.00,$35.50,"$1,735.50"\n'
    "Expenses\n"
    "   Rent,300.00,100.00,0.00,$400.00\n"
    "Total Expenses,$300.00,$100.00,$0.00,$400.00\n"
    'Net Income,$900.00,$400.00,$35.50,"$1,335.50"\n'
)


def _settings(
    roles: dict[str, ColumnRole], headers: list[str] = HEADERS, **constants: object
) -> ImportSettings:
    columns = [ColumnSetting(header=h, role=roles.get(h, R.ignore)) for h in headers]
    return ImportSettings(columns=columns, constants=Constants.model_validate(constants))


def _by_member(parser: object, dimension: str) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = defaultdict(int)
    for batch in parser:  # type: ignore[attr-defined]
        c = batch.columns
        for attributes, account, amount in zip(
            c["attributes"], c["account"], c["amount_minor"], strict=True
        ):
            out[(attributes[dimension], account)] += amount
    return dict(out)


def test_each_member_column_is_a_slot_of_its_member() -> None:
    settings = _settings(MEMBER_ROLES, company="ACME", date=dt.date(2025, 12, 31))
    plan = build_plan(HEADERS, settings)
    assert [(s.label, s.member, s.company, s.account) for s in plan.slots] == [
        ("Retail", "Retail", None, None),
        ("Wholesale", "Wholesale", None, None),
        ("Not Specified", "Not Specified", None, None),
    ]
    assert plan.member_dimension == "Segment"  # no name given: the default, said in the preview
    settings.constants.dimension = "  Class "
    assert build_plan(HEADERS, settings).member_dimension == "Class"


def test_member_columns_still_need_the_company_and_the_date() -> None:
    assert build_plan(HEADERS, _settings(MEMBER_ROLES)).needs == ["company", "date"]


@pytest.mark.parametrize(
    ("roles", "constants", "message"),
    [
        ({**MEMBER_ROLES, "Total": R.amount}, {}, '"Total" (amount) cannot be read beside'),
        ({**MEMBER_ROLES, "Account": R.dimension}, {}, "need an account column"),
        ({**MEMBER_ROLES, "Total": R.entity}, {}, "cannot be read together"),
        ({**MEMBER_ROLES, "Total": R.dimension}, {"dimension": "total"}, "also the name"),
        (MEMBER_ROLES, {"dimension": "Sheet"}, "also the name"),
    ],
)
def test_member_columns_contradicted(
    roles: dict[str, ColumnRole], constants: dict[str, object], message: str
) -> None:
    with pytest.raises(MappingError, match=re.escape(message)):
        build_plan(HEADERS, _settings(roles, **constants))


def test_two_headers_of_one_member_are_refused() -> None:
    headers = ["Account", "Retail", "RETAIL "]
    roles = {"Account": R.account, "Retail": R.member, "RETAIL ": R.member}
    with pytest.raises(MappingError, match="same member"):
        build_plan(headers, _settings(roles, headers))


def test_a_dimension_name_longer_than_stored_is_refused_by_the_settings() -> None:
    with pytest.raises(ValueError, match="128"):
        Constants(dimension="X" * 129)


def test_profit_and_loss_by_class_is_suggested_and_stored_per_class(tmp_path: Path) -> None:
    path = write_text(tmp_path / "by_class.csv", BY_CLASS)
    suggestion = suggest_settings(path)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles == {"Column 1": R.account, **{h: MEMBER_ROLES[h] for h in HEADERS[1:4]}} | {
        "Total": R.ignore
    }
    constants = suggestion.settings.constants
    assert suggestion.needs == [] and constants.dimension == "Class"
    assert constants.company == "Lakeside Bakery" and constants.date == dt.date(2025, 12, 31)
    parser = parse_file(path, settings=suggestion.settings)
    records = _by_member(parser, "Class")
    assert records[("Retail", "Sales")] == units("1000.00")
    assert records[("Not Specified", "Sales")] == units("25.50")  # kept under its own name
    assert records[("Wholesale", "Rent")] == units("100.00")
    assert records[("Not Specified", "Rent")] == 0  # a 0 is a record, an empty cell none
    assert ("Wholesale", "Services") not in records
    assert records[("Retail", "Net Income")] == units("900.00")  # subtotal lines kept as such
    assert parser.report.dimensions == ["Class"]
    assert not parser.report.errors
    assert not [w for w in parser.report.warnings if "add up to" in w or "Segment" in w]
    kinds = suggestion.settings.account_kinds
    assert kinds["Net Income"] == kinds["Total Income"] == "subtotal"


def test_a_total_that_does_not_tie_out_is_a_warning(tmp_path: Path) -> None:
    wrong = BY_CLASS.replace("$210.00", "$210.02")
    path = write_text(tmp_path / "by_class.csv", wrong)
    parser = parse_file(path, settings=suggest_settings(path).settings)
    _by_member(parser, "Class")
    assert [w for w in parser.report.warnings if "add up to" in w] == [
        'Row 8 ("Services"): the file\'s "Total" is 210.02 but its Class columns add up to 210.00'
    ]


@pytest.mark.parametrize(
    ("title", "dimension"),
    [
        ("Profit and Loss by Department", "Department"),
        ("Profit & Loss by Location", "Location"),
        ("Income statement by cost centre", "Cost Centre"),
        ("P&L by Cost Center", "Cost Center"),
        ("Income Statement by Region", "Region"),
        ("Profit and Loss by Projects", "Project"),
    ],
)
def test_the_title_names_the_dimension(tmp_path: Path, title: str, dimension: str) -> None:
    rows = [
        ["Northwind Ltd"],
        [title],
        ["As of 31/12/2025"],
        ["Line", "Marketing", "Operations", "Unassigned", "Total"],
        ["Revenue", 10.0, 20.0, 1.5, 31.5],
        ["Salaries", -4.0, -6.0, None, -10.0],
    ]
    path = write_xlsx(tmp_path / "report.xlsx", {"Report": rows})
    suggestion = suggest_settings(path)
    roles = [str(c.role) for c in suggestion.settings.columns]
    assert roles == ["account", "member", "member", "member", "ignore"]
    assert suggestion.settings.constants.dimension == dimension
    settings = suggestion.settings
    settings.constants.company = "Northwind Ltd"
    settings.constants.date = dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    assert _by_member(parser, dimension) == {
        ("Marketing", "Revenue"): units("10"),
        ("Operations", "Revenue"): units("20"),
        ("Unassigned", "Revenue"): units("1.5"),
        ("Marketing", "Salaries"): units("-4"),
        ("Operations", "Salaries"): units("-6"),
    }
    assert not parser.report.warnings and not parser.report.errors


@pytest.mark.parametrize(
    "text",
    [
        # No "by …" anywhere: columns stay what they were.
        "Profit and Loss\nAccount,Retail,Wholesale,Total\nSales,10,20,30\n",
        # Periods as columns under a "by Class" title: periods, not members.
        "Profit and Loss by Class\nAccount,Jan 2025,Feb 2025\nRevenue,10,20\n",
        # One member column only.
        "Profit and Loss by Class\nAccount,Retail,Total\nRevenue,10,10\n",
        # Money words for half the columns or more: measures, not members.
        "Profit and Loss by Class\nAccount,Retail,Sales,Costs\nRevenue,10,20,30\n",
        "Sales by Region\nRegion,Sales,Costs,Profit\nNorth,10,4,6\nSouth,20,5,15\n",
        # An amount word beside: not one column per member.
        "Profit and Loss by Class\nAccount,Retail,Wholesale,Balance\nRevenue,10,20,30\n",
        # Actual and budget are scenarios, not classes.
        "Profit and Loss by Class\nAccount,Actual,Budget\nRevenue,10,20\n",
    ],
)
def test_no_member_without_strong_evidence(tmp_path: Path, text: str) -> None:
    path = write_text(tmp_path / "file.csv", text)
    roles = [c.role for c in suggest_settings(path).settings.columns]
    assert R.member not in roles


def test_a_department_may_be_called_sales(tmp_path: Path) -> None:
    text = (
        "Profit and Loss by Department\nAccount,CC100 Sales,CC200 Production,Marketing,Total\n"
        "Revenue,100.00,0,0,100.00\nWages,-20.00,-30.00,-10.00,-60.00\n"
    )
    path = write_text(tmp_path / "by_department.csv", text)
    settings = suggest_settings(path).settings
    assert [str(c.role) for c in settings.columns] == [
        "account", "member", "member", "member", "ignore"
    ]  # fmt: skip
    settings.constants.company, settings.constants.date = "ACME", dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    assert _by_member(parser, "Department")[("CC100 Sales", "Wages")] == units("-20.00")
    assert not parser.report.warnings and not parser.report.errors


def test_a_consolidation_stays_one_column_per_company(tmp_path: Path) -> None:
    text = "Consolidated Balances by Entity\nAccount,NW-US,NW-UK,Total\nCash,1,2,3\n"
    path = write_text(tmp_path / "consolidation.csv", text)
    roles = [str(c.role) for c in suggest_settings(path).settings.columns]
    assert roles == ["account", "entity", "entity", "ignore"]


def test_a_role_chosen_by_hand_is_stored_under_the_default_name(tmp_path: Path) -> None:
    text = "Account,North,South\nRevenue,10.00,20.00\n"
    path = write_text(tmp_path / "regions.csv", text)
    roles = {"Account": R.account, "North": R.member, "South": R.member}
    settings = _settings(roles, ["Account", "North", "South"], company="ACME")
    settings.constants.date = dt.date(2025, 6, 30)
    parser = parse_file(path, settings=settings)
    assert _by_member(parser, "Segment") == {
        ("North", "Revenue"): units("10.00"),
        ("South", "Revenue"): units("20.00"),
    }
    (warning,) = parser.report.warnings
    assert 'members of the dimension "Segment"' in warning and '"North", "South"' in warning
    settings.constants.dimension = "Region"
    parser = parse_file(path, settings=settings)
    assert set(_by_member(parser, "Region")) == {("North", "Revenue"), ("South", "Revenue")}
    assert not parser.report.warnings and parser.report.dimensions == ["Region"]


def test_a_restricted_uploader_stores_only_their_companies(tmp_path: Path) -> None:
    path = write_text(tmp_path / "by_class.csv", BY_CLASS)
    settings = suggest_settings(path).settings
    parser = parse_file(path, settings=settings, scope=CompanyScope(allowed=keys_of(["ACME"])))
    assert _by_member(parser, "Class") == {}
    assert {e.message for e in parser.report.errors} == {
        "company Lakeside Bakery is outside your access"
    }
    allowed = CompanyScope(allowed=keys_of(["lakeside bakery"]))
    parser = parse_file(path, settings=settings, scope=allowed)
    assert len(_by_member(parser, "Class")) == 17 and not parser.report.errors


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Profit and Loss by Class", "Class"),
        ("PROFIT AND LOSS BY CLASSES", "Class"),
        ("Expenses by Territories", "Territory"),
        ("Balance by profit  centre", "Profit Centre"),
        ("Expenses by CostCenter", "Cost Center"),
        ("Profit and Loss by Month", None),
        ("Bypass", None),
    ],
)
def test_dimension_named(text: str, named: str | None) -> None:
    assert dimension_named(text) == named


def test_the_mapping_screen_offers_the_member_role_and_its_dimension() -> None:
    script = Path(__file__).parents[2] / "elara/web/static/js/widgets/mapping_panel.js"
    text = script.read_text(encoding="utf-8")
    block = text.split("export const ROLES = [", 1)[1].split("];", 1)[0]
    offered = dict(re.findall(r'\["(\w+)", "([^"]+)"\]', block))
    assert offered["member"] == "Money of the class, department or location in the header"
    constants = text.split("const CONSTANTS = [", 1)[1].split("];", 1)[0]
    assert re.search(r'key: "dimension", label: "[^"]+", type: "text", members: true', constants)


def test_a_column_of_numbers_headed_like_a_dimension_is_a_member(tmp_path: Path) -> None:
    """ "No cost centre" reads as a dimension's header, but its cells are money: a member."""
    text = (
        "Income statement by cost centre\n"
        "Account,CC100,CC200,No cost centre,Total\n"
        "Revenue,10.00,20.00,5.00,35.00\n"
        "Rent,-1.00,-2.00,-3.00,-6.00\n"
    )
    path = write_text(tmp_path / "by_cost_centre.csv", text)
    settings = suggest_settings(path).settings
    assert [str(c.role) for c in settings.columns] == [
        "account", "member", "member", "member", "ignore"
    ]  # fmt: skip
    settings.constants.company, settings.constants.date = "ACME", dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    records = _by_member(parser, "Cost Centre")
    assert records[("No cost centre", "Revenue")] == units("5.00")
    assert sum(records.values()) == units("29.00")
    assert not parser.report.warnings and not parser.report.errors
