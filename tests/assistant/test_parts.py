"""The analyst's parts on their own: anchored and fiscal periods, company resolution, the
conversation store's bounds, and questions that must never raise (a 500)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from elara.assistant import analyst, builtin, conversations, metrics
from elara.assistant.reading import normalise, read, read_dimensions, read_periods
from elara.assistant.reading import respell as reading_respell
from elara.assistant.scope import Directory, resolve_chunk
from elara.assistant.timeframe import Calendar, anchor_month
from elara.core.money import cents_text, grouped_text
from elara.finance.kinds import AccountKind
from elara.models import AssistantConversation
from tests.assistant.analyst_data import COMPANIES, TODAY
from tests.assistant.analyst_eval import figures as judged
from tests.assistant.analyst_oracle import expected, per_company
from tests.factories import create_user


class TestPeriods:
    @pytest.mark.parametrize(
        ("last", "today", "anchor"),
        [
            (date(2026, 9, 28), date(2026, 11, 15), date(2026, 9, 1)),  # data ends before today
            (date(2026, 11, 3), date(2026, 11, 15), date(2026, 10, 1)),  # this month still runs
            (date(2026, 10, 31), date(2026, 11, 1), date(2026, 10, 1)),
            (None, date(2026, 1, 10), date(2025, 12, 1)),
        ],
    )
    def test_anchor_is_the_latest_complete_month_with_data(self, last, today, anchor):
        assert anchor_month(last, today) == anchor

    def test_fiscal_year_named_by_its_end(self):
        july, january = Calendar(date(2026, 9, 1), 7), Calendar(date(2026, 9, 1), 1)
        assert (july.fiscal_year(2026).start, july.fiscal_year(2026).end) == (
            date(2025, 7, 1),
            date(2026, 6, 30),
        )
        assert july.fiscal_quarter(2026, 3).start == date(2026, 1, 1)
        assert july.last_fiscal_year().label == "FY2026"
        assert july.fiscal_ytd().start == date(2026, 7, 1)
        assert january.fiscal_year(2026).start == date(2026, 1, 1)
        assert january.last_fiscal_year().label == "FY2025"

    def test_last_quarter_is_complete(self):
        assert Calendar(date(2026, 8, 1)).last_quarter().label == "Q2 2026"
        assert Calendar(date(2026, 9, 1)).last_quarter().label == "Q3 2026"
        assert Calendar(date(2026, 1, 1)).last_quarter().label == "Q4 2025"

    @pytest.mark.parametrize(
        ("words", "start", "end"),
        [
            ("revenue for the 12 months ended june 2026", date(2025, 7, 1), date(2026, 6, 30)),
            ("ebitda for the quarter ended march 2026", date(2026, 1, 1), date(2026, 3, 31)),
            ("revenue between january and march 2026", date(2026, 1, 1), date(2026, 3, 31)),
            ("revenue since march", date(2026, 3, 1), date(2026, 9, 30)),
            ("revenue since the start of 2025", date(2025, 1, 1), date(2026, 9, 30)),
            ("revenue for h1 fy2026", date(2025, 7, 1), date(2025, 12, 31)),
            ("margin in q3 fy24", date(2024, 1, 1), date(2024, 3, 31)),
            ("ebitda in the second half of last year", date(2025, 7, 1), date(2025, 12, 31)),
            ("opex over the last two quarters", date(2026, 4, 1), date(2026, 9, 30)),
            ("revenue in sept 2025", date(2025, 9, 1), date(2025, 9, 30)),
            ("opex for the year before last", date(2024, 1, 1), date(2024, 12, 31)),
            ("revenue jan-jun 2026", date(2026, 1, 1), date(2026, 6, 30)),
            ("revenue from march to august 2026", date(2026, 3, 1), date(2026, 8, 31)),
            ("ebitda in q2'26", date(2026, 4, 1), date(2026, 6, 30)),
            ("ebitda in 3q25", date(2025, 7, 1), date(2025, 9, 30)),
            ("operating income 2h 2025", date(2025, 7, 1), date(2025, 12, 31)),
            ("revenue 1h26", date(2026, 1, 1), date(2026, 6, 30)),
            ("revenue for the fourth quarter of fiscal 2025", date(2025, 4, 1), date(2025, 6, 30)),
            ("revenue this fiscal year so far", date(2026, 7, 1), date(2026, 9, 30)),
            ("revenue in the first quarter of this year", date(2026, 1, 1), date(2026, 3, 31)),
            ("revenue q1 of last year", date(2025, 1, 1), date(2025, 3, 31)),
            ("revenue in the first half of this year", date(2026, 1, 1), date(2026, 6, 30)),
            ("revenue for the last full quarter", date(2026, 7, 1), date(2026, 9, 30)),
            ("revenue for the prior quarter", date(2026, 7, 1), date(2026, 9, 30)),
            ("revenue for the last complete month", date(2026, 9, 1), date(2026, 9, 30)),
            ("net income for the first nine months of 2026", date(2026, 1, 1), date(2026, 9, 30)),
            ("revenue for the first 6 months of fy2026", date(2025, 7, 1), date(2025, 12, 31)),
        ],
    )
    def test_filing_and_relative_phrases(self, words, start, end):
        _, periods = read_periods(normalise(words), Calendar(date(2026, 9, 1), 7))
        assert [(p.start, p.end) for p in periods] == [(start, end)]

    def test_between_two_months_is_a_change_when_it_asks_for_one(self):
        text = normalise("how did revenue change between january and march 2026")
        _, periods = read_periods(text, Calendar(date(2026, 9, 1), 7))
        assert [p.start for p in periods] == [date(2026, 1, 1), date(2026, 3, 1)]

    @pytest.mark.parametrize(
        ("words", "first", "second"),
        [
            ("september 2026 vs the same month last year", date(2025, 9, 1), date(2026, 9, 1)),
            (
                "q2 2026 compared with the same quarter a year ago",
                date(2025, 4, 1),
                date(2026, 4, 1),
            ),
            ("revenue ytd vs prior ytd", date(2025, 1, 1), date(2026, 1, 1)),
            ("ytd compared with the same period last year", date(2025, 1, 1), date(2026, 1, 1)),
            ("q3 2026 vs a year earlier", date(2025, 7, 1), date(2026, 7, 1)),
            ("revenue in 2025 compared with the prior year", date(2024, 1, 1), date(2025, 1, 1)),
            ("revenue last quarter vs the quarter before", date(2026, 4, 1), date(2026, 7, 1)),
            ("revenue in september vs the previous month", date(2026, 8, 1), date(2026, 9, 1)),
        ],
    )
    def test_the_same_period_a_year_before(self, words, first, second):
        """ "the same month last year" is a year before the other period named (or the latest)."""
        _, periods = read_periods(normalise(words), Calendar(date(2026, 9, 1), 7))
        assert sorted(p.start for p in periods) == [first, second]
        assert periods[0].end < periods[1].start or periods[1].end < periods[0].start

    @pytest.mark.parametrize(
        ("question", "months"),
        [
            ("Revenue for Initech Software over the past 90 days", "the last 3 months"),
            ("Acme Corp opex for the last two weeks", "September 2026"),
            ("revenue yesterday", "September 2026"),
        ],
    )
    def test_days_and_weeks_are_asked_back_as_whole_months(
        self, analyst_data: Any, question: str, months: str
    ):
        """The data is monthly: a span of days is never answered as some other span."""
        with analyst_data.state.db.transaction() as session:
            user = analyst_data.user(session, "all")
            ctx = builtin.context(session, user, today=TODAY, cache=None)
            reply, _ = analyst.ask(question, ctx, None)
        assert reply.kind == "ask" and not reply.figures
        assert "can't answer" in reply.text and f"Did you mean {months}" in reply.text


class TestDimensions:
    DIMENSIONS = {
        "Region": ("East", "West"),
        "Segment": ("Consumer", "Home Office", "Total"),
        "Category": ("Furniture", "Acme Corp"),
        "Scenario": ("Actual", "Budget"),
    }
    DIRECTORY = Directory({"ACME": "Acme Corp"})

    @pytest.mark.parametrize(
        ("question", "where", "by"),
        [
            ("sales in the West region in 2025", [("Region", "West")], None),
            ("Home Office segment EBITDA", [("Segment", "Home Office")], None),
            ("furniture sales", [("Category", "Furniture")], None),
            ("top 3 regions by profit", [], "Region"),
            ("which customer segment had the lowest margin", [], "Segment"),
            ("West vs East revenue", [("Region", "West"), ("Region", "East")], None),
            ("East vs West revenue", [("Region", "East"), ("Region", "West")], None),
            # a value that is a filler word or a company's name is never read as a slice
            ("total revenue of Acme Corp", [], None),
            ("budget vs actual revenue", [("Scenario", "Budget"), ("Scenario", "Actual")], None),
        ],
    )
    def test_values_and_names(self, question, where, by):
        _, got, got_by = read_dimensions(normalise(question), self.DIMENSIONS, self.DIRECTORY)
        assert (got, got_by) == (where, by)

    def test_a_value_inside_an_account_name_is_the_account(self):
        dimensions = {"Segment": ("Services", "Retail")}
        text = normalise("services revenue for retail")
        _, where, _ = read_dimensions(text, dimensions, self.DIRECTORY, ["Services Revenue"])
        assert where == [("Segment", "Retail")]

    def test_a_dimension_word_is_not_refused_as_customers_or_products(self):
        reading = read(
            "which customer segment had the highest revenue by product category",
            directory=self.DIRECTORY,
            accounts={},
            cal=Calendar(date(2026, 9, 1)),
            dimensions=self.DIMENSIONS,
        )
        assert reading.cannot is None and reading.by == "Segment"

    def test_except_leaves_a_company_out(self):
        directory = Directory({"ACME": "Acme Corp", "GLBX": "Globex", "INIT": "Initech"})
        reading = read(
            "revenue of all companies except Globex",
            directory=directory,
            accounts={},
            cal=Calendar(date(2026, 9, 1)),
        )
        assert reading.companies.codes == ["ACME", "INIT"] and reading.excluded == ["GLBX"]


class TestScope:
    DIRECTORY = Directory({"ACME": "Acme Corp", "ACMR": "Acme Retail", "GLBX": "Globex Industries"})

    @pytest.mark.parametrize(
        ("words", "codes", "ask", "unknown"),
        [
            ("acme corp", ["ACME"], None, []),
            ("glbx", ["GLBX"], None, []),
            ("globex", ["GLBX"], None, []),
            ("acme", [], ["ACME", "ACMR"], []),
            ("acme holdings", [], ["ACME", "ACMR"], []),
            ("globx industries", [], ["GLBX"], []),
            ("globx", [], ["GLBX"], []),
            ("hooli", [], None, ["hooli"]),
        ],
    )
    def test_resolve(self, words, codes, ask, unknown):
        found = resolve_chunk(words.split(), self.DIRECTORY)
        assert (found.codes, found.ask, found.unknown) == (codes, ask, unknown)

    @pytest.mark.parametrize(
        ("words", "codes", "ask"),
        [
            ("northwind traders", ["Northwind Traders LLC"], None),
            ("wolfe industrial", ["Wolfe Industrial Inc."], None),
            ("wolfe industrial inc", ["Wolfe Industrial Inc."], None),
            ("acme", [], ["Acme GmbH", "Acme Ltd"]),  # the same name, two legal forms: asked
            ("acme ltd", ["Acme Ltd"], None),
        ],
    )
    def test_legal_form_may_be_left_out(self, words, codes, ask):
        """Company codes taken from a statement's title carry the legal form ("Northwind
        Traders LLC"); people leave it out."""
        names = ["Northwind Traders LLC", "Wolfe Industrial Inc.", "Acme Ltd", "Acme GmbH"]
        found = resolve_chunk(words.split(), Directory({n: n for n in names}))
        assert (found.codes, found.ask) == (codes, ask)

    def test_only_visible_companies_are_candidates(self):
        found = resolve_chunk(["acme", "retail"], Directory({"ACME": "Acme Corp"}))
        assert found.unknown == ["acme retail"] and not found.codes and found.ask is None


def _now() -> datetime:
    return datetime(2026, 11, 15, 12, tzinfo=UTC)


class TestConversations:
    def test_bounded_and_expiring(self, analyst_data: Any):
        user_id = create_user(analyst_data.state, role="viewer").id
        with analyst_data.state.db.transaction() as session:
            row = None
            for n in range(conversations.MAX_TURNS + 5):
                row = conversations.save(
                    session, user_id=user_id, row=row, state={}, turn={"n": n}, now=_now()
                )
            assert len(row.turns) == conversations.MAX_TURNS and row.turns[-1] == {"n": 24}
            for _ in range(conversations.MAX_CONVERSATIONS + 3):
                conversations.save(
                    session, user_id=user_id, row=None, state={}, turn={}, now=_now()
                )
            mine = session.query(AssistantConversation).filter_by(user_id=user_id).count()
            assert mine == conversations.MAX_CONVERSATIONS
            later = _now() + conversations.IDLE + timedelta(seconds=1)
            assert (
                conversations.load(session, user_id=user_id, conversation_id=row.id, now=later)
                is None
            )


QUESTIONS = [
    "why?", "by month", "and the year before?", "compare", "top", "yes", "?", "2025", "revenue",
    "revenue 2099", "revenue in 1990", "revenue from 2025 to 2024", "top 0 companies by revenue",
    "top 1000 companies by revenue in 2025", "which companies grew", "ratio of revenue to revenue",
    "share of revenue", "Q5 2025 revenue", "revenue in feb", "past 0 months revenue",
    "last 100 months revenue", "ebitda margin trend", "revenue " * 50, "%%%%",
    "revenue of Acme Corp in 2025; DROP TABLE users", "difference between Acme Corp and Acme Corp",
    "interest as % of EBITDA in 2025", "FY2026 Q5", "fiscal q0 2026", "\U0001f642 revenue",
    "revenue for the first 0 months of 2026", "first 13 months of 2026 revenue", "revnue margn",
    "how much of revenue came from", "rank all companies by growth %",
]  # fmt: skip


@pytest.mark.parametrize("follow", ["", "ebitda margin trend", "Revenue of Acme Corp in 2025"])
def test_never_raises(analyst_data: Any, follow: str):
    """Odd questions, alone and as follow-ups, always give an answer, an ask-back or a "cannot"."""
    with analyst_data.state.db.transaction() as session:
        user = analyst_data.user(session, "all")
        ctx = builtin.context(session, user, today=TODAY, cache=None)
        for question in QUESTIONS:
            state = analyst.ask(follow, ctx, None)[1] if follow else None
            reply, _ = analyst.ask(question, ctx, state)
            out = builtin.to_chat_out(reply, ctx, question=question, conversation_id="x")
            assert out.kind in ("answer", "ask", "cannot")
            assert out.kind == "answer" or not out.figures


def test_follow_up_after_access_was_narrowed(analyst_data: Any):
    """A conversation about Globex goes on after the user lost access to it: no figure for it."""
    with analyst_data.state.db.transaction() as session:
        everyone = builtin.context(
            session, analyst_data.user(session, "all"), today=TODAY, cache=None
        )
        _, state = analyst.ask("Revenue of Globex Industries in 2025", everyone, None)
        narrowed = builtin.context(
            session, analyst_data.user(session, "acme_only"), today=TODAY, cache=None
        )
        reply, _ = analyst.ask("and in 2024?", narrowed, state)
        assert reply.kind == "ask" and not reply.figures and "GLBX" not in reply.text


def test_unclassified_amounts_are_never_added_into_a_metric() -> None:
    """As on the dashboard: an account with no kind is kept apart, not counted as income."""
    amounts = {"Sales": Decimal(100), "Rent": Decimal(-30), "Mystery": Decimal(50)}
    kinds = {"Sales": AccountKind.revenue, "Rent": AccountKind.operating_expense, "Mystery": None}
    assert metrics.money_value("net_income", amounts, kinds) == Decimal(70)
    assert metrics.money_value("revenue", amounts, kinds) == Decimal(100)
    assert metrics.money_value("expenses", amounts, kinds) == Decimal(30)


def test_subtotal_lines_are_never_added_and_are_shown_as_stated() -> None:
    """A statement's subtotal lines: out of every metric; asked by name, as the file states
    them (a subtotal of costs as a positive cost)."""
    kinds = {
        "Sales": AccountKind.revenue,
        "Rent": AccountKind.operating_expense,
        "Net Income": AccountKind.subtotal,
        "Total Operating Expenses": AccountKind.subtotal,
    }
    amounts = {
        "Sales": Decimal("100"),
        "Rent": Decimal("-30"),
        "Net Income": Decimal("70"),
        "Total Operating Expenses": Decimal("-30"),
    }
    assert metrics.money_value("net_income", amounts, kinds) == Decimal("70")
    assert metrics.money_value("opex", amounts, kinds) == Decimal("30")
    assert metrics.money_value("account:Net Income", amounts, kinds) == Decimal("70")
    assert metrics.money_value("account:Total Operating Expenses", amounts, kinds) == Decimal("30")


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        (
            "Which region grew revenue the most from 2024 to 2025?",
            {"op": "rank_change", "by": "Region", "top": 1},
        ),
        (
            "Which categories grew sales between 2024 and 2025?",
            {"op": "which_grew", "by": "Category"},
        ),
        (
            "How did each segment's revenue change from 2024 to 2025?",
            {"op": "rank_change", "by": "Segment"},
        ),
    ],
)
def test_changes_by_dimension_rank_its_values(analyst_data: Any, question: str, spec: dict) -> None:
    """A change asked per region / segment ranks those values, never the companies."""
    periods = [["2024-01-01", "2024-12-31"], ["2025-01-01", "2025-12-31"]]
    want = expected({**spec, "metric": "revenue", "periods": periods}, analyst_data.rows)
    with analyst_data.state.db.transaction() as session:
        ctx = builtin.context(session, analyst_data.user(session, "all"), today=TODAY, cache=None)
        reply, _ = analyst.ask(question, ctx, None)
    assert reply.plan is not None and reply.plan.by == spec["by"]
    assert judged(reply) == want


def test_two_values_combined_are_one_total(analyst_data: Any) -> None:
    """ "East and West combined": one total over both values (the dashboard's filter ORs them)."""
    year = ["2025-01-01", "2025-12-31"]
    east, west = (
        expected({"op": "value", "where": {"Region": r}, "period": year}, analyst_data.rows)
        for r in ("East", "West")
    )
    with analyst_data.state.db.transaction() as session:
        ctx = builtin.context(session, analyst_data.user(session, "all"), today=TODAY, cache=None)
        combined, _ = analyst.ask(
            "revenue for the east and west regions combined in 2025", ctx, None
        )
        apart, _ = analyst.ask("revenue for the east and west regions in 2025", ctx, None)
    assert [cents_text(f.value) for f in combined.figures] == [
        cents_text(Decimal(east["value"]) + Decimal(west["value"]))
    ]
    assert [(f.key, cents_text(f.value)) for f in apart.figures] == [
        ("East", east["value"]),
        ("West", west["value"]),
    ]


def _answer(analyst_data: Any, question: str) -> analyst.Reply:
    with analyst_data.state.db.transaction() as session:
        ctx = builtin.context(session, analyst_data.user(session, "all"), today=TODAY, cache=None)
        reply, _ = analyst.ask(question, ctx, None)
    return reply


YEARS = [["2024-01-01", "2024-12-31"], ["2025-01-01", "2025-12-31"]]


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        (
            "top 3 months for Northwind Traders revenue in 2025",
            {"op": "rank_period", "granularity": "month", "top": 3, "companies": ["NWT"],
             "period": ["2025-01-01", "2025-12-31"]},
        ),
        (
            "Which month had the lowest gross margin for Acme Corp in FY2026?",
            {"op": "rank_period", "granularity": "month", "top": 1, "order": "asc",
             "metric": "gross_margin", "companies": ["ACME"],
             "period": ["2025-07-01", "2026-06-30"]},
        ),
        (
            "Which region had the fastest revenue growth between 2024 and 2025?",
            {"op": "rank_change", "by": "Region", "percent": True, "top": 1, "periods": YEARS},
        ),
        (
            "Which company's net income fell the most from 2024 to 2025?",
            {"op": "rank_change", "metric": "net_income", "order": "asc", "top": 1,
             "periods": YEARS},
        ),
        (
            "Why did Acme Corp's opex increase in 2025 vs 2024?",
            {"op": "why", "metric": "opex", "companies": ["ACME"], "periods": YEARS},
        ),
        (
            "What are Wayne Enterprises' main spending categories in 2025?",
            {"op": "accounts", "companies": ["WAYN"], "period": ["2025-01-01", "2025-12-31"]},
        ),
    ],
)  # fmt: skip
def test_best_periods_growth_rates_and_drivers(
    analyst_data: Any, question: str, spec: dict
) -> None:
    """Best / worst months, growth in percent, a metric's own drivers, cost lines."""
    want = expected({"metric": "revenue", **spec}, analyst_data.rows)
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == spec["op"]
    assert judged(reply) == want
    if spec["op"] == "why":  # only opex accounts explain opex
        assert "Cost of Goods Sold" not in want and "Sales Revenue" not in want


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        (
            "How much did Umbrella Health lose in 2025?",
            {"op": "value", "metric": "net_income", "companies": ["UMBR"]},
        ),
        (
            "What percentage of Acme Corp's costs were salaries in 2025?",
            {"op": "ratio", "numerator": "account:Salaries and Wages", "denominator": "expenses",
             "companies": ["ACME"]},
        ),
        (
            "How many companies made a loss in 2025?",
            {"op": "which", "metric": "net_income", "condition": "below", "threshold": 0},
        ),
        ("Top 3 expenses for the group in 2025", {"op": "accounts", "top": 3}),
        (
            "Revenue for Product Technology in 2025",
            {"op": "value", "where": {"Category": "Technology"}},
        ),
        ("most profitable company in 2025", {"op": "rank", "metric": "net_income", "top": 1}),
        (
            "Which companies exceeded 5 million in revenue in 2025?",
            {"op": "which", "condition": "above", "threshold": 5000000},
        ),
        (
            "companies with revenue over 10m in 2025",
            {"op": "which", "condition": "above", "threshold": 10000000},
        ),
        (
            "How much did Acme Corp spend in total in 2025?",
            {"op": "value", "metric": "expenses", "companies": ["ACME"]},
        ),
        (
            "What are operating expenses as a percent of sales for each company in 2025?",
            {"op": "rank", "metric": "opex_ratio"},
        ),
        (
            "Which of our companies had the largest revenue in the Consumer segment in 2025?",
            {"op": "rank", "top": 1, "where": {"Segment": "Consumer"}},
        ),
    ],
)  # fmt: skip
def test_everyday_wording(analyst_data: Any, question: str, spec: dict) -> None:
    """ "lose", "% of costs", "how many companies", "top 3 expenses", "which of our companies"."""
    spec = {"metric": "revenue", "period": ["2025-01-01", "2025-12-31"], **spec}
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == spec["op"]
    assert dict(reply.plan.where) == spec.get("where", {})
    got = judged(reply)
    want = expected(spec, analyst_data.rows)
    assert (list(got.values()) if spec["op"] == "ratio" else got) == (
        list(want.values()) if spec["op"] == "ratio" else want
    )
    if spec.get("where"):  # the slice is stated in the answer's first line
        name, value = next(iter(spec["where"].items()))
        assert f"{name} {value}" in reply.text.splitlines()[0]


def test_growth_without_a_metric_is_revenue_growth_and_says_so(analyst_data: Any) -> None:
    reply = _answer(analyst_data, "Which segment grew the most from 2024 to 2025?")
    spec = {"op": "rank_change", "by": "Segment", "top": 1, "metric": "revenue", "periods": YEARS}
    assert judged(reply) == expected(spec, analyst_data.rows)
    assert "revenue" in reply.text.splitlines()[0]


def test_this_year_against_last_year_compares_the_same_months(analyst_data: Any) -> None:
    """ "this year's revenue vs last year's": January-September of both, never 9 months vs 12."""
    reply = _answer(analyst_data, "Compare this year's revenue to last year's for Initech")
    ytd = [["2025-01-01", "2025-09-30"], ["2026-01-01", "2026-09-30"]]
    spec = {"op": "change", "metric": "revenue", "companies": ["INIT"], "periods": ytd}
    assert judged(reply) == expected(spec, analyst_data.rows)


def test_a_follow_up_naming_another_company_instead(analyst_data: Any) -> None:
    with analyst_data.state.db.transaction() as session:
        ctx = builtin.context(session, analyst_data.user(session, "all"), today=TODAY, cache=None)
        _, state = analyst.ask("Acme Corp revenue 2025", ctx, None)
        reply, _ = analyst.ask("for Globex instead", ctx, state)
    assert reply.kind == "answer" and reply.scope == ["GLBX"]


def test_best_period_without_a_metric_is_by_revenue_and_says_so(analyst_data: Any) -> None:
    reply = _answer(analyst_data, "Which quarter was best for Stark Logistics last year?")
    spec = {"op": "rank_period", "granularity": "quarter", "top": 1, "metric": "revenue",
            "companies": ["STRK"], "period": ["2025-01-01", "2025-12-31"]}  # fmt: skip
    assert judged(reply) == expected(spec, analyst_data.rows)
    assert "by revenue" in reply.text.splitlines()[0]
    assert _answer(analyst_data, "what month is it").kind == "cannot"


def _by_metric(reply: analyst.Reply) -> list[tuple[str | None, dict[str, str]]]:
    """The reply's figures grouped by the metric they answer, in the order given."""
    out: list[tuple[str | None, dict[str, str]]] = []
    for f in reply.figures:
        if not out or out[-1][0] != f.metric:
            out.append((f.metric, {}))
        text = cents_text(f.value)
        if f.ends is not None:  # a change with both periods' amounts, as the oracle states it
            text += f" [{cents_text(f.ends[0])} -> {cents_text(f.ends[1])}]"
        out[-1][1][f.key] = text
    return out


Q3_2026 = ["2026-07-01", "2026-09-30"]
Y2025 = ["2025-01-01", "2025-12-31"]


@pytest.mark.parametrize(
    ("question", "names", "spec"),
    [
        (
            "revenue, COGS and gross profit for Q3 2026",
            ["revenue", "cogs", "gross_profit"],
            {"op": "value", "period": Q3_2026},
        ),
        (
            "show me sales and net income by region in 2025",
            ["revenue", "net_income"],
            {"op": "rank", "by": "Region", "period": Y2025},
        ),
        (
            "what were revenue and expenses last year?",
            ["revenue", "expenses"],
            {"op": "value", "period": Y2025},
        ),
        (
            "Acme Corp EBITDA margin and revenue by quarter in 2025",
            ["ebitda_margin", "revenue"],
            {"op": "series", "granularity": "quarter", "companies": ["ACME"], "period": Y2025},
        ),
        (
            "compare opex and net income for Initech and Globex in 2025",
            ["opex", "net_income"],
            {"op": "compare", "companies": ["INIT", "GLBX"], "period": Y2025},
        ),
        (
            "How did Stark Logistics' revenue and gross margin change from 2024 to 2025?",
            ["revenue", "gross_margin"],
            {"op": "change", "companies": ["STRK"], "periods": YEARS},
        ),
        (
            "Gross profit and margin for Acme Corp in 2025",
            ["gross_profit", "gross_margin"],
            {"op": "value", "companies": ["ACME"], "period": Y2025},
        ),
        (
            "Salaries and total expenses for Acme Corp in 2025",
            ["account:Salaries and Wages", "expenses"],
            {"op": "value", "companies": ["ACME"], "period": Y2025},
        ),
        (
            "top 3 companies by revenue and net income in the West region in 2025",
            ["revenue", "net_income"],
            {"op": "rank", "top": 3, "where": {"Region": "West"}, "period": Y2025},
        ),
    ],
)
def test_several_metrics_are_each_answered(
    analyst_data: Any, question: str, names: list[str], spec: dict
) -> None:
    """Every metric named, in the order asked, with the same operation, scope, period and
    filters — each figure the oracle's."""
    reply = _answer(analyst_data, question)
    assert reply.kind == "answer" and reply.plan is not None and reply.plan.op == spec["op"]
    assert dict(reply.plan.where) == spec.get("where", {})
    groups = _by_metric(reply)
    assert [label for label, _ in groups] == [metrics.lookup(n).label for n in names]
    for (_, got), name in zip(groups, names, strict=True):
        assert got == expected({**spec, "metric": name}, analyst_data.rows), name
    heads = [line for line in reply.text.splitlines() if line and not line.startswith("•")]
    assert len(heads) == len(names)  # one headline per metric, in the order asked
    for head, name in zip(heads, names, strict=True):
        assert metrics.lookup(name).label.lower() in head.lower()


def test_several_metrics_follow_up_keeps_them(analyst_data: Any) -> None:
    """ "and in 2024?" after two metrics answers both again, for 2024."""
    with analyst_data.state.db.transaction() as session:
        ctx = builtin.context(session, analyst_data.user(session, "all"), today=TODAY, cache=None)
        _, state = analyst.ask("Umbrella Health revenue and net income in 2025", ctx, None)
        reply, _ = analyst.ask("and in 2024?", ctx, state)
    spec = {"op": "value", "companies": ["UMBR"], "period": YEARS[0]}
    got = [figures for _, figures in _by_metric(reply)]
    assert got == [
        expected({**spec, "metric": n}, analyst_data.rows) for n in ("revenue", "net_income")
    ]


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        (
            "largest month-over-month drop in revenue",
            {"top": 1, "order": "asc", "sign": "falls"},
        ),
        (
            "which month had the biggest MoM increase in expenses",
            {"top": 1, "sign": "rises", "metric": "expenses"},
        ),
        (
            "revenue MoM change for the last 6 months",
            {"period": ["2026-04-01", "2026-09-30"]},
        ),
        (
            "Globex Industries revenue month on month in 2025",
            {"companies": ["GLBX"], "period": Y2025},
        ),
        (
            "top 3 m/m falls in Acme Corp's net income in 2025",
            {"top": 3, "order": "asc", "sign": "falls", "metric": "net_income",
             "companies": ["ACME"], "period": Y2025},
        ),
        (
            "which month had the biggest revenue drop in 2025",
            {"top": 1, "order": "asc", "sign": "falls", "period": Y2025},
        ),
        (
            "Which month saw the largest increase in expenses in 2025?",
            {"top": 1, "sign": "rises", "metric": "expenses", "period": Y2025},
        ),
        (
            "month-over-month change in revenue in the Consumer segment last quarter",
            {"where": {"Segment": "Consumer"}, "period": Q3_2026},
        ),
    ],
)  # fmt: skip
def test_month_over_month(analyst_data: Any, question: str, spec: dict) -> None:
    """Each month against the month before it — never a change against a year earlier."""
    spec = {"op": "mom", "metric": "revenue", **spec}
    reply = _answer(analyst_data, question)
    assert reply.kind == "answer" and reply.plan is not None and reply.plan.op == "mom"
    assert reply.plan.periods is None and dict(reply.plan.where) == spec.get("where", {})
    want = expected(spec, analyst_data.rows)
    assert want and judged(reply) == want
    assert "month-over-month" in reply.text.splitlines()[0].lower()


def test_month_over_month_for_several_metrics(analyst_data: Any) -> None:
    reply = _answer(analyst_data, "revenue and expenses m/m for the last 3 months")
    spec = {"op": "mom", "period": Q3_2026}
    got = [figures for _, figures in _by_metric(reply)]
    assert got == [
        expected({**spec, "metric": n}, analyst_data.rows) for n in ("revenue", "expenses")
    ]


@pytest.mark.parametrize(
    "question",
    [
        "which company had the biggest MoM drop in revenue",
        "which region grew most month over month",
    ],
)
def test_month_over_month_rankings_of_companies_are_declined(
    analyst_data: Any, question: str
) -> None:
    reply = _answer(analyst_data, question)
    assert reply.kind == "cannot" and not reply.figures and "month-over-month" in reply.text


@pytest.mark.parametrize(
    ("question", "line", "closest"),
    [
        ("how much did we spend on travel", "travel", []),
        ("What were our travel expenses in 2025?", "travel", []),
        ("what did Acme Corp spend on advertsing last year", "advertsing", ["Marketing"]),
        ("How much did we pay for salary in 2025?", None, None),  # an account: answered
        ("how much did we spend on deprecation costs", "deprecation", ["Depreciation"]),
        ("Acme Corp marketing expenses in 2025", None, None),  # the account's own word
        ("staff expenses for Acme Corp in 2025", None, None),  # salaries
    ],
)
def test_an_unknown_cost_line_names_the_closest_accounts(
    analyst_data: Any, question: str, line: str | None, closest: list[str] | None
) -> None:
    """No account is called so: no figure, and the accounts that exist (the user's only)."""
    reply = _answer(analyst_data, question)
    if line is None:
        assert reply.kind == "answer" and reply.plan is not None
        assert reply.plan.metric.startswith("account:") and not reply.plan.also
        return
    assert reply.kind == "cannot" and not reply.figures
    assert f"“{line}”" in reply.text and "Your cost accounts: " in reply.text
    assert "Salaries and Wages" in reply.text and "Sales Revenue" not in reply.text
    if closest:
        assert f"Did you mean {closest[0]}?" in reply.text
    else:
        assert "Did you mean" not in reply.text


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        (
            "whats Acme Corp's gross margn in 2025",
            {"op": "value", "metric": "gross_margin", "companies": ["ACME"]},
        ),
        ("revnue for Wayne Enterprises in 2025", {"op": "value", "companies": ["WAYN"]}),
        (
            "operating expences Stark Logistics 2025",
            {"op": "value", "metric": "opex", "companies": ["STRK"]},
        ),
        ("NWT rev 2025", {"op": "value", "companies": ["NWT"]}),
        (
            "Northwind's opex-to-sales ratio in 2025",
            {"op": "value", "metric": "opex_ratio", "companies": ["NWT"]},
        ),
        (
            "How much of the group's gross profit in 2025 came from Wayne Enterprises?",
            {"op": "share", "metric": "gross_profit", "companies": ["WAYN"],
             "whole_companies": []},
        ),
        (
            "Variance in Acme Corp net income, 2025 vs 2024",
            {"op": "change", "metric": "net_income", "companies": ["ACME"], "periods": YEARS},
        ),
        (
            "Rank all companies by revenue growth % from 2024 to 2025",
            {"op": "rank_change", "percent": True, "top": 8, "periods": YEARS},
        ),
        (
            "Rank companies by net income growth from 2024 to 2025",
            {"op": "rank_change", "metric": "net_income", "top": 8, "periods": YEARS},
        ),
    ],
)  # fmt: skip
def test_typos_ratios_shares_and_variances(analyst_data: Any, question: str, spec: dict) -> None:
    """A metric word one typo away, "rev", "X-to-Y ratio", "how much of … came from X",
    "variance" between two periods, a ranking by growth (held-out batch 6's misses)."""
    spec = {"metric": "revenue", "period": ["2025-01-01", "2025-12-31"], **spec}
    reply = _answer(analyst_data, question)
    assert reply.kind == "answer" and reply.plan is not None
    assert reply.plan.op == spec["op"] and list(reply.scope) == spec.get("companies", [])
    got = judged(reply)
    want = expected(spec, analyst_data.rows)
    assert (list(got.values()) if len(want) == 1 else got) == (
        list(want.values()) if len(want) == 1 else want
    )


@pytest.mark.parametrize(
    "question",
    [
        "Marin Corp revenue in 2025",  # a capitalised name is not respelled into "margin"
        "What did Acme Corp spend on advertsing last year",  # an account word is asked back
    ],
)
def test_names_and_account_words_are_not_respelled(analyst_data: Any, question: str) -> None:
    reply = _answer(analyst_data, question)
    assert reply.kind in ("ask", "cannot") and not reply.figures
    assert "margin" not in reply.text.lower().split("can answer")[0]


@pytest.mark.parametrize(
    "question",
    [
        "How many months of runway do we have?",
        "What's our burn rate?",
        "What's the ARR for Initech Software?",
        "What's our CAC payback?",
        "Free cash flow for Stark Logistics in 2025",
        "Stark Logistics capex in 2025",
        "What's our MRR?",
    ],
)
def test_cash_and_unit_economics_are_refused(analyst_data: Any, question: str) -> None:
    """No cash, customers or recurring revenue in the ledger: refused, never asked back as a
    company or answered with revenue."""
    reply = _answer(analyst_data, question)
    assert reply.kind == "cannot" and not reply.figures
    assert "can't answer that from your data" in reply.text


def test_a_slice_share_names_the_companies_it_is_of(analyst_data: Any) -> None:
    reply = _answer(
        analyst_data, "How much of Acme Corp's revenue in 2025 came from the Consumer segment?"
    )
    assert reply.plan is not None and reply.plan.op == "share"
    assert (
        "in the revenue of every Segment of Acme Corp (ACME) in 2025" in reply.text.splitlines()[0]
    )
    want = expected(
        {"op": "share", "metric": "revenue", "companies": ["ACME"],
         "where": {"Segment": "Consumer"}, "period": ["2025-01-01", "2025-12-31"]},
        analyst_data.rows,
    )  # fmt: skip
    assert [cents_text(f.value) for f in reply.figures] == list(want.values())


@pytest.mark.parametrize(
    ("question", "percent", "limit"),
    [
        ("Which companies grew revenue more than 10% in 2025?", True, Decimal(10)),
        ("Which companies grew net income by more than 100000 from 2024 to 2025?", False,
         Decimal(100000)),
    ],
)  # fmt: skip
def test_which_grew_past_a_threshold(
    analyst_data: Any, question: str, percent: bool, limit: Decimal
) -> None:
    """Only those whose growth passes the threshold (in % when it is), never every grower."""
    metric = "revenue" if "revenue" in question else "net_income"
    spec = {"op": "rank_change", "metric": metric, "percent": percent, "top": 8, "periods": YEARS}
    every = expected(spec, analyst_data.rows)
    change = {c: Decimal(v.split()[0]) for c, v in every.items()}  # "change [earlier -> later]"
    want = {c: v for c, v in sorted(every.items()) if change[c] > limit}
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == "which_grew"
    assert judged(reply) == want
    assert 0 < len(want) < len([v for v in change.values() if v > 0])


@pytest.mark.parametrize(
    "question",
    [
        "Which companies' opex grew faster than revenue in 2025?",
        "Did Acme Corp's expenses outpace revenue growth from 2024 to 2025?",
    ],
)
def test_one_metric_growth_against_another_is_declined(analyst_data: Any, question: str) -> None:
    """Not answered as "which grew" of the first metric alone."""
    reply = _answer(analyst_data, question)
    assert reply.kind == "cannot" and not reply.figures
    assert "don't compare the growth of one metric with another" in reply.text


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        (
            "Show me net income for Wayne Enterprises for each of the last 4 quarters",
            {"op": "series", "granularity": "quarter", "metric": "net_income",
             "companies": ["WAYN"], "period": ["2025-10-01", "2026-09-30"]},
        ),
        (
            "Which company has the worst cost of sales ratio in 2025?",
            {"op": "rank", "metric": "cogs_ratio", "top": 1,
             "period": ["2025-01-01", "2025-12-31"]},
        ),
        (
            "Best company by opex ratio in 2025",
            {"op": "rank", "metric": "opex_ratio", "order": "asc", "top": 1,
             "period": ["2025-01-01", "2025-12-31"]},
        ),
        (
            "Worst month for Acme Corp's opex in 2025",
            {"op": "rank_period", "granularity": "month", "metric": "opex", "top": 1,
             "companies": ["ACME"], "period": ["2025-01-01", "2025-12-31"]},
        ),
        (
            "Opex as % of revenue for Acme Corp, Q3 2026 vs Q3 2025",
            {"op": "change", "metric": "opex_ratio", "companies": ["ACME"],
             "periods": [["2025-07-01", "2025-09-30"], ["2026-07-01", "2026-09-30"]]},
        ),
        (
            "How are we tracking vs last year on revenue?",
            {"op": "change", "metric": "revenue",
             "periods": [["2025-01-01", "2025-09-30"], ["2026-01-01", "2026-09-30"]]},
        ),
    ],
)  # fmt: skip
def test_each_of_the_last_quarters_cost_ratios_and_tracking(
    analyst_data: Any, question: str, spec: dict
) -> None:
    """ "each of the last 4 quarters" is a series; a cost ratio's "worst" is its highest; a
    ratio between two periods is its change in points; "vs last year" is YTD against prior YTD."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == spec["op"]
    assert list(reply.scope) == spec.get("companies", [])
    assert judged(reply) == expected(spec, analyst_data.rows)


def _conversation(analyst_data: Any, questions: list[str]) -> analyst.Reply:
    state = None
    with analyst_data.state.db.transaction() as session:
        ctx = builtin.context(session, analyst_data.user(session, "all"), today=TODAY, cache=None)
        for question in questions:
            reply, state = analyst.ask(question, ctx, state)
    return reply


Q3S = [["2025-07-01", "2025-09-30"], ["2026-07-01", "2026-09-30"]]


@pytest.mark.parametrize(
    ("questions", "spec"),
    [
        (
            ["Revenue by segment Q3 2026", "only Corporate"],
            {"op": "value", "where": {"Segment": "Corporate"},
             "period": ["2026-07-01", "2026-09-30"]},
        ),
        (
            ["Revenue by segment Q3 2026", "only Corporate", "compare with last year"],
            {"op": "change", "where": {"Segment": "Corporate"}, "periods": Q3S},
        ),
        (
            ["Revenue by segment Q3 2026", "compare with last year"],
            {"op": "rank_change", "by": "Segment", "periods": Q3S},
        ),
        (
            ["Acme Corp revenue Q3 2026", "vs last year"],
            {"op": "change", "companies": ["ACME"], "periods": Q3S},
        ),
    ],
)  # fmt: skip
def test_a_slice_of_the_ranked_dimension_and_last_year_follow_ups(
    analyst_data: Any, questions: list[str], spec: dict
) -> None:
    """A value of the dimension just ranked is that value's figure (never the dimension ranked
    inside its own slice); "compare with last year" is the same period a year before."""
    spec = {"metric": "revenue", **spec}
    reply = _conversation(analyst_data, questions)
    assert reply.plan is not None and reply.plan.op == spec["op"]
    assert reply.plan.by == spec.get("by") and dict(reply.plan.where) == spec.get("where", {})
    assert judged(reply) == expected(spec, analyst_data.rows)


def test_cost_accounts_ranked_by_their_change(analyst_data: Any) -> None:
    """ "which expense lines grew the most": cost accounts by their change, rises only, each with
    both periods' amounts; "fell the most" with no fall says so (no rise shown as a fall); "which
    company's costs" still ranks companies."""
    q2_q3 = [["2026-04-01", "2026-06-30"], ["2026-07-01", "2026-09-30"]]
    reply = _answer(analyst_data, "Which expense lines grew the most at Stark Logistics in 2025?")
    assert reply.plan is not None and reply.plan.op == "account_change"
    spec = {"op": "account_change", "metric": "expenses", "companies": ["STRK"], "top": 3,
            "sign": "rises", "periods": YEARS}  # fmt: skip
    want = expected(spec, analyst_data.rows)
    assert judged(reply) == want and len(want) == 3
    first = reply.figures[0]
    assert first.ends is not None and first.ends[1] - first.ends[0] == first.value
    before, after = (grouped_text(v) for v in first.ends)
    assert f"(2024: USD {before} → 2025: USD {after})" in reply.text.splitlines()[1]

    none = _answer(analyst_data, "Which expense line dropped the most at Globex from 2024 to 2025?")
    assert none.plan is not None and none.plan.op == "account_change" and not none.figures
    assert "no cost account fell" in none.text
    assert not [v for v in expected({**spec, "companies": ["GLBX"], "sign": None, "top": 7},
                                    analyst_data.rows).values() if v.startswith("-")]  # fmt: skip

    falls = _conversation(analyst_data, ["Which cost line fell the most at Acme Retail last "
                                         "quarter?", "top 3?"])  # fmt: skip
    assert falls.plan is not None and falls.plan.ascending and falls.plan.top == 3
    spec = {"op": "account_change", "metric": "expenses", "companies": ["ACMR"], "top": 3,
            "sign": "falls", "order": "asc", "periods": q2_q3}  # fmt: skip
    assert judged(falls) == expected(spec, analyst_data.rows)
    assert "largest falls first" in falls.text

    companies = _answer(analyst_data, "Which company's costs increased the most last quarter?")
    assert companies.plan is not None and companies.plan.op == "rank_change"
    assert [p.start.isoformat() for p in companies.plan.periods or ()] == [q2_q3[0][0], q2_q3[1][0]]


H1S = [["2025-01-01", "2025-06-30"], ["2026-01-01", "2026-06-30"]]


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Which company had the largest cost increase in 2025 vs 2024?",
         {"top": 1, "sign": "rises", "periods": YEARS}),
        ("Which of our companies saw the biggest jump in costs last quarter compared with the "
         "same quarter last year?", {"top": 1, "sign": "rises", "periods": Q3S}),
        ("which business saw costs go up the most last year",
         {"top": 1, "sign": "rises", "periods": YEARS}),
        ("Which company cut costs the most in H1 2026 compared with H1 2025?",
         {"top": 1, "order": "asc", "sign": "falls", "periods": H1S}),
        ("Which company had the biggest cost reduction in 2025 vs 2024?",
         {"top": 1, "order": "asc", "sign": "falls", "periods": YEARS}),
        ("which company had the smallest cost increase in 2025 vs 2024",
         {"top": 1, "order": "asc", "periods": YEARS}),
        ("Top 3 companies by increase in COGS, 2025 vs 2024",
         {"top": 3, "metric": "cogs", "sign": "rises", "periods": YEARS}),
    ],
)  # fmt: skip
def test_which_company_costs_moved_most_ranks_companies(
    analyst_data: Any, question: str, spec: dict
) -> None:
    """A cost increase (jump, cut, reduction) asked of "which company" ranks the companies by
    the change of their costs — never the cost accounts, never one period's totals."""
    spec = {"op": "rank_change", "metric": "expenses", **spec}
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == "rank_change" and not reply.plan.by
    assert judged(reply) == expected(spec, analyst_data.rows)
    assert set(judged(reply)) <= {"ACME", "ACMR", "GLBX", "INIT", "UMBR", "STRK", "WAYN", "NWT"}


def test_a_ranked_change_carries_both_periods_amounts(analyst_data: Any) -> None:
    """Every figure of a change ranked per company or per dimension value keeps the metric's
    value in both periods, in the figure and in its line; a margin's in % with its change in
    percentage points."""
    reply = _answer(analyst_data, "Which company's operating expenses rose the most between "
                                  "FY2025 and FY2026?")  # fmt: skip
    first = reply.figures[0]
    assert first.ends is not None and first.ends[1] - first.ends[0] == first.value
    before, after = (grouped_text(v) for v in first.ends)
    assert f"(FY2025: USD {before} → FY2026: USD {after})" in reply.text.splitlines()[1]

    margins = _answer(analyst_data, "Rank companies by gross margin change from 2024 to 2025")
    assert margins.plan is not None and margins.plan.op == "rank_change"
    spec = {"op": "rank_change", "metric": "gross_margin", "top": 8, "periods": YEARS}
    assert judged(margins) == expected(spec, analyst_data.rows)
    assert margins.figures[0].points
    line = margins.text.splitlines()[1]
    assert line.count(" %") == 2 and " pp (2024: " in line and "USD" not in line

    regions = _answer(analyst_data, "which region had the largest cost increase in 2025 vs 2024?")
    assert regions.plan is not None and regions.plan.by == "Region"
    spec = {"op": "rank_change", "by": "Region", "metric": "expenses", "top": 1, "periods": YEARS}
    assert judged(regions) == expected(spec, analyst_data.rows)

    both = _answer(analyst_data, "top 3 companies by revenue, 2025 vs 2024")
    assert both.plan is not None and both.plan.op == "rank_change"
    spec = {"op": "rank_change", "metric": "revenue", "top": 3, "periods": YEARS}
    assert judged(both) == expected(spec, analyst_data.rows)


def test_top_or_bottom_after_a_ranked_change_keeps_it(analyst_data: Any) -> None:
    """ "show the top 3" / "and the bottom 2?" after a ranked change: more of that ranking (or
    its other end), never a ranking of one period's totals."""
    ask = "Which company had the biggest increase in total expenses from 2024 to 2025?"
    spec = {"op": "rank_change", "metric": "expenses", "periods": YEARS}
    top = _conversation(analyst_data, [ask, "show the top 3"])
    assert top.plan is not None and top.plan.op == "rank_change"
    assert judged(top) == expected({**spec, "top": 3}, analyst_data.rows)
    bottom = _conversation(analyst_data, [ask, "and the bottom 2?"])
    assert bottom.plan is not None and bottom.plan.op == "rank_change"
    assert judged(bottom) == expected({**spec, "top": 2, "order": "asc"}, analyst_data.rows)


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("GM% for Acme Retail Q3 2026", "gross_margin"),
        ("Acme Retail GP % Q3 2026", "gross_margin"),
        ("EBITDA% for Acme Retail Q3 2026", "ebitda_margin"),
        ("grss margin Acme Retail Q3 2026", "gross_margin"),
        ("Acme Retail gros profit Q3 2026", "gross_profit"),
    ],
)
def test_margin_shorthand_and_short_typos(analyst_data: Any, question: str, metric: str) -> None:
    """ "GM%", "GP %", "EBITDA%" are the margins; a four-letter word one typo from a metric
    word is put right only right before another metric word ("grss margin")."""
    reply = _answer(analyst_data, question)
    spec = {"op": "value", "metric": metric, "companies": ["ACMR"], "period": Q3_2026}
    assert reply.kind == "answer" and reply.plan is not None and reply.plan.metric == metric
    assert judged(reply)["value"] == expected(spec, analyst_data.rows)["value"]


def test_shorthand_leaves_other_words_alone() -> None:
    assert "ebitda % of revenue" in normalise("EBITDA % of revenue")  # a ratio, not the margin
    kept = " rent cost sale in 2025 loss "  # short words not before a metric word stay
    assert reading_respell(kept, ["rent"]) == kept
    assert reading_respell(" gros in 2025 ", []) == " gros in 2025 "  # no metric word after it


YTD_PAIR = [["2025-01-01", "2025-09-30"], ["2026-01-01", "2026-09-30"]]


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Which company had the largest cost increase?", {"metric": "expenses", "top": 1}),
        ("Which segment grew the most?", {"by": "Segment", "metric": "revenue", "top": 1}),
        ("which company grew fastest", {"metric": "revenue", "top": 1, "percent": True}),
    ],
)
def test_a_change_ranked_without_a_period_is_this_year_against_last(
    analyst_data: Any, question: str, spec: dict
) -> None:
    """A ranking by a rise or a fall with no period is this year so far against the same months
    of last year (as "vs last year") — never a ranking of every month's totals."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == "rank_change"
    got = [[p.start.isoformat(), p.end.isoformat()] for p in reply.plan.periods or ()]
    assert got == YTD_PAIR
    assert judged(reply) == expected({"op": "rank_change", **spec, "periods": YTD_PAIR},
                                      analyst_data.rows)  # fmt: skip


def test_has_it_been_increasing_is_the_trend(analyst_data: Any) -> None:
    reply = _answer(
        analyst_data, "Has Initech Software's revenue been increasing over the last 4 quarters?"
    )
    spec = {"op": "series", "granularity": "quarter", "metric": "revenue", "companies": ["INIT"],
            "period": ["2025-10-01", "2026-09-30"]}  # fmt: skip
    assert reply.plan is not None and reply.plan.op == "series"
    assert judged(reply) == expected(spec, analyst_data.rows) and len(reply.figures) == 4


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("revenue of Acme Corp in FY27 YTD", ["2026-07-01", "2026-09-30"]),
        ("Acme Corp revenue year to date FY2027", ["2026-07-01", "2026-09-30"]),
        ("Acme Corp revenue FY2026 YTD", ["2025-07-01", "2026-06-30"]),  # a year that has ended
    ],
)
def test_a_fiscal_year_to_date(analyst_data: Any, question: str, period: list[str]) -> None:
    """ "FY27 YTD" is that fiscal year up to the latest month (the whole year once it has
    ended) — not a change between the calendar year to date and the fiscal year."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == "value" and reply.plan.period is not None
    assert [reply.plan.period.start.isoformat(), reply.plan.period.end.isoformat()] == period
    spec = {"op": "value", "metric": "revenue", "companies": ["ACME"], "period": period}
    assert judged(reply) == expected(spec, analyst_data.rows)


@pytest.mark.parametrize(
    "question",
    [
        "Show me Q3 2026 vs Q3 2025 revenue for Northwind side by side",
        "Northwind revenue Q3 2026 vs Q3 2025 - both quarters please",
    ],
)
def test_two_periods_side_by_side(analyst_data: Any, question: str) -> None:
    """ "side by side", "both …": filler, not a company's name; both periods' amounts given."""
    reply = _answer(analyst_data, question)
    spec = {"op": "change", "metric": "revenue", "companies": ["NWT"], "periods": Q3S}
    assert reply.kind == "answer" and judged(reply) == expected(spec, analyst_data.rows)
    assert {"from", "to"} <= set(judged(reply))


@pytest.mark.parametrize(
    ("question", "accounts", "found"),
    [
        ("how much did we spend on hotels in september", {"Hotel": None}, "account:Hotel"),
        ("meal costs last month", {"Meals": None}, "account:Meals"),
        ("taxis in q3", {"Taxi": None}, "account:Taxi"),
        ("what were its costs", {"IT": None}, None),  # "its" is not the account IT
    ],
)
def test_an_account_asked_in_the_plural_or_singular(question, accounts, found):
    from elara.assistant.reading import read_metrics

    _, metrics, _ = read_metrics(normalise(question), accounts)
    names = [name for _, name in metrics if name.startswith("account:")]
    assert names == ([found] if found else []), metrics


def _value(reply: analyst.Reply) -> Decimal:
    assert reply.kind == "answer" and reply.figures, reply.text
    return Decimal(str(reply.figures[0].value))


def test_income_before_tax_other_income_and_expenses(analyst_data: Any) -> None:
    """ "income before taxes" is the KPI (operating income + other income - other expenses),
    never the tax account the word "taxes" would find; other income and other expenses are
    the dashboard's KPI cards."""
    pretax = _answer(analyst_data, "What was Acme Retail's income before taxes in 2025?")
    assert pretax.plan is not None and pretax.plan.metric == "pretax_income"
    net = _value(_answer(analyst_data, "Net income of Acme Retail in 2025"))
    tax = _value(_answer(analyst_data, "Income tax of Acme Retail in 2025"))
    assert _value(pretax) == net + tax
    operating = _value(_answer(analyst_data, "Operating income of Acme Retail in 2025"))
    other = _answer(analyst_data, "Other expenses of Acme Retail in 2025")
    assert other.plan is not None and other.plan.metric == "other_expense"
    income = _value(_answer(analyst_data, "Other income of Acme Retail in 2025"))
    assert _value(pretax) == operating + income - _value(other)


@pytest.mark.parametrize(
    "question",
    ["What was Acme Retail's earnings per share in 2025?", "Acme Retail EPS 2025"],
)
def test_per_share_questions_are_not_net_income(analyst_data: Any, question: str) -> None:
    """Per-share figures are not stored: never answered with net income ("earnings")."""
    reply = _answer(analyst_data, question)
    assert reply.kind == "cannot" and not reply.figures, reply.text


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Acme Corp revenue for the quarter ended 31/03/2026",
         {"op": "value", "companies": ["ACME"], "period": ["2026-01-01", "2026-03-31"]}),
        ("Acme Corp revenue for the quarter ended 2026-03-31",
         {"op": "value", "companies": ["ACME"], "period": ["2026-01-01", "2026-03-31"]}),
        ("Globex Industries opex, year to date as of June 30, 2026",
         {"op": "value", "metric": "opex", "companies": ["GLBX"],
          "period": ["2026-01-01", "2026-06-30"]}),
        ("Which cost increased the most for Initech Software in 2025 vs 2024?",
         {"op": "account_change", "sign": "rises", "top": 1, "companies": ["INIT"],
          "periods": YEARS}),
    ],
)  # fmt: skip
def test_dates_written_as_numbers_and_a_cost_in_the_singular(
    analyst_data: Any, question: str, spec: dict
) -> None:
    """A day written in numbers is read as its month; "which cost increased the most" (one
    cost, no metric word) ranks the cost accounts by their change (after batch 8)."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == spec["op"], reply.text
    assert judged(reply) == expected(spec, analyst_data.rows)
    if "period" in spec:
        got = reply.plan.period
        assert got is not None
        assert [got.start.isoformat(), got.end.isoformat()] == spec["period"]


@pytest.mark.parametrize(
    ("words", "spans"),
    [
        ("opex to the end of march 2026", [("2026-01-01", "2026-03-31")]),
        ("revenue through june 2025", [("2025-01-01", "2025-06-30")]),
        ("revenue up until the end of q3 2025", [("2025-01-01", "2025-09-30")]),
        ("ebitda fiscal year to date through august 2026", [("2026-07-01", "2026-08-31")]),
        ("revenue for the 12 months to the end of march 2026", [("2025-04-01", "2026-03-31")]),
        ("revenue from april through june 2025", [("2025-04-01", "2025-06-30")]),
        ("rolling 12 month revenue", [("2025-10-01", "2026-09-30")]),
        ("revenue over a rolling 3 months", [("2026-07-01", "2026-09-30")]),
        ("revenue h1 vs h2 2025", [("2025-01-01", "2025-06-30"), ("2025-07-01", "2025-12-31")]),
        ("opex q1 and q2 2024", [("2024-01-01", "2024-03-31"), ("2024-04-01", "2024-06-30")]),
        (
            "how did revenue change from march through june 2026",
            [("2026-03-01", "2026-03-31"), ("2026-06-01", "2026-06-30")],
        ),
    ],
)
def test_ranges_that_end_at_a_month_rolling_and_a_year_said_once(
    words: str, spans: list[tuple[str, str]]
) -> None:
    """ "to the end of March 2026" / "through June" / "up until the end of Q3": from January of
    that year (the fiscal year's start for "fiscal year to date"), never the month alone; "rolling
    12 month"; "H1 vs H2 2025": the year said once is both halves' (after batch 9)."""
    _, periods = read_periods(normalise(words), Calendar(date(2026, 9, 1), 7))
    got = [(p.start.isoformat(), p.end.isoformat()) for p in periods]
    assert got == spans


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Which companies made no loss in 2024?",
         {"op": "which", "metric": "net_income", "condition": "above", "threshold": 0,
          "period": ["2024-01-01", "2024-12-31"]}),
        ("Which companies were profitable in 2024?",
         {"op": "which", "metric": "net_income", "condition": "above", "threshold": 0,
          "period": ["2024-01-01", "2024-12-31"]}),
        ("Which companies had a gross margin not above 45% in 2025?",
         {"op": "which", "metric": "gross_margin", "condition": "at or below", "threshold": 45,
          "period": ["2025-01-01", "2025-12-31"]}),
        ("Which companies didn't exceed 8 million in revenue in 2025?",
         {"op": "which", "metric": "revenue", "condition": "at or below", "threshold": 8000000,
          "period": ["2025-01-01", "2025-12-31"]}),
        ("each company's share of net income in 2024",
         {"op": "mix", "metric": "net_income", "period": ["2024-01-01", "2024-12-31"]}),
        ("Which companies had a net margin of no more than 10% in 2025?",
         {"op": "which", "metric": "net_margin", "condition": "at or below", "threshold": 10,
          "period": ["2025-01-01", "2025-12-31"]}),
    ],
)  # fmt: skip
def test_negations_and_the_share_by_company(analyst_data: Any, question: str, spec: dict) -> None:
    """A negation turns the condition round ("made no loss", "not above 45%", "didn't exceed");
    "which companies were profitable" is net income above 0; "each company's share of …" is the
    mix (after batch 9)."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == spec["op"], reply.text
    assert judged(reply) == expected(spec, analyst_data.rows)


@pytest.mark.parametrize(
    ("words", "condition", "said"),
    [
        ("at most", "at or below", "or below"),
        ("no more than", "at or below", "or below"),
        ("not more than", "at or below", "or below"),
        ("up to", "at or below", "or below"),
        ("at least", "at or above", "or above"),
        ("less than", "below", "below"),
        ("more than", "above", "above"),
    ],
)
def test_a_company_exactly_on_the_threshold(
    analyst_data: Any, words: str, condition: str, said: str
) -> None:
    """ "at most", "no more than", "up to" and "at least" take the limit itself in, "less
    than" and "more than" leave it out: a company whose revenue is exactly the limit is listed
    or not accordingly, and the answer says which ("… or below")."""
    period = ["2025-01-01", "2025-12-31"]
    revenues = sorted(per_company(analyst_data.rows, "revenue", period, COMPANIES).items())
    on, limit = sorted(revenues, key=lambda kv: kv[1])[len(revenues) // 2]  # the middle one
    question = f"Which companies had revenue {words} {limit / 1000000} million in 2025?"
    reply = _answer(analyst_data, question)
    spec = {"op": "which", "metric": "revenue", "condition": condition,
            "threshold": str(limit), "period": period}  # fmt: skip
    assert reply.plan is not None and reply.plan.op == "which", reply.text
    assert judged(reply) == expected(spec, analyst_data.rows), reply.text
    assert (on in judged(reply)) == condition.startswith("at or"), reply.text
    assert said in reply.text.split("\n")[0], reply.text


@pytest.mark.parametrize(
    "question",
    [
        "Revenue excluding the East region in 2025",
        "Opex for Wayne Enterprises in 2025 minus depreciation",
        "Acme Retail costs other than rent last year",
    ],
)
def test_only_companies_are_left_out_of_a_total(analyst_data: Any, question: str) -> None:
    """An exclusion word that leaves no company out is declined, never answered with the part
    left in (batch 9's "expenses excluding payroll")."""
    reply = _answer(analyst_data, question)
    assert reply.kind == "cannot" and not reply.figures, reply.text
    assert "can only leave companies out" in reply.text


def test_and_which_were_not_turns_the_condition_round(analyst_data: Any) -> None:
    """ "and which were not?" after "which companies were in the red" lists the others."""
    with analyst_data.state.db.transaction() as session:
        ctx = builtin.context(session, analyst_data.user(session, "all"), today=TODAY, cache=None)
        first, state = analyst.ask("Which companies were in the red in 2025?", ctx, None)
        second, _ = analyst.ask("and which were not?", ctx, state)
    spec = {"op": "which", "metric": "net_income", "threshold": 0,
            "period": ["2025-01-01", "2025-12-31"]}  # fmt: skip
    assert judged(first) == expected({**spec, "condition": "below"}, analyst_data.rows)
    assert judged(second) == expected({**spec, "condition": "at or above"}, analyst_data.rows)
    assert set(judged(first)).isdisjoint(judged(second))


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Acme Corp opex through March 2026 vs 2025", ["2025-01-01", "2025-03-31"]),
        ("Acme Corp revenue year to date as of June 2026 compared with 2024",
         ["2024-01-01", "2024-06-30"]),
        ("Acme Corp revenue this year vs last year", ["2025-01-01", "2025-09-30"]),
    ],
)  # fmt: skip
def test_a_year_to_date_against_a_whole_year_takes_its_same_months(
    analyst_data: Any, question: str, first: list[str]
) -> None:
    """A year to date (to the latest month or a named one) against an earlier calendar year
    compares the same months of that year, never nine months with twelve."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == "change", reply.text
    assert reply.plan.periods is not None
    earlier, later = reply.plan.periods
    assert [earlier.start.isoformat(), earlier.end.isoformat()] == first
    assert (earlier.end.month, earlier.start.month) == (later.end.month, later.start.month)
    spec = {"op": "change", "metric": reply.plan.metric, "companies": ["ACME"],
            "periods": [first, [later.start.isoformat(), later.end.isoformat()]]}  # fmt: skip
    assert judged(reply) == expected(spec, analyst_data.rows)


@pytest.mark.parametrize(
    ("words", "spans"),
    [
        ("revenue for the last two quarters of FY2026", [("2026-01-01", "2026-06-30")]),
        ("revenue the last 3 months of 2025", [("2025-10-01", "2025-12-31")]),
        ("revenue Q3 2025 through Q2 2026", [("2025-07-01", "2026-06-30")]),
        ("ebitda q1 thru q2 2026", [("2026-01-01", "2026-06-30")]),
        ("revenue 2023 through 2025", [("2023-01-01", "2025-12-31")]),
        ("net income in the final quarter of fiscal 2025", [("2025-04-01", "2025-06-30")]),
        ("opex in the front half of 2026", [("2026-01-01", "2026-06-30")]),
        ("revenue CY24", [("2024-01-01", "2024-12-31")]),
        # "from Q2 to Q3" stays the two quarters of a change
        ("ebitda move from Q2 to Q3 2026", [("2026-04-01", "2026-06-30"),
                                            ("2026-07-01", "2026-09-30")]),
    ],
)  # fmt: skip
def test_spans_of_quarters_years_and_a_year_s_last_months(
    words: str, spans: list[tuple[str, str]]
) -> None:
    """ "the last N months / quarters of <year>" anchored to the year said (never the latest
    months), quarter spans ("Q1 through Q3", "Q2-Q3"), year spans ("2023 through 2025", "from
    the start of 2024 to the end of 2025"), "the final quarter", "the front / back half", "CY"
    (after batch 10)."""
    _, periods = read_periods(normalise(words), Calendar(date(2026, 9, 1), 7))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == spans


Y2025 = ["2025-01-01", "2025-12-31"]


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Which companies had revenue between 5m and 10m in 2025?",
         {"op": "which", "metric": "revenue", "condition": "between",
          "threshold": [5000000, 10000000], "period": Y2025}),
        ("companies with net margin between 10% and 16.2% in 2025",
         {"op": "which", "metric": "net_margin", "condition": "between", "threshold": [10, 16.2],
          "period": Y2025}),
        ("Which regions had revenue between 15 and 17 million in 2025?",
         {"op": "which", "by": "Region", "metric": "revenue", "condition": "between",
          "threshold": [15000000, 17000000], "period": Y2025}),
        ("companies with ebitda < 1m in 2025",
         {"op": "which", "metric": "ebitda", "condition": "below", "threshold": 1000000,
          "period": Y2025}),
        ("sort companies by revenue descending 2025",
         {"op": "rank", "metric": "revenue", "period": Y2025}),
        ("list companies by gross margin in 2025 in descending order",
         {"op": "rank", "metric": "gross_margin", "period": Y2025}),
        ("Which companies made money in H1 2026?",
         {"op": "which", "metric": "net_income", "condition": "above", "threshold": 0,
          "period": ["2026-01-01", "2026-06-30"]}),
        ("revenue minus COGS for Globex Industries in 2025",
         {"op": "value", "metric": "gross_profit", "companies": ["GLBX"], "period": Y2025}),
        ("earnings before interest and taxes for Acme Corp in 2025",
         {"op": "value", "metric": "operating_income", "companies": ["ACME"], "period": Y2025}),
        ("Initech Software opex for Q1 and Q2 2026 combined",
         {"op": "value", "metric": "opex", "companies": ["INIT"],
          "period": ["2026-01-01", "2026-06-30"]}),
        ("revenue by segment excluding Consumer in 2025",
         {"op": "compare", "by": "Segment", "values": ["Corporate", "Home Office"],
          "metric": "revenue", "period": Y2025}),
    ],
)  # fmt: skip
def test_ranges_symbols_orders_and_spelled_out_subtotals(
    analyst_data: Any, question: str, spec: dict
) -> None:
    """A range as a filter ("between 5m and 10m", both ends in), filters written with symbols,
    "descending" / "in descending order" (never "top 2025"), "made money" (profit), "revenue
    minus COGS", "earnings before interest and taxes", adjoining periods "combined", and a value
    of a breakdown left out ("by segment excluding Consumer": the others side by side) (after
    batch 10)."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == spec["op"], reply.text
    assert reply.plan.top is None or spec.get("top"), reply.text
    assert judged(reply) == expected(spec, analyst_data.rows)


@pytest.mark.parametrize(
    "questions",
    [
        ["Initech Software opex for 2023 and 2025 combined"],
        ["revenue in 2025 excluding the West"],
        ["is revenue seasonal at Globex Industries?"],
        ["Which companies had revenue between 5m and 10m in 2025?", "and which were not?"],
    ],
)
def test_what_one_figure_cannot_say_is_declined(analyst_data: Any, questions: list[str]) -> None:
    """Periods with a gap "combined", a dimension value left out of a total, seasonality, and
    the companies outside a range (two sides): declined, never another total or a change."""
    reply = _conversation(analyst_data, questions)
    assert reply.kind == "cannot" and not reply.figures, reply.text


class TestCashFromBankStatements:
    """A bank statement's "Money in" / "Money out" accounts (stored as cash: in positive, out
    negative; docs/finance.md, "Bank statements") answer cash questions, for the asker's
    companies only; other cash questions stay declined."""

    @staticmethod
    def _ask(state: Any, question: str, *, allowed: list[str] | None) -> analyst.Reply:
        from elara.models import User
        from tests.dashboard import factories

        rows = [
            factories.Row("ACME", date(2025, 3, 3), "Money in", "1000.00"),
            factories.Row("ACME", date(2025, 3, 9), "Money in", "500.00"),
            factories.Row("ACME", date(2025, 3, 12), "Money out", "-300.00"),
            factories.Row("ACME", date(2025, 4, 2), "Money in", "200.00"),
            factories.Row("ACME", date(2025, 4, 5), "Money out", "-50.00"),
            factories.Row("BETA", date(2025, 3, 4), "Money in", "9000.00"),
            factories.Row("BETA", date(2025, 3, 8), "Money out", "-1.00"),
        ]
        factories.create_dataset(state, rows, name="Bank statements")
        made = create_user(state, role="viewer", allowed_companies=allowed)
        with state.db.transaction() as session:
            user = session.get(User, made.id)
            ctx = builtin.context(session, user, today=date(2025, 6, 15), cache=None)
            return analyst.ask(question, ctx, None)[0]

    @pytest.mark.parametrize(
        ("question", "value"),
        [
            ("What was the net cash flow in March 2025?", "1200.00"),
            ("How much money went out in 2025?", "350.00"),
            ("how much came in in March 2025", "1500.00"),
            ("ACME cash inflows in April 2025", "200.00"),
        ],
    )
    def test_answered_for_the_asker_s_companies(self, state: Any, question: str, value: str):
        reply = self._ask(state, question, allowed=["ACME"])
        assert reply.kind == "answer", reply.text
        assert [f.value for f in reply.figures] == [Decimal(value)]
        assert "BETA" not in reply.text and "9000" not in reply.text

    def test_every_company_the_user_sees(self, state: Any):
        reply = self._ask(state, "net cash flow in March 2025", allowed=None)
        assert [f.value for f in reply.figures] == [Decimal("10199.00")]
        assert "money in USD 10,500.00" in reply.text

    def test_free_cash_flow_is_still_declined(self, state: Any):
        reply = self._ask(state, "What was the free cash flow in 2025?", allowed=None)
        assert reply.kind == "cannot" and not reply.figures

    @pytest.mark.parametrize(
        "question",
        ["did ACME lose money in March 2025", "where did we make money in March 2025"],
    )
    def test_losing_money_in_a_period_is_not_money_in(self, state: Any, question: str):
        """ "lose money in March": a profit or a loss, never the statement's "Money in"."""
        reply = self._ask(state, question, allowed=None)
        name = reply.metric.name if reply.metric else ""
        assert not name.startswith("cash:") and "Money in" not in name, reply.text
        assert Decimal("1500.00") not in [f.value for f in reply.figures]


class TestBalancesAtADate:
    """A trial balance's closing balances answer balance questions: each company at its latest
    balance date on or before the date asked, that date said; the asker's companies only;
    ratios, projections and dates before any balance declined."""

    @staticmethod
    def _ask(
        state: Any, question: str, *, allowed: list[str] | None = None, turns: int = 1
    ) -> analyst.Reply:
        from elara.models import User
        from tests.dashboard import factories

        lines = {
            date(2025, 3, 31): ("1000.00", "400.00", "2000.00", "-300.00", "-1500.00", "-1600.00"),
            date(2025, 6, 30): ("1500.00", "500.00", "2000.00", "-400.00", "-1400.00", "-2200.00"),
        }
        accounts = (
            ("Cash", "Current Assets"),
            ("Accounts Receivable", "Current Assets"),
            ("Equipment", "Fixed Assets"),
            ("Accounts Payable", "Current Liabilities"),
            ("Term Loan", "Long Term Liabilities"),
            ("Retained Earnings", "Equity"),
        )
        rows = [
            factories.Row("ACME", day, account, amount, category)
            for day, amounts in lines.items()
            for (account, category), amount in zip(accounts, amounts, strict=True)
        ]
        rows += [
            factories.Row("BETA", date(2025, 6, 30), "Cash", "9000.00", "Current Assets"),
            factories.Row("BETA", date(2025, 6, 30), "Retained Earnings", "-9000.00", "Equity"),
        ]
        factories.create_dataset(state, rows, name="Trial balances")
        made = create_user(state, role="viewer", allowed_companies=allowed)
        with state.db.transaction() as session:
            user = session.get(User, made.id)
            ctx = builtin.context(session, user, today=date(2025, 8, 15), cache=None)
            reply, kept = analyst.ask(question, ctx, None)
            if turns == 2:
                reply, _ = analyst.ask("and at the end of March 2025?", ctx, kept)
            return reply

    @pytest.mark.parametrize(
        ("question", "value", "said"),
        [
            ("ACME total assets as at 15 May 2025", "3400.00", "31 March 2025"),
            ("what was ACME's net working capital at the end of June 2025", "1600.00", "30 June"),
            ("ACME bank balance end of March 2025", "1000.00", "31 March 2025"),
            ("ACME borrowings at June 30, 2025", "1400.00", "30 June 2025"),
            ("ACME total liabilities at end of june 2025", "1800.00", "30 June 2025"),
            ("ACME shareholders equity in Q1 2025", "1600.00", "31 March 2025"),
            ("ACME receivables", "500.00", "30 June 2025"),
        ],
    )
    def test_the_latest_balance_on_or_before_the_date(
        self, state: Any, question: str, value: str, said: str
    ):
        reply = self._ask(state, question)
        assert reply.kind == "answer", reply.text
        assert [f.value for f in reply.figures] == [Decimal(value)]
        assert said in reply.text

    def test_a_follow_up_asks_the_same_balance_at_another_date(self, state: Any):
        reply = self._ask(state, "ACME cash at the end of June 2025", turns=2)
        assert [f.value for f in reply.figures] == [Decimal("1000.00")], reply.text

    def test_only_the_asker_s_companies(self, state: Any):
        reply = self._ask(state, "cash at the end of June 2025", allowed=["ACME"])
        assert [f.value for f in reply.figures] == [Decimal("1500.00")]
        assert "BETA" not in reply.text and "9,000" not in reply.text

    def test_every_company_the_user_sees(self, state: Any):
        reply = self._ask(state, "total cash at the end of June 2025")
        assert [f.value for f in reply.figures] == [Decimal("10500.00")]

    @pytest.mark.parametrize(
        "question",
        [
            "ACME total assets at the end of 2024",  # before any balance
            "debt to ebitda ratio for ACME",  # debt to equity is answered (test_balances_more)
            "ACME cash runway",
            "what will ACME's cash balance be at the end of 2026",
            "ACME total assets at the end of June 2025 vs 2024",
        ],
    )
    def test_what_the_balances_cannot_say_is_declined(self, state: Any, question: str):
        reply = self._ask(state, question)
        assert reply.kind in ("cannot", "ask") and not reply.figures, reply.text


@pytest.mark.parametrize(
    ("words", "spans"),
    [
        ("revenue from Q2 2025 to Q1 2026", [("2025-04-01", "2026-03-31")]),
        ("opex from q1 to q2 2026", [("2026-01-01", "2026-06-30")]),
        ("revenue in the last 3 complete quarters", [("2025-10-01", "2026-06-30")]),
        ("opex over the last 2 full years", [("2024-01-01", "2025-12-31")]),
        ("net income for the quarter before last", [("2026-01-01", "2026-03-31")]),
        ("opex in the month before last", [("2026-07-01", "2026-07-31")]),
        ("revenue for the first two quarters of FY2026", [("2025-07-01", "2025-12-31")]),
        ("revenue in Q3 2026 vs the first quarter", [("2026-07-01", "2026-09-30"),
                                                    ("2026-01-01", "2026-03-31")]),
        ("opex in the second half of 2025 compared with the first half",
         [("2025-07-01", "2025-12-31"), ("2025-01-01", "2025-06-30")]),
        ("revenue this quarter vs last quarter", [("2026-04-01", "2026-06-30"),
                                                  ("2026-01-01", "2026-03-31")]),
        ("net income for the last completed fiscal year", [("2025-07-01", "2026-06-30")]),
        ("revenue in the last half year", [("2026-03-01", "2026-08-31")]),
        ("revenue in the first month of 2026", [("2026-01-01", "2026-01-31")]),
        ("ebitda first half vs second half of fy2026",
         [("2025-07-01", "2025-12-31"), ("2026-01-01", "2026-06-30")]),
        # with a word of change, two quarters stay the two ends of the change
        ("what drove net income from Q1 to Q3 2026",
         [("2026-01-01", "2026-03-31"), ("2026-07-01", "2026-09-30")]),
    ],
)  # fmt: skip
def test_quarter_spans_full_quarters_and_the_one_before_last(
    words: str, spans: list[tuple[str, str]]
) -> None:
    """ "from Q1 to Q3" with no word of change is one span; "the last N full quarters (years)"
    are complete ones; "the quarter (month) before last"; "the first N quarters of <year>";
    "first half vs second half of <year>"; "this quarter vs last quarter" (the latest complete one
    against the one before); "the last completed fiscal year"; "the last half year"; "the first
    month of <year>" (after batch 11). The data ends in August: the latest complete quarter is
    Q2."""
    _, periods = read_periods(normalise(words), Calendar(date(2026, 8, 1), 7))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == spans


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("did any of our companies lose money in Q2 2026?",
         {"op": "which", "metric": "net_income", "condition": "below", "threshold": 0,
          "period": ["2026-04-01", "2026-06-30"]}),
        ("Were any businesses losing money in 2025?",
         {"op": "which", "metric": "net_income", "condition": "below", "threshold": 0,
          "period": Y2025}),
        ("Did any company make money in 2025",
         {"op": "which", "metric": "net_income", "condition": "above", "threshold": 0,
          "period": Y2025}),
        ("top expenses for Acme Corp in 2025",
         {"op": "accounts", "top": 3, "companies": ["ACME"], "period": Y2025}),
    ],
)  # fmt: skip
def test_any_company_losing_money_and_the_biggest_cost_lines(
    analyst_data: Any, question: str, spec: dict
) -> None:
    """ "did any company lose (make) money" lists the companies that did, never the group's
    total; "top expenses" / "biggest cost lines" without a number are three (after batch 11)."""
    reply = _answer(analyst_data, question)
    assert reply.plan is not None and reply.plan.op == spec["op"], reply.text
    assert judged(reply) == expected(spec, analyst_data.rows)


@pytest.mark.parametrize(
    "question",
    [
        "Acme Corp revenue in the current quarter",
        "Globex Industries opex in the first quarter",
        "what was net income in the second half",
        "revenue in Q3 2026 vs the current quarter",
    ],
)
def test_a_period_it_cannot_place_is_asked_back(analyst_data: Any, question: str) -> None:
    """A relative period the reader cannot place is asked back, never answered for every month
    with data (or for the other period alone) (after batch 11)."""
    reply = _answer(analyst_data, question)
    assert reply.kind == "ask" and not reply.figures, reply.text
    assert "can't tell which months" in reply.text
