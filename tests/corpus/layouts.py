"""The corpus: one generator per real export layout described in docs/import.md.

Each generator writes one file into a directory, deterministically (seeded), and returns a
`Layout`: the file, the constants a person must type, and what Elara must show for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.corpus import (
    bankcash,
    bankcash2,
    bi_exports,
    exports,
    fifth,
    fiscal_headers,
    fiscal_years,
    fixes8,
    gaps,
    gaps2,
    headerless_books,
    ledgers,
    openbal,
    platforms,
    round185,
    round214,
    sales,
    seventh,
    sixth,
    statements,
    walk8,
    walk9,
    walk10,
    walk11,
    walk12,
    walked,
    whole_dollars,
    workbooks,
)
from tests.corpus.model import Check, Layout

Generator = Callable[[Path], Layout]

GENERATORS: dict[str, Generator] = {
    "bi_financial_sample": sales.bi_financial_sample,
    "superstore_xlsx": sales.superstore_xlsx,
    "superstore_eu_csv": sales.superstore_eu_csv,
    "market_statements_csv": sales.market_statements_csv,
    "income_rows_per_year_csv": sales.income_rows_per_year_csv,
    "filing_fy_columns_xlsx": statements.filing_fy_columns_xlsx,
    "office_pl_months_xlsx": statements.office_pl_months_xlsx,
    "accounting_pl_csv": statements.accounting_pl_csv,
    "accounting_pl_by_month_csv": statements.accounting_pl_by_month_csv,
    "swiss_statement_csv": statements.swiss_statement_csv,
    "current_previous_year_xlsx": statements.current_previous_year_xlsx,
    "quarterly_pl_csv": statements.quarterly_pl_csv,
    "budget_months_xlsx": statements.budget_months_xlsx,
    "erp_income_statement_xlsx": statements.erp_income_statement_xlsx,
    "cloud_trial_balance_xlsx": ledgers.cloud_trial_balance_xlsx,
    "desktop_trial_balance_csv": ledgers.desktop_trial_balance_csv,
    "erp_balance_list_csv": ledgers.erp_balance_list_csv,
    "erp_general_ledger_csv": ledgers.erp_general_ledger_csv,
    "grouped_general_ledger_xlsx": ledgers.grouped_general_ledger_xlsx,
    "bank_debit_credit_csv": ledgers.bank_debit_credit_csv,
    "bank_signed_csv": ledgers.bank_signed_csv,
    "german_journal_csv": ledgers.german_journal_csv,
    "french_trial_balance_csv": ledgers.french_trial_balance_csv,
    "bare_trial_balance_xlsx": ledgers.bare_trial_balance_xlsx,
    "erp_unconverted_list_txt": ledgers.erp_unconverted_list_txt,
    "unicode_text_tb_txt": ledgers.unicode_text_tb_txt,
    "desktop_general_ledger_csv": exports.desktop_general_ledger_csv,
    "bank_drcr_suffix_csv": exports.bank_drcr_suffix_csv,
    "bank_type_column_csv": exports.bank_type_column_csv,
    "bank_withdrawal_deposit_csv": exports.bank_withdrawal_deposit_csv,
    "budget_vs_actual_csv": exports.budget_vs_actual_csv,
    "tb_opening_movement_closing_csv": exports.tb_opening_movement_closing_csv,
    "ifrs_notes_two_years_xlsx": exports.ifrs_notes_two_years_xlsx,
    "two_row_header_quarters_xlsx": exports.two_row_header_quarters_xlsx,
    "cloud_pl_compare_months_csv": exports.cloud_pl_compare_months_csv,
    "management_pack_cover_xlsx": exports.management_pack_cover_xlsx,
    "cloud_account_transactions_csv": exports.cloud_account_transactions_csv,
    "erp_line_items_txt": exports.erp_line_items_txt,
    "budget_vs_actual_months_xlsx": exports.budget_vs_actual_months_xlsx,
    "scenario_long_csv": exports.scenario_long_csv,
    "planning_version_csv": exports.planning_version_csv,
    "budget_workbook_xlsx": exports.budget_workbook_xlsx,
    "monzo_money_out_in_csv": exports.monzo_money_out_in_csv,
    "paypal_gross_fee_net_csv": exports.paypal_gross_fee_net_csv,
    "stripe_balance_history_csv": exports.stripe_balance_history_csv,
    "ing_de_umsatzanzeige_csv": exports.ing_de_umsatzanzeige_csv,
    "bc_gl_entries_xlsx": exports.bc_gl_entries_xlsx,
    "hledger_register_csv": exports.hledger_register_csv,
    "card_statement_csv": exports.card_statement_csv,
    "fy_actual_budget_xlsx": exports.fy_actual_budget_xlsx,
    "audit_trail_types_csv": exports.audit_trail_types_csv,
    "extended_trial_balance_xls": exports.extended_trial_balance_xls,
    "revolut_statement_csv": exports.revolut_statement_csv,
    "tb_month_and_ytd_csv": exports.tb_month_and_ytd_csv,
    "sparkasse_camt_csv": exports.sparkasse_camt_csv,
    **bi_exports.GENERATORS,
    **platforms.GENERATORS,
    **gaps.GENERATORS,
    "mgmt_pack_month_ytd_csv": statements.mgmt_pack_month_ytd_csv,
    **fifth.GENERATORS,
    "qbd_pl_by_month_csv": platforms.qbd_pl_by_month_csv,
    **whole_dollars.GENERATORS,
    **headerless_books.GENERATORS,
    **walked.GENERATORS,
    **workbooks.GENERATORS,
    **sixth.GENERATORS,
    **fiscal_years.GENERATORS,
    **seventh.GENERATORS,
    **walk8.GENERATORS,
    **round185.GENERATORS,
    **bankcash.GENERATORS,
    **walk9.GENERATORS,
    **fiscal_headers.GENERATORS,
    **walk10.GENERATORS,
    **bankcash2.GENERATORS,
    **gaps2.GENERATORS,
    **round214.GENERATORS,
    **walk11.GENERATORS,
    **openbal.GENERATORS,
    **walk12.GENERATORS,
    **fixes8.GENERATORS,
}


def generate(name: str, directory: Path) -> Layout:
    """Write one layout's file into `directory` and return what Elara must make of it."""
    layout = GENERATORS[name](directory)
    assert layout.name == name, (layout.name, name)
    return layout


def generate_all(directory: Path) -> list[Layout]:
    """Every layout of the corpus, written into `directory`."""
    return [generate(name, directory) for name in GENERATORS]


__all__ = ["GENERATORS", "Check", "Layout", "generate", "generate_all"]
