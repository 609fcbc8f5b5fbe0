"""Import settings: one object that says how a file is read.

Elara suggests settings from a file (header names and values), the user corrects them in the
preview, and the same object is sent back to store the file. Saved under a fingerprint of the
layout it becomes a recipe. This module is the contract between ingest (which reads files with
it), uploads/datasets (which accept it over the API) and the web app's mapping screen.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from elara.core.scenarios import Scenario


class ColumnRole(StrEnum):
    company = "company"
    date = "date"
    period = "period"  # year, month, quarter, fiscal period, "Jan-24", "FY2024", "Q3 2024"
    account = "account"
    category = "category"
    amount = "amount"
    debit = "debit"
    credit = "credit"
    drcr = "drcr"  # a debit/credit indicator (Dr/Cr, D/C) that signs an unsigned amount
    currency = "currency"
    description = "description"
    dimension = "dimension"  # kept and filterable: Region, Segment, Product, Cost Center
    scenario = "scenario"  # Actual / Budget / Forecast / Prior Year: only one is stored
    measure = "measure"  # a money column of a wide sheet: becomes an account named by its header
    # The money of the company named in the header (a consolidation workbook: one column per
    # company, "NW-US | NW-UK | Eliminations"): each record's company is the header.
    entity = "entity"
    # The money of the dimension member named in the header ("Profit and Loss by Class":
    # Retail | Wholesale | Not Specified): each record carries the header as its value of the
    # dimension `constants.dimension` (the "by Class" of the title).
    member = "member"
    quantity = "quantity"  # a number kept, never summed as money: units, prices, rates
    ignore = "ignore"  # ids, postal codes, row numbers


# The dimension of `member` columns when neither the title nor the settings name it.
DEFAULT_MEMBER_DIMENSION = "Segment"


class DateOrderChoice(StrEnum):
    """How the person reads numeric dates like 03/04/2025 (the file cannot tell when every
    day of the file is 12 or less): day first (3 April, the default) or month first (March 4,
    a Canadian or American download)."""

    day_first = "day_first"
    month_first = "month_first"


class SignConvention(StrEnum):
    """How the file's numbers map to Elara's stored sign (see docs/import.md, Signs)."""

    natural = "natural"  # revenue and costs both positive (a P&L as people read it)
    expenses_negative = "expenses_negative"  # revenue positive, costs negative: net = plain sum
    debit_positive = "debit_positive"  # a ledger or trial balance: debits +, credits -


# How each convention is named to a person (warnings; the mapping screen says the same).
SIGN_WORDS = {
    SignConvention.natural: "revenue and costs both shown positive",
    SignConvention.expenses_negative: "costs shown as negative numbers",
    SignConvention.debit_positive: "debits positive and credits negative (a ledger)",
}


class Constants(BaseModel):
    """What the file does not hold, typed by the user (or offered from title cells)."""

    model_config = ConfigDict(extra="forbid")

    company: str | None = None
    date: dt.date | None = None  # as-of / period-end date
    year: int | None = Field(default=None, ge=1900, le=2200)  # for month headers with no year
    currency: str | None = None
    # The scale the file states ("in thousands", "USD '000", "(€ millions)"): every money
    # value is multiplied by it, exactly (10,000: a Chinese report's 万元). None: as the
    # file's title or headers say (offered, and stated in the preview); 1: in full.
    unit_multiplier: Literal[1, 1000, 10_000, 1_000_000] | None = None
    # The dataset's scenario; with a scenario column, only its rows are stored (the others
    # are counted and named in the report). None: actual when the column holds actual rows,
    # else the one scenario it holds; without a column, as the title or sheet name says
    # ("Budget 2025"), else actual.
    scenario: Scenario | None = None
    # The dimension whose members the `member` columns are ("Class", "Department"), as the
    # title's "by Class" says or the user names it. None: "Segment" (the preview says so).
    dimension: str | None = Field(default=None, max_length=128)
    # The month (1-12) the fiscal year starts in, for fiscal period headers ("FY25 P01", "P01
    # FY2025"): a year is named after the calendar year it ends in, so with 7 "FY25 P01" is
    # July 2024. None: the admin's fiscal year start (app setting ``fiscal_year_start``),
    # filled in by the inspection and the store; January when that is unset.
    fiscal_year_start: int | None = Field(default=None, ge=1, le=12)


# The statements whose lines are not income and expense (elara.ingest.suggest).
Statement = Literal["cash_flow", "balance_sheet"]


class Offered(Constants):
    """The constants a file's title cells (and headers) offer, and what else they say."""

    # The first day of the span a title states ("Jan 2025 - Mar 2025", "Year ended 31
    # December 2024") when `date` ends more than a month of figures: said in the preview.
    # Not a setting, and not in the API's `offered` (typed there as `Constants`).
    covers_from: dt.date | None = None
    # The fiscal year a title names ("Income statement FY2025": 2025): month columns with no
    # year are dated in it by the fiscal year start (``fiscal.date_months_by_fiscal_year``).
    fiscal_year: int | None = None
    # "cash_flow" or "balance_sheet": the title or the lines say the file is a statement
    # whose lines are not income and expenses; its kinds are suggested, the preview says why.
    statement: Statement | None = None
    # What the suggestion could not read off the file and assumed (a net line named for both
    # directions with no subtotal to decide it): said in the preview, never a setting.
    notes: list[str] = Field(default_factory=list)
    # The date column holds days and months with no year (a booking batch's "0501"): the
    # year is needed, from the batch line or the person. Never a setting.
    day_months: bool = False
    # A statement's opening and closing balance as its preamble states them (stored units):
    # checked in the preview against its lines (`elara.ingest.balances`), never stored.
    opening_balance: int | None = None
    closing_balance: int | None = None


class ColumnSetting(BaseModel):
    """One column of the table: its header as written and the role it plays."""

    model_config = ConfigDict(extra="forbid")

    header: str
    role: ColumnRole
    # For a column whose header is a period (periods as columns): the period's last day.
    period_end: dt.date | None = None
    # "point" (1,234.56) or "comma" (1.234,56); decided once per column from all its values.
    decimal_separator: str | None = None
    # An `entity` column whose header is a period, under a row of company names (one column
    # per company and month): the company of its records. None: the header names it.
    company: str | None = Field(default=None, max_length=64)


class ImportSettings(BaseModel):
    """How one sheet (or CSV) of a file becomes records."""

    model_config = ConfigDict(extra="forbid")

    sheet: str | None = None
    header_row: int | None = Field(default=None, ge=1)  # 1-based row number in the sheet
    columns: list[ColumnSetting] = Field(default_factory=list)
    constants: Constants = Field(default_factory=Constants)
    # None: read off the file's totals when it is parsed (costs summing negative and so on)
    sign: SignConvention | None = None
    # Account name -> AccountKind value, chosen by the user for accounts Elara could not classify.
    account_kinds: dict[str, str] = Field(default_factory=dict)
    # Spellings of the scenario column Elara does not know ("Rev 2", "04"), as the user says.
    scenario_names: dict[str, Scenario] = Field(default_factory=dict)
    # How numeric dates like 03/04/2025 are read when the file cannot tell (every day 12 or
    # less). None: day first, said in a warning; a day above 12 in the file decides it.
    date_order: DateOrderChoice | None = None
