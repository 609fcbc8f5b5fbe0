"""Inspect a file before storing it: suggested settings, what is still needed, the preview.

The preview comes from ``elara.ingest.preview_file``, the very parser an upload runs, so the
totals it shows are what storing the same file with the same settings stores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from elara.datasets.schemas import ControlCharacters
from elara.datasets.service import MAX_ERROR_VALUE_CHARS, clip
from elara.finance.kinds import AccountKind, suggest_kind
from elara.ingest import (
    ColumnRole,
    CompanyScope,
    Constants,
    ImportSettings,
    IngestError,
    Preview,
    describe_file,
    preview_file,
    suggest_settings,
)
from elara.ingest.fiscal import with_fiscal_start
from elara.ingest.headers import normalise_header
from elara.ingest.isolate import run_isolated
from elara.ingest.pipeline import LEGACY_TARGETS, currency_stated
from elara.ingest.plan import SINGLE_ROLES, TablePlan, build_plan
from elara.ingest.scenarios import ScenarioChoiceNeeded
from elara.ingest.settings import Offered
from elara.ingest.suggest import needs_of
from elara.recipes.service import fingerprint
from elara.uploads.inspect import TableOut, to_http_error


class InspectRequest(BaseModel):
    """What the caller says about the file: all optional; settings win over the rest."""

    sheet: str | None = Field(None, max_length=128)
    header_row: int | None = Field(None, ge=1, le=1_000_000)
    settings: ImportSettings | None = None
    mapping: dict[str, str] | None = None
    default_currency: str | None = Field(None, max_length=3)
    recipe_id: int | None = Field(None, ge=1, le=2**31 - 1)
    control_characters: ControlCharacters = ControlCharacters.error


class CurrencyTotals(BaseModel):
    currency: str | None
    by_account: dict[str, str]  # account -> exact decimal string, in this currency


class PreviewTotals(BaseModel):
    by_account: dict[str, str]  # account -> exact decimal string (across currencies)
    records: int
    by_currency: list[CurrencyTotals] = []  # per currency: never added across


class PreviewError(BaseModel):
    """A row that would not be stored, as GET /api/datasets/{id}/errors lists it after."""

    row: int
    column: str
    value: str
    message: str
    sheet: str | None


class PreviewOut(BaseModel):
    """What storing the file with the settings would store."""

    totals: PreviewTotals
    warnings: list[str]
    sample: list[dict[str, Any]]
    rows_read: int
    error_count: int
    unclassified: list[str]
    dimensions: list[str]
    number_formats: dict[str, str]
    totals_rows: list[dict[str, Any]]
    # Values like "12,500" read as thousands because the file shows it elsewhere, and why
    number_format_note: str | None = None
    skipped_rows: list[dict[str, Any]] = Field(default_factory=list)  # blank, heading, footer…
    errors: list[PreviewError] = Field(default_factory=list)  # the first 100 row errors
    unit_multiplier: int = 1  # the scale the money values were multiplied by ("in thousands")
    scenario: str = "actual"  # the dataset's scenario: only its rows are stored
    # rows (or figures of "FY2026E" columns) not stored, by scenario
    other_scenarios: dict[str, int] = Field(default_factory=dict)
    currency: str | None = None  # the one currency of every record (the totals'), else null


class RecipeRef(BaseModel):
    id: int
    name: str


class InspectOut(BaseModel):
    """The answer of POST /api/datasets/inspect (see docs/api.md)."""

    file_kind: str
    sheets: list[str]
    sheet: str | None
    header_row: int
    headers: list[str]
    settings: ImportSettings
    needs: list[str]  # constants still to give: company, date, year, currency, scenario
    missing: list[str] = Field(default_factory=list)  # roles the settings lack: "amount"
    offered: Constants
    preview: PreviewOut | None  # None while something is needed or missing
    recipe: RecipeRef | None = None  # the remembered recipe these settings came from
    fingerprint: str = ""  # the layout (sheet and headers): POST /api/recipes saves under it
    tables: list[TableOut] = Field(default_factory=list)  # the older description


def preview_out(preview: Preview) -> PreviewOut:
    """The ingest preview as JSON-ready fields (amounts as exact decimal strings)."""
    totals = preview.totals_json()
    return PreviewOut(
        totals=PreviewTotals(**totals),
        warnings=preview.warnings,
        sample=preview.sample,
        rows_read=preview.rows_read,
        error_count=preview.error_count,
        unclassified=preview.unclassified,
        dimensions=preview.dimensions,
        number_formats=preview.number_formats,
        number_format_note=preview.number_format_note,
        totals_rows=preview.totals_rows,
        skipped_rows=preview.skipped_rows,
        unit_multiplier=preview.unit_multiplier,
        scenario=preview.scenario,
        other_scenarios=preview.other_scenarios,
        currency=preview.currency,
        errors=[
            PreviewError(
                row=e.row,
                column=e.column,
                value=clip(e.value, MAX_ERROR_VALUE_CHARS),  # as the store keeps them
                message=clip(e.message, MAX_ERROR_VALUE_CHARS * 2),
                sheet=e.sheet or None,
            )
            for e in preview.errors
        ],
    )


def apply_mapping(settings: ImportSettings, mapping: dict[str, str]) -> ImportSettings:
    """The older mapping ({header: canonical column}) laid over suggested settings."""
    wanted = {normalise_header(h): LEGACY_TARGETS.get(t) for h, t in mapping.items()}
    taken = {role for role in wanted.values() if role is not None}
    result = settings.model_copy(deep=True)
    for column in result.columns:
        role = wanted.get(normalise_header(column.header))
        if role is not None:
            column.role = role
        elif column.role in taken and column.role in SINGLE_ROLES:
            column.role = ColumnRole.dimension  # kept, as unmapped columns always were
    return result


def _with_currency(settings: ImportSettings, currency: str | None) -> ImportSettings:
    if currency and settings.constants.currency is None:
        settings = settings.model_copy(deep=True)
        settings.constants.currency = currency.upper()
    return settings


def inspect_file_settings(
    path: Path,
    request: InspectRequest,
    *,
    scope: CompanyScope | None = None,
    reporting_currency: str | None = None,
    fiscal_year_start: int | None = None,
) -> InspectOut:
    """Suggest (or complete) the settings for a sheet and preview what they would store,
    read with the uploader's ``scope`` exactly as the store reads it.

    A file that states no currency anywhere is asked for one (``needs: ["currency"]``), or,
    when the organisation has a ``reporting_currency``, previewed in it with a warning that
    says so (the store does the same). ``fiscal_year_start`` is the admin's: settings naming
    no start of their own date fiscal period columns ("FY25 P01") by it, and show it.

    Runs in a limited child process (``elara.ingest.isolate``): a reader that blows up
    fails this inspection, not the server.
    """
    if scope is None:
        remove = request.control_characters is ControlCharacters.remove
        scope = CompanyScope(remove_controls=remove)
    kwargs = {
        "path": Path(path),
        "request": request,
        "scope": scope,
        "reporting": reporting_currency,
        "fiscal": fiscal_year_start,
    }
    try:
        return run_isolated(_inspect, kwargs=kwargs)
    except IngestError as exc:
        raise to_http_error(exc) from exc


CASH_FLOW_NOTE = (
    "This is a statement of cash flows: its lines move cash (depreciation added back, changes "
    "in receivables), they are not income and expenses. They are suggested as non-financial "
    "lines: stored and shown, never added into revenue, costs or net income. Change a line's "
    "kind if that is wrong."
)
BALANCE_SHEET_NOTE = (
    "This is a balance sheet: its lines are balances at a date (assets, liabilities, equity), "
    "not income and expenses. They are suggested as balance-sheet accounts: stored and shown, "
    "never added into revenue, costs or net income (its Net Income line restates the P&L's). "
    "Change a line's kind if that is wrong."
)
STATEMENT_NOTES = {"cash_flow": CASH_FLOW_NOTE, "balance_sheet": BALANCE_SHEET_NOTE}


def _netted_note(settings: ImportSettings) -> str | None:
    """A cost-named net line read as a net amount added to income (``identities.netted_kinds``)."""
    for account, kind in settings.account_kinds.items():
        named = suggest_kind(account)
        if kind == AccountKind.other_income.value and named is AccountKind.other_expense:
            return (
                f'"{account}" is added as shown to reach profit before tax, where the costs are '
                "shown positive: it is read as a net amount added to income (other income and "
                "expense, net), as the statement adds it. Change its kind if that is wrong."
            )
    return None


def _span_note(plan: TablePlan, settings: ImportSettings, offered: Offered) -> str | None:
    """A statement whose title states a span ("Jan 2025 - Mar 2025") and no column dates its
    figures: every record is dated the span's last day, so monthly views show it all there."""
    start, date = offered.covers_from, settings.constants.date
    dated = plan.position(ColumnRole.date) is not None or plan.periods
    if start is None or date is None or date != offered.date or dated:
        return None
    if any(v.period_end is not None for v in plan.values):
        return None
    return (
        f"The title says these figures cover {start:%d %b %Y} to {date:%d %b %Y}; every "
        f"record is dated {date:%d %b %Y}, so month views and charts show the whole period "
        "in that month."
    )


def _inspect(
    *,
    path: Path,
    request: InspectRequest,
    scope: CompanyScope,
    reporting: str | None,
    fiscal: int | None = None,
) -> InspectOut:
    """The inspection itself (in the child): IngestErrors travel back to the parent."""
    settings, mapping = request.settings, request.mapping
    sheet = request.sheet or (settings.sheet if settings else None)
    described = describe_file(path, sheet=sheet, mapping=None if settings else mapping)
    suggestion = suggest_settings(
        path, sheet=sheet, header_row=request.header_row, settings=settings, fiscal_default=fiscal
    )
    chosen = suggestion.settings
    if settings is None and mapping:
        chosen = apply_mapping(chosen, mapping)
    chosen = _with_currency(chosen, request.default_currency)
    chosen = with_fiscal_start(chosen, fiscal)  # shown in the settings, sent back with them
    plan = build_plan(suggestion.headers, chosen)
    # Estimate columns only ("FY2026E | FY2027E"): the amounts are there, their scenario is
    # asked (needs), never said missing.
    missing = [] if plan.slots or plan.other_scenarios else ["amount"]
    preview = None
    needs = needs_of(list(plan.needs), chosen, suggestion.offered)
    if not reporting and plan.slots and not currency_stated(path, chosen):
        needs.append("currency")  # the number on screen is the file's: never a guessed currency
    if not needs and not missing:
        try:
            parsed = preview_file(
                path, chosen, scope=scope, reporting_currency=reporting, fiscal_year_start=fiscal
            )
        except ScenarioChoiceNeeded:
            needs.append("scenario")  # several scenarios and no actuals: asked, not guessed
        else:
            chosen = parsed.settings  # as read: the sign the totals show, unless chosen
            preview = preview_out(parsed)
            if (note := _span_note(plan, chosen, suggestion.offered)) is not None:
                preview.warnings.append(note)
            if (statement := suggestion.offered.statement) is not None:
                preview.warnings.append(STATEMENT_NOTES[statement])
            if (note := _netted_note(chosen)) is not None:
                preview.warnings.append(note)
            preview.warnings.extend(suggestion.offered.notes)
    return InspectOut(
        file_kind=described.file_kind,
        sheets=suggestion.sheets,
        sheet=chosen.sheet,
        header_row=suggestion.header_row,
        headers=suggestion.headers,
        settings=chosen,
        needs=needs,
        missing=missing,
        offered=suggestion.offered,
        preview=preview,
        fingerprint=fingerprint(chosen.sheet, suggestion.headers),
        tables=[TableOut.model_validate(t, from_attributes=True) for t in described.tables],
    )
