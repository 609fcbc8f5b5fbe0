"""From ImportSettings and a table's headers to a plan: which column feeds what, which
columns carry values (one record per value cell), and which constants are still needed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from elara.core.scenarios import Scenario
from elara.finance.companies import COMPANY_LIMIT, code_problem, match_key, normal_form
from elara.ingest.entities import company_of
from elara.ingest.errors import MappingError, MissingColumnsError
from elara.ingest.members import DIMENSION_LIMIT, MEMBER_LIMIT, member_dimension, member_of
from elara.ingest.numbers import COMMA, POINT, NumberFormat
from elara.ingest.periods import header_scenario, read_header_period, resolve
from elara.ingest.scale import without_scale
from elara.ingest.settings import ColumnRole, ColumnSetting, ImportSettings
from elara.ingest.values import ValueProblem, header_currency, parse_currency
from elara.ingest.vocabulary import (
    FEE_HEADERS,
    GROSS_HEADERS,
    NET_HEADERS,
    cumulative_header,
    header_role,
    key,
    summed_field,
)

SINGLE_ROLES = (
    ColumnRole.company,
    ColumnRole.date,
    ColumnRole.account,
    ColumnRole.category,
    ColumnRole.currency,
    ColumnRole.description,
    ColumnRole.drcr,
    ColumnRole.scenario,
)
VALUE_ROLES = (
    ColumnRole.amount,
    ColumnRole.debit,
    ColumnRole.credit,
    ColumnRole.measure,
    ColumnRole.entity,
    ColumnRole.member,
)
# Roles whose columns split a row's money by the header (a company, a dimension's member).
SPLIT_ROLES = (ColumnRole.entity, ColumnRole.member)
CONSTANT_ORDER = ("company", "date", "year", "currency")


@dataclass
class ValueColumn:
    """A column holding money: its own records when it is a measure or a period."""

    position: int
    header: str
    role: ColumnRole
    period_end: dt.date | None = None
    fixed_format: str | None = None  # the user's choice; else decided from the values
    needs: str | None = None  # a period header that cannot be dated without this constant
    company: str | None = None  # an entity column's company (its header's, or the setting's)


@dataclass
class Slot:
    """Where one record per row comes from: its value column(s), account and date."""

    label: str  # the header named in row errors
    amount: int | None = None  # position of an amount column
    debit: int | None = None
    credit: int | None = None
    account: str | None = None  # the account when no account column says it
    date: dt.date | None = None  # a period column's last day
    company: str | None = None  # an entity column's company (its header, normal form)
    member: str | None = None  # a member column's value of the dimension (its header)
    blank_is_error: bool = True  # long tables: an empty amount is an error
    currency: str | None = None  # the column's header names it ("CAD$", "USD$")
    undated: bool = False  # a period header waiting for the year or as-of date constant

    @property
    def positions(self) -> list[int]:
        """The value columns this slot reads."""
        return [p for p in (self.amount, self.debit, self.credit) if p is not None]


@dataclass
class TablePlan:
    """How one table becomes records."""

    headers: list[str]
    settings: ImportSettings
    single: dict[ColumnRole, int] = field(default_factory=dict)
    periods: list[int] = field(default_factory=list)
    values: list[ValueColumn] = field(default_factory=list)
    dimensions: list[int] = field(default_factory=list)
    quantities: list[int] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    formats: dict[int, NumberFormat] = field(default_factory=dict)
    # The one currency the value cells show by symbol ("$79,456.92" on total lines), for the
    # cells that show none, when the file has no currency column or constant.
    file_currency: str | None = None
    # Period columns of another scenario than the one stored ("FY2026E" beside "FY2024A"):
    # position -> scenario; their figures are counted and reported, never stored.
    other_scenarios: dict[int, str] = field(default_factory=dict)
    # Tracking columns in pairs (`elara.ingest.tracking`): option position -> (its name
    # column, the one name that column holds): the options are stored under that name.
    tracking: dict[int, tuple[int, str]] = field(default_factory=dict)

    @property
    def member_dimension(self) -> str | None:
        """The dimension the member columns' records carry their header under, if any."""
        if not any(s.member is not None for s in self.slots):
            return None
        return member_dimension(self.settings.constants)

    def position(self, role: ColumnRole) -> int | None:
        """The column of a single-column role, if any."""
        return self.single.get(role)

    @property
    def wide(self) -> bool:
        """True when a row can make several records (measures, periods as columns)."""
        return len(self.slots) > 1 or any(not s.blank_is_error for s in self.slots)

    @property
    def unused_positions(self) -> list[int]:
        """Columns with no role: a "Total" there still marks a totals row."""
        used = set(self.single.values()) | set(self.periods) | set(self.dimensions)
        used |= set(self.quantities) | {v.position for v in self.values}
        return [p for p in range(len(self.headers)) if p not in used]

    @property
    def label_positions(self) -> list[int]:
        """Text columns where a 'Total' label marks a totals row."""
        roles = (ColumnRole.company, ColumnRole.account, ColumnRole.category, ColumnRole.date)
        found = [self.single[r] for r in roles if r in self.single]
        return found + self.dimensions + self.periods

    @cached_property
    def direction_slot(self) -> int | None:
        """The slot of a dated list of movements with nothing naming what each line is (no
        account, no category column): a bank statement's one amount (signed, debit/credit).
        Its lines are kept apart as "Money in" and "Money out", never one account netting
        receipts against payments. Beside it may stand what the bank took ("Fee",
        "Commission": accounts of their own) and a "Net" restating amount less fee; any
        other money column names its lines itself, and nothing is split. None otherwise.
        Read only once the plan is built (`build_plan`): it is worked out on first use."""
        named = (ColumnRole.account, ColumnRole.category)
        if any(self.position(r) is not None for r in named) or self.periods:
            return None
        if self.position(ColumnRole.date) is None or not self.slots:
            return None
        if any(s.date is not None or s.company or s.member for s in self.slots):
            return None
        if len(self.slots) == 1:
            return 0 if self.slots[0].blank_is_error else None
        fees = [i for i, s in enumerate(self.slots) if key(s.label) in FEE_HEADERS]
        others = [
            i for i, s in enumerate(self.slots) if i not in fees and key(s.label) not in NET_HEADERS
        ]
        if not fees or len(others) != 1:
            return None
        slot = self.slots[others[0]]
        principal = slot.amount is None or header_role(slot.label) is ColumnRole.amount
        return others[0] if principal or key(slot.label) in GROSS_HEADERS else None

    @property
    def by_direction(self) -> bool:
        """Whether one slot's lines are kept apart by direction (see `direction_slot`)."""
        return self.direction_slot is not None

    def format_of(self, position: int) -> NumberFormat:
        """The number format decided for a value or quantity column."""
        return self.formats.get(position, NumberFormat())

    def mapping(self) -> dict[str, str]:
        """Report form: header → role."""
        out = {self.headers[p]: str(r) for r, p in self.single.items()}
        out.update({self.headers[p]: "period" for p in self.periods})
        out.update({v.header: str(v.role) for v in self.values})
        out.update({self.headers[p]: "dimension" for p in self.dimensions})
        out.update({self.headers[p]: "quantity" for p in self.quantities})
        return out


def match_headers(headers: list[str], columns: list[ColumnSetting]) -> list[int]:
    """The position of each column setting's header (exact first, then loosely)."""
    exact = {h: i for i, h in enumerate(headers)}
    loose: dict[str, int] = {}
    for i, h in enumerate(headers):
        loose.setdefault(key(h), i)
    found = []
    for column in columns:
        position = exact.get(column.header, loose.get(key(column.header)))
        if position is None:
            raise MappingError(f'Column "{column.header}" of the settings is not in the file')
        found.append(position)
    return found


def build_plan(headers: list[str], settings: ImportSettings) -> TablePlan:
    """The plan for a table; raises MappingError for settings that contradict themselves."""
    plan = TablePlan(headers=headers, settings=settings)
    for column, position in zip(
        settings.columns, match_headers(headers, settings.columns), strict=True
    ):
        _place(plan, column, position)
    _slots(plan)
    _check_entities(plan)
    _check_members(plan)
    _check_constants(plan)
    plan.needs = _needs(plan)
    return plan


# The database's limits, checked here so a constant can never fail the insert.
ACCOUNT_LIMIT = 128
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def _check_constants(plan: TablePlan) -> None:
    """Constants and header-made accounts that the database would refuse."""
    constants = plan.settings.constants
    company = normal_form(constants.company) if constants.company is not None else None
    if company is not None and not 0 < len(company) <= COMPANY_LIMIT:
        raise MappingError(f"The company must be 1 to {COMPANY_LIMIT} characters")
    if company is not None and (problem := code_problem(company)):
        raise MappingError(f"The company cannot be used: {problem}")
    if constants.date is not None and not FIRST_DATE <= constants.date <= LAST_DATE:
        raise MappingError(f"The date {constants.date} is outside 1900-2200")
    if constants.currency is not None:
        try:
            constants.currency = parse_currency(constants.currency)
        except ValueProblem as exc:
            raise MappingError(f'"{constants.currency}" is not a currency code') from exc
    for slot in plan.slots:
        if slot.account is not None and len(slot.account) > ACCOUNT_LIMIT:
            raise MappingError(
                f'"{slot.account[:40]}…" is longer than {ACCOUNT_LIMIT} characters '
                "and cannot name an account"
            )
        if slot.date is not None and not FIRST_DATE <= slot.date <= LAST_DATE:
            raise MappingError(f'The period of "{slot.label}" is outside 1900-2200')


def _check_entities(plan: TablePlan) -> None:
    """Entity columns name their records' company: no other source of the company may."""
    entities = [v for v in plan.values if v.role is ColumnRole.entity]
    if not entities:
        return
    names = ", ".join(f'"{v.header}"' for v in entities[:3])
    if ColumnRole.company in plan.single:
        company = plan.headers[plan.single[ColumnRole.company]]
        raise MappingError(
            f'The company is named twice: by the column "{company}" and by the headers of '
            f"the company columns ({names}); keep one"
        )
    if plan.settings.constants.company:
        raise MappingError(
            f"The company is named twice: typed as {plan.settings.constants.company} and by "
            f"the headers of the company columns ({names}); clear the typed company"
        )
    others = [v for v in plan.values if v.role is not ColumnRole.entity]
    if any(v.role is ColumnRole.member for v in others):
        raise MappingError(
            f"Columns of companies ({names}) and of members of a dimension cannot be read "
            "together; give one kind another role"
        )
    if others:
        raise MappingError(
            f'"{others[0].header}" ({others[0].role}) cannot be read beside the company '
            f"columns ({names}): its records would have no company; make it a company column "
            "or ignore it"
        )
    if ColumnRole.account not in plan.single:
        raise MappingError(
            f"The company columns ({names}) need an account column: the line each amount belongs to"
        )
    seen: dict[tuple[str, dt.date | None], str] = {}
    for value in entities:
        company = value.company or ""
        problem = code_problem(company)
        if not company or problem or len(company) > COMPANY_LIMIT:
            reason = problem or f"a company code has 1 to {COMPANY_LIMIT} characters"
            raise MappingError(
                f'The header "{value.header}" cannot name a company ({reason}); '
                "give the column another role"
            )
        found = (match_key(company), value.period_end)
        if found in seen:
            period = f" for {value.period_end}" if value.period_end else ""
            raise MappingError(
                f'The headers "{seen[found]}" and "{value.header}" name the same '
                f"company{period}; give one of them another role"
            )
        seen[found] = value.header


def _check_members(plan: TablePlan) -> None:
    """Member columns name their records' value of one dimension: no other money column may
    stand beside them, an account column must, and no other column may keep that name."""
    members = [v for v in plan.values if v.role is ColumnRole.member]
    if not members:
        return
    names = ", ".join(f'"{v.header}"' for v in members[:3])
    others = [v for v in plan.values if v.role is not ColumnRole.member]
    if others:
        raise MappingError(
            f'"{others[0].header}" ({others[0].role}) cannot be read beside the member columns '
            f"({names}): its records would belong to no member; make it a member column or "
            "ignore it"
        )
    if ColumnRole.account not in plan.single:
        raise MappingError(
            f"The member columns ({names}) need an account column: the line each amount belongs to"
        )
    dimension = member_dimension(plan.settings.constants)
    if len(dimension) > DIMENSION_LIMIT:
        raise MappingError(f"The dimension's name must be 1 to {DIMENSION_LIMIT} characters")
    taken = [plan.headers[p] for p in plan.dimensions + plan.quantities]
    clash = next((h for h in taken if key(h) == key(dimension)), None)
    if clash is not None or key(dimension) == "sheet":
        raise MappingError(
            f'The dimension "{dimension}" of the member columns ({names}) is also the name of '
            f'the column "{clash or dimension}"; name the dimension otherwise'
        )
    seen: dict[str, str] = {}
    for value in members:
        member = member_of(value.header)
        if not member or len(member) > MEMBER_LIMIT:
            raise MappingError(
                f'The header "{value.header[:40]}" cannot name a member (1 to {MEMBER_LIMIT} '
                "characters); give the column another role"
            )
        if member.casefold() in seen:
            raise MappingError(
                f'The headers "{seen[member.casefold()]}" and "{value.header}" name the same '
                "member; give one of them another role"
            )
        seen[member.casefold()] = value.header


def _place(plan: TablePlan, column: ColumnSetting, position: int) -> None:
    role = column.role
    header = plan.headers[position]
    if role in SINGLE_ROLES:
        if role in plan.single and plan.single[role] != position:
            other = plan.headers[plan.single[role]]
            raise MappingError(f'Two columns have the role {role}: "{other}" and "{header}"')
        plan.single[role] = position
    elif role is ColumnRole.period:
        plan.periods.append(position)
    elif role is ColumnRole.amount and (scenario := _other_scenario(plan, header)):
        plan.other_scenarios[position] = scenario
    elif role in VALUE_ROLES:
        plan.values.append(_value_column(plan, column, position))
    elif role is ColumnRole.dimension:
        plan.dimensions.append(position)
    elif role is ColumnRole.quantity:
        plan.quantities.append(position)
    if column.decimal_separator is not None and column.decimal_separator not in (POINT, COMMA):
        raise MappingError(
            f'Decimal separator of "{header}" must be "{POINT}" or "{COMMA}", '
            f'not "{column.decimal_separator}"'
        )


def _other_scenario(plan: TablePlan, header: str) -> str | None:
    """The scenario of a period header such as "FY2026E" when it is not the one stored (the
    settings' scenario, else actual); None for its own scenario's columns. Beside suffixed
    headers a plain period ("FY2024" next to "FY2026E") is an actual: never stored as the
    forecast; in a table of plain headers only, the chosen scenario is the file's."""
    found = header_scenario(header)
    chosen = str(plan.settings.constants.scenario or Scenario.actual)
    if found is not None:
        return None if str(found[1]) == chosen else str(found[1])
    suffixed = any(header_scenario(c.header) for c in plan.settings.columns)
    if not suffixed or chosen == Scenario.actual or read_header_period(header) is None:
        return None
    return str(Scenario.actual)


def _value_column(plan: TablePlan, column: ColumnSetting, position: int) -> ValueColumn:
    value = ValueColumn(
        position=position,
        header=plan.headers[position],
        role=column.role,
        period_end=column.period_end,
        fixed_format=column.decimal_separator,
    )
    if column.role is ColumnRole.entity:  # under a company row ("NW-US" over Jan, Feb)
        value.company = normal_form(column.company) if column.company else None
        value.company = value.company or company_of(value.header)
    if value.period_end is None and column.role is ColumnRole.amount:
        period = read_header_period(value.header)
        if period is not None:
            constants = plan.settings.constants
            year = constants.year or (constants.date.year if constants.date else None)
            value.period_end = resolve(period, year=year, as_of=constants.date)
            value.needs = period.needs if value.period_end is None else None
    return value


def _slots(plan: TablePlan) -> None:
    """One slot per record a row can make."""
    by_role: dict[ColumnRole, list[ValueColumn]] = {}
    for value in plan.values:
        by_role.setdefault(value.role, []).append(value)
    account_column = ColumnRole.account in plan.single
    debits, credits = by_role.get(ColumnRole.debit, []), by_role.get(ColumnRole.credit, [])
    if debits or credits:
        debit = debits[0] if debits else None
        credit = credits[0] if credits else None
        label = " - ".join(v.header for v in (debit, credit) if v is not None)
        plan.slots.append(
            Slot(
                label=label,
                debit=debit.position if debit else None,
                credit=credit.position if credit else None,
                account=None if account_column else label,
            )
        )
    for value in by_role.get(ColumnRole.amount, []):
        dated = value.period_end is not None or value.needs is not None
        plan.slots.append(
            Slot(
                label=value.header,
                amount=value.position,
                account=None if account_column else _account_of(value.header),
                date=value.period_end,
                blank_is_error=not dated and len(by_role.get(ColumnRole.amount, [])) == 1,
                undated=value.needs is not None,
                currency=header_currency(value.header),
            )
        )
    for value in by_role.get(ColumnRole.measure, []):
        plan.slots.append(
            Slot(
                label=value.header,
                amount=value.position,
                account=_account_of(value.header),
                date=value.period_end,
                blank_is_error=False,
            )
        )
    for value in by_role.get(ColumnRole.entity, []):
        plan.slots.append(
            Slot(
                label=value.header,
                amount=value.position,
                company=value.company,
                date=value.period_end,
                blank_is_error=False,
            )
        )
    for value in by_role.get(ColumnRole.member, []):
        plan.slots.append(
            Slot(
                label=value.header,
                amount=value.position,
                member=member_of(value.header),
                blank_is_error=False,
            )
        )


def _account_of(header: str) -> str:
    """The account a money column's header names: a pivot's "Sum of Sales" is "Sales", so a
    pivot and the list it was made from give the same account (the header stays the label)."""
    return summed_field(header) or without_scale(header)


def _needs(plan: TablePlan) -> list[str]:
    """Constants the file does not give and the settings do not either."""
    constants = plan.settings.constants
    needs: set[str] = set()
    entities = any(s.company is not None for s in plan.slots)
    if ColumnRole.company not in plan.single and not constants.company and not entities:
        needs.add("company")
    dated = ColumnRole.date in plan.single or plan.periods
    for value in plan.values:
        if value.needs:
            needs.add(value.needs)
    if plan.other_scenarios and not plan.slots:
        # "FY2026E", "FY2027E" and no column of the scenario stored (actual unless chosen):
        # which scenario the dataset holds is asked, never guessed.
        needs.add("scenario")
    undated = any(s.date is None and not s.undated for s in plan.slots) or not plan.slots
    if not dated and constants.date is None and undated and "scenario" not in needs:
        needs.add("date")
    return [n for n in (*CONSTANT_ORDER, "scenario") if n in needs]


def check_plan(plan: TablePlan, *, sheet: str | None) -> None:
    """Raise what makes the table unreadable: nothing to store, or constants missing."""
    if not plan.slots:
        raise MissingColumnsError(
            found_headers=[h for h in plan.headers if not h.startswith("Column ")],
            missing=["amount"],
            sheet=sheet,
        )
    if plan.needs:
        raise MissingColumnsError(
            found_headers=[h for h in plan.headers if not h.startswith("Column ")],
            missing=plan.needs,
            sheet=sheet,
        )


def unstored_movements(plan: TablePlan) -> list[str]:
    """A trial balance with the period's Debit / Credit beside the balances to date ("YTD
    Debit", "Closing Credit"): the balances are stored, the movements kept as numbers. Said,
    since a person who wanted the month's movements would otherwise see other figures."""
    columns = plan.settings.columns
    stored = [c for c in columns if c.role in (ColumnRole.debit, ColumnRole.credit)]
    kept = [
        c
        for c in columns
        if c.role is ColumnRole.quantity
        and header_role(c.header) in (ColumnRole.debit, ColumnRole.credit)
        and not cumulative_header(c.header)
    ]
    if not kept or not stored or not all(cumulative_header(c.header) for c in stored):
        return []
    shown = " and ".join(f'"{c.header}"' for c in stored)
    moves = " and ".join(f'"{c.header}"' for c in kept)
    return [
        f"{shown} are stored: the balances to date, as a trial balance on its date. {moves} "
        "(the period's movements) are kept as numbers, not stored as money; to store the "
        "movements instead, choose Debit and Credit for them."
    ]
