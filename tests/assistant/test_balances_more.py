"""Companies ranked by a balance, and the current ratio, quick ratio and debt to equity, from
stored trial balances (real SQLite and MariaDB, the dashboard's records, no part mocked): each
company at its own latest balance date on or before the date asked, that date said; ratios to
2 decimals with their parts; declined when a part is missing; the asker's companies only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from elara.assistant import analyst, builtin
from tests.factories import create_user

# ACME: quarter ends; BETA: 30 June, cash and equity only (no liabilities, no debt);
# GAMMA: 31 May, no inventory. Debits positive, credits negative, as a trial balance stores.
_ACCOUNTS = {
    "Cash": "Current Assets",
    "Accounts Receivable": "Current Assets",
    "Inventory": "Current Assets",
    "Equipment": "Fixed Assets",
    "Accounts Payable": "Current Liabilities",
    "Term Loan": "Long Term Liabilities",
    "Retained Earnings": "Equity",
}
_BALANCES: dict[tuple[str, date], dict[str, str]] = {
    ("ACME", date(2025, 3, 31)): {
        "Cash": "1000.00", "Accounts Receivable": "400.00", "Inventory": "600.00",
        "Equipment": "2000.00", "Accounts Payable": "-500.00", "Term Loan": "-1500.00",
        "Retained Earnings": "-2000.00",
    },
    ("ACME", date(2025, 6, 30)): {
        "Cash": "1500.00", "Accounts Receivable": "500.00", "Inventory": "700.00",
        "Equipment": "2000.00", "Accounts Payable": "-800.00", "Term Loan": "-1400.00",
        "Retained Earnings": "-2500.00",
    },
    ("BETA", date(2025, 6, 30)): {"Cash": "9000.00", "Retained Earnings": "-9000.00"},
    ("GAMMA", date(2025, 5, 31)): {
        "Cash": "3000.00", "Accounts Receivable": "1000.00", "Accounts Payable": "-1600.00",
        "Term Loan": "-800.00", "Retained Earnings": "-1600.00",
    },
}  # fmt: skip


def _ask(state: Any, *questions: str, allowed: list[str] | None = None) -> analyst.Reply:
    """The last reply to the questions asked in turn (one conversation), 15 August 2025."""
    from elara.models import User
    from tests.dashboard import factories

    rows = [
        factories.Row(company, day, account, amount, _ACCOUNTS[account])
        for (company, day), lines in _BALANCES.items()
        for account, amount in lines.items()
    ]
    factories.create_dataset(state, rows, name="Trial balances")
    made = create_user(state, role="viewer", allowed_companies=allowed)
    with state.db.transaction() as session:
        user = session.get(User, made.id)
        ctx = builtin.context(session, user, today=date(2025, 8, 15), cache=None)
        kept = None
        for question in questions:
            reply, kept = analyst.ask(question, ctx, kept)
        return reply


def _values(reply: analyst.Reply) -> list[Decimal | None]:
    return [f.value for f in reply.figures]


class TestRanking:
    @pytest.mark.parametrize(
        ("question", "values", "said"),
        [
            # each company at its own latest date: BETA and ACME 30 June, GAMMA 31 May
            ("which company has the most cash", ["9000.00", "3000.00", "1500.00"],
             ["30 June 2025", "31 May 2025"]),
            ("rank our companies by total assets at the end of June 2025",
             ["9000.00", "4700.00", "4000.00"], ["30 June 2025", "31 May 2025"]),
            ("top 2 companies by cash", ["9000.00", "3000.00"], ["30 June 2025"]),
            ("which company has the lowest debt", ["800.00", "1400.00"], ["31 May 2025"]),
            ("rank companies by current ratio", ["3.38", "2.50"], ["30 June 2025"]),
            ("which company has the highest working capital", ["9000.00", "2400.00", "1900.00"],
             ["31 May 2025"]),
        ],
    )  # fmt: skip
    def test_each_company_at_its_own_latest_date(
        self, state: Any, question: str, values: list[str], said: list[str]
    ):
        reply = _ask(state, question)
        assert reply.kind == "answer", reply.text
        assert _values(reply) == [Decimal(v) for v in values], reply.text
        for words in said:
            assert words in reply.text

    def test_a_company_without_a_part_is_named_not_ranked(self, state: Any):
        reply = _ask(state, "rank companies by debt to equity")
        assert _values(reply) == [Decimal("0.56"), Decimal("0.50")], reply.text
        assert "Not ranked: BETA" in reply.text

    def test_a_company_without_a_balance_by_then_is_named_not_ranked(self, state: Any):
        reply = _ask(state, "rank our companies by total assets at the end of March 2025")
        assert _values(reply) == [Decimal("4000.00")], reply.text
        assert "31 March 2025" in reply.text
        assert "not ranked: BETA, GAMMA" in reply.text

    def test_only_the_asker_s_companies_are_ranked(self, state: Any):
        reply = _ask(state, "which company has the most cash", allowed=["ACME", "GAMMA"])
        assert _values(reply) == [Decimal("3000.00"), Decimal("1500.00")], reply.text
        assert "BETA" not in reply.text and "9,000" not in reply.text

    def test_a_follow_up_ranks_again_at_another_date(self, state: Any):
        reply = _ask(
            state, "which company has the most cash at the end of June 2025",
            "and at the end of March 2025?",
        )  # fmt: skip
        assert _values(reply) == [Decimal("1000.00")], reply.text
        assert "not ranked: BETA, GAMMA" in reply.text


class TestRatios:
    @pytest.mark.parametrize(
        ("question", "value", "said"),
        [
            ("what is ACME's current ratio at 31 March 2025?", "4.00",
             ["31 March 2025", "current assets USD 2,000.00", "current liabilities USD 500.00"]),
            ("ACME current ratio at the end of June 2025", "3.38",
             ["30 June 2025", "current assets USD 2,700.00", "current liabilities USD 800.00"]),
            ("ACME quick ratio", "2.50", ["30 June 2025", "less inventory USD 700.00"]),
            ("acid-test ratio for GAMMA", "2.50", ["31 May 2025", "no inventory account"]),
            ("what's ACME's debt-to-equity ratio as at 15 May 2025", "0.75",
             ["31 March 2025", "debt USD 1,500.00", "equity USD 2,000.00"]),
            ("GAMMA D/E ratio", "0.50", ["31 May 2025"]),
        ],
    )  # fmt: skip
    def test_a_ratio_to_2_decimals_with_its_parts(
        self, state: Any, question: str, value: str, said: list[str]
    ):
        reply = _ask(state, question)
        assert reply.kind == "answer", reply.text
        assert _values(reply) == [Decimal(value)], reply.text
        assert f"• {value}" in reply.text
        for words in said:
            assert words in reply.text, reply.text

    def test_several_companies_add_their_parts(self, state: Any):
        # (2,700 + 4,000) / (800 + 1,600): each at its own latest date
        reply = _ask(state, "what is our current ratio", allowed=["ACME", "GAMMA"])
        assert _values(reply) == [Decimal("2.79")], reply.text
        assert "BETA" not in reply.text

    @pytest.mark.parametrize(
        ("question", "part"),
        [
            ("BETA current ratio", "current liabilities"),
            ("debt to equity for BETA", "debt"),
            ("what is our current ratio", "current liabilities"),  # BETA's part is missing
        ],
    )
    def test_a_missing_part_is_declined(self, state: Any, question: str, part: str):
        reply = _ask(state, question)
        assert reply.kind == "cannot" and not reply.figures, reply.text
        assert "BETA" in reply.text and part in reply.text

    @pytest.mark.parametrize(
        "question",
        [
            "ACME current ratio at the end of 2024",  # before any balance
            "ACME debt to ebitda",
            "ACME current ratio and total assets",
            "what will ACME's current ratio be at the end of 2026",
        ],
    )
    def test_what_the_balances_cannot_say_is_still_declined(self, state: Any, question: str):
        reply = _ask(state, question)
        assert reply.kind in ("cannot", "ask") and not reply.figures, reply.text
