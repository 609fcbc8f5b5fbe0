"""Held-out batch 13: forty analysts' questions asked through POST /api/qbusiness/chat over files
of the project's own corpus (tests/corpus), uploaded as a person uploads them, with every
expected figure computed here from the generators' own numbers (never from Elara's output).

Written before it was run against the assistant; the first-sight score is in docs/assistant.md
("Held-out set 13"). The data, stored once per module on SQLite:

- a P&L by month with months as columns (`accounting_pl_by_month_csv`: Harbour Consulting Ltd,
  January - December 2024, income / cost of goods sold / expenses sections and the package's
  own subtotal lines);
- a BI / FP&A fact table with a Scenario column (`scenario_long_csv`: entities NW01 and NW02,
  a Department dimension, January - June 2025), uploaded twice: its actual rows, and its budget
  rows as a budget dataset (budget vs actual);
- a trial balance (`cloud_trial_balance_xlsx`: Demo Company (UK) as at 31 October 2025).

Today is 14 November 2025. A viewer restricted to NW01 asks about the others: never a figure of
theirs, never their names.

Phrasing studied, none copied: BI natural-language Q&A guides (MTD / QTD / YTD against the
previous year, "by department", top N), FP&A variance threads (actual - budget, over / under
budget on costs, "which department was furthest over"), TAT-QA / FinQA question styles ("what
is the increase / (decrease) in X from A to B", "what was the average X", "what proportion of"),
and search-bar shorthand (rev, opex, YoY, MoM, Q3 FY24, lower case, typos).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.assistant.endpoints import get_today
from elara.core.state import AppState
from elara.gateway import create_app
from tests.conftest import clean_tables, make_settings, reset_schema
from tests.corpus.exports import SCENARIO_LINES
from tests.corpus.layouts import generate
from tests.corpus.ledgers import CHART, balances
from tests.corpus.statements import QB_SPEC, compute
from tests.corpus.test_corpus import inspect, store, with_constants
from tests.corpus.write import money
from tests.factories import create_user, login

TODAY = dt.date(2025, 11, 14)
CHAT = "/api/qbusiness/chat"
CENT = Decimal("0.01")
HCL, DEMO = "Harbour Consulting Ltd", "Demo Company (UK)"
HIDDEN_FROM_NW01 = ("Harbour", "NW02", "Demo Company")

# ---------------------------------------------------------------- the generators' own numbers
# accounting_pl_by_month_csv (seed 28): each line's value per month of 2024
PL = compute(QB_SPEC, 12, random.Random(28))


def pl(label: str, months: range | list[int]) -> Decimal:
    return sum((PL[label][m - 1] for m in months), Decimal(0))


REVENUE_LINES = ("Consulting income", "Training income", "Discounts given")
EXPENSE_LINES = (
    "Advertising & Marketing",
    "Bank charges",
    "Insurance",
    "Legal & Professional Services",
    "Office expenses",
    "Rent or Lease",
    "Travel",
)


def pl_revenue(months: range | list[int]) -> Decimal:
    return sum((pl(line, months) for line in REVENUE_LINES), Decimal(0))


def pl_opex(months: range | list[int]) -> Decimal:
    return sum((pl(line, months) for line in EXPENSE_LINES), Decimal(0))


def pl_gross(months: range | list[int]) -> Decimal:
    return pl_revenue(months) - pl("Subcontractors", months)


def pl_net(months: range | list[int]) -> Decimal:
    other = pl("Interest earned", months) - pl("Exchange gain or loss", months)
    return pl_gross(months) - pl_opex(months) + other


# scenario_long_csv (seed 54): (scenario, month, entity, department, account, amount)
FACTS: list[tuple[str, int, str, str, str, Decimal]] = []
_rng = random.Random(54)
for _month in range(1, 7):
    for _entity, _dept in (("NW01", "Sales"), ("NW01", "Operations"), ("NW02", "Sales")):
        for _scenario in ("Actual", "Budget", "Forecast"):
            for _account, _low, _high in SCENARIO_LINES:
                FACTS.append(
                    (
                        _scenario,
                        _month,
                        _entity,
                        _dept,
                        _account,
                        money(_rng, _low // 3, _high // 3),
                    )
                )
OPEX = ("Salaries", "Rent", "Travel")


def fact(
    accounts: tuple[str, ...] | str,
    months: range | list[int],
    entities: tuple[str, ...] = ("NW01", "NW02"),
    scenario: str = "Actual",
    dept: str | None = None,
) -> Decimal:
    wanted = (accounts,) if isinstance(accounts, str) else accounts
    return sum(
        (
            amount
            for s, m, e, d, a, amount in FACTS
            if s == scenario
            and m in months
            and e in entities
            and a in wanted
            and (dept is None or d == dept)
        ),
        Decimal(0),
    )


# cloud_trial_balance_xlsx (seed 31): signed balances (debit +) at 31 October 2025
TB = dict(zip((name for _, name, _ in CHART), balances(random.Random(31), CHART), strict=True))


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(CENT, rounding=ROUND_HALF_UP)


H1, Q1, Q2 = range(1, 7), range(1, 4), range(4, 7)
YEAR = range(1, 13)


# ---------------------------------------------------------------- the questions
@dataclass
class Turn:
    q: str
    # "answer": every value of `values` is among the reply's figures (value, earlier, later; a
    # percentage to within 0.01); "decline": an ask-back or a "can't answer", no figure;
    # "ask": an ask-back listing exactly `candidates`
    expect: str = "answer"
    values: list[Decimal] = field(default_factory=list)
    period: tuple[str, str] | None = None
    says: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass
class Spec:
    cat: str
    turns: list[Turn]
    user: str = "all"


def one(cat: str, q: str, user: str = "all", **kw: Any) -> Spec:
    return Spec(cat, [Turn(q, **kw)], user)


SPECS: list[Spec] = [
    # ---- P&L with months as columns (Harbour Consulting Ltd, 2024)
    one(
        "pl",
        "What was Harbour Consulting's total revenue in 2024?",
        values=[pl_revenue(YEAR)],
        period=("2024-01-01", "2024-12-31"),
    ),
    one(
        "pl",
        "harbour rev Q3 FY24",
        values=[pl_revenue(range(7, 10))],
        period=("2024-07-01", "2024-09-30"),
    ),
    one(
        "pl",
        "gross margin for Harbour Consulting Ltd in H1 2024",
        values=[pct(pl_gross(H1), pl_revenue(H1))],
        period=("2024-01-01", "2024-06-30"),
    ),
    one("pl", "How much did Harbour spend on travel in 2024?", values=[pl("Travel", YEAR)]),
    one(
        "pl",
        "Harbour Consulting opex by quarter 2024",
        values=[pl_opex(range(q, q + 3)) for q in (1, 4, 7, 10)],
    ),
    one(
        "pl",
        "net income of Harbour Consulting Ltd in December 2024 vs November 2024",
        values=[pl_net([11]), pl_net([12]), pl_net([12]) - pl_net([11])],
    ),
    one(
        "pl",
        "What % of Harbour's 2024 revenue was training income?",
        values=[pct(pl("Training income", YEAR), pl_revenue(YEAR))],
    ),
    one(
        "pl",
        "Harbour's top 3 expenses in 2024",
        values=sorted((pl(a, YEAR) for a in (*EXPENSE_LINES, "Subcontractors")), reverse=True)[:3],
    ),
    one(
        "pl",
        "which month of 2024 had Harbour's highest revenue?",
        values=[max(pl_revenue([m]) for m in YEAR)],
    ),
    one("pl", "Harbour Consulting YoY revenue growth Q4 2024 vs Q4 2023", expect="decline"),
    one(
        "pl",
        "what was the operating margin for Harbour in Q2 2024",
        values=[pct(pl_gross(Q2) - pl_opex(Q2), pl_revenue(Q2))],
    ),
    one(
        "pl",
        "percentage change travel harbour H2 2024 vs H1 2024",
        values=[pct(pl("Travel", range(7, 13)) - pl("Travel", H1), pl("Travel", H1))],
    ),
    # ---- a fact table with a department dimension (NW01 / NW02, January - June 2025)
    one(
        "ledger",
        "NW01 revenue Jan-Jun 2025",
        values=[fact("Revenue", H1, ("NW01",))],
        period=("2025-01-01", "2025-06-30"),
    ),
    one(
        "ledger",
        "revenue by department for NW01 in H1 2025",
        values=[fact("Revenue", H1, ("NW01",), dept=d) for d in ("Sales", "Operations")],
    ),
    one(
        "ledger",
        "Which entity had the higher opex in Q1 2025, NW01 or NW02?",
        values=[fact(OPEX, Q1, ("NW01",)), fact(OPEX, Q1, ("NW02",))],
    ),
    one(
        "ledger",
        "What share of total H1 2025 revenue came from NW02?",
        values=[pct(fact("Revenue", H1, ("NW02",)), fact("Revenue", H1))],
    ),
    one(
        "ledger",
        "NW02 gross profit MoM change March 2025 vs February 2025",
        values=[
            (fact("Revenue", [3], ("NW02",)) - fact("Cost of Sales", [3], ("NW02",)))
            - (fact("Revenue", [2], ("NW02",)) - fact("Cost of Sales", [2], ("NW02",)))
        ],
    ),
    one(
        "ledger",
        "Salaries for the Sales department across all entities in Q2 2025",
        values=[fact("Salaries", Q2, dept="Sales")],
    ),
    one(
        "ledger",
        "what was the average monthly revenue for NW02 in H1 2025",
        values=[(fact("Revenue", H1, ("NW02",)) / 6).quantize(CENT, rounding=ROUND_HALF_UP)],
    ),
    one(
        "ledger",
        "Top department by gross profit for NW01 H1 2025",
        values=[
            max(
                fact("Revenue", H1, ("NW01",), dept=d)
                - fact("Cost of Sales", H1, ("NW01",), dept=d)
                for d in ("Sales", "Operations")
            )
        ],
    ),
    one(
        "ledger",
        "why did NW01 revenue change in April 2025 vs March?",
        values=[fact("Revenue", [4], ("NW01",)) - fact("Revenue", [3], ("NW01",))],
    ),
    # ---- budget vs actual (the same fact table's budget rows, stored as a budget dataset)
    one(
        "budget",
        "NW01 revenue vs budget H1 2025",
        values=[
            fact("Revenue", H1, ("NW01",)),
            fact("Revenue", H1, ("NW01",), "Budget"),
            fact("Revenue", H1, ("NW01",)) - fact("Revenue", H1, ("NW01",), "Budget"),
        ],
    ),
    one(
        "budget",
        "Are we over budget on opex in Q2 2025?",
        values=[fact(OPEX, Q2), fact(OPEX, Q2, scenario="Budget")],
    ),
    one(
        "budget",
        "What was NW02's budgeted salaries for March 2025?",
        values=[fact("Salaries", [3], ("NW02",), "Budget")],
    ),
    one(
        "budget",
        "rev % of budget for H1 2025",
        values=[pct(fact("Revenue", H1), fact("Revenue", H1, scenario="Budget"))],
    ),
    one(
        "budget",
        "which department was furthest over budget on salaries in H1 2025?",
        values=[
            max(
                fact("Salaries", H1, dept=d) - fact("Salaries", H1, scenario="Budget", dept=d)
                for d in ("Sales", "Operations")
            )
        ],
    ),
    one("budget", "forecast revenue for Q3 2025", expect="decline"),
    # ---- a trial balance (Demo Company (UK), 31 October 2025)
    one(
        "balance",
        "What's Demo Company's cash balance as of 31 Oct 2025?",
        values=[TB["Business Bank Account"]],
        says=("31 October 2025",),
    ),
    one(
        "balance",
        "how much do we owe suppliers at Demo Company?",
        values=[-TB["Accounts Payable"]],
        says=("31 October 2025",),
    ),
    one(
        "balance",
        "Demo Company total assets at 31 October 2025",
        values=[TB["Business Bank Account"] + TB["Accounts Receivable"] + TB["Office Equipment"]],
    ),
    one("balance", "Demo Company cash balance at 30 Sep 2025", expect="decline"),
    one(
        "balance",
        "receivables for demo company (uk) at the end of october",
        values=[TB["Accounts Receivable"]],
        says=("31 October 2025",),
    ),
    # ---- a viewer restricted to NW01: never another company's figure or name
    one("scope", "What was Harbour Consulting's revenue in 2024?", user="nw01", expect="decline"),
    one(
        "scope",
        "total revenue for all entities in H1 2025",
        user="nw01",
        values=[fact("Revenue", H1, ("NW01",))],
    ),
    one("scope", "compare NW01 and NW02 opex Q1 2025", user="nw01", expect="decline"),
    one("scope", "cash balance at Demo Company", user="nw01", expect="decline"),
    # ---- ambiguous or not in the data
    one("honesty", "revenue for NW in Q1 2025", expect="ask", candidates=("NW01", "NW02")),
    one("honesty", "What's our headcount in the Sales department?", expect="decline"),
    # ---- follow-ups
    Spec(
        "followup",
        [
            Turn("Harbour Consulting revenue Q1 2024", values=[pl_revenue(Q1)]),
            Turn("and Q2?", values=[pl_revenue(Q2)], period=("2024-04-01", "2024-06-30")),
        ],
    ),
]
assert sum(len(s.turns) for s in SPECS) == 40

# still answered otherwise than expected, with why (the reply is still judged for leaks)
KNOWN_MISSES: dict[str, str] = {}


# ---------------------------------------------------------------- the data, uploaded
@dataclass
class Loaded:
    client: TestClient
    headers: dict[str, dict[str, str]]


UPLOADS = (
    ("accounting_pl_by_month_csv", {}),
    ("scenario_long_csv", {}),
    ("scenario_long_csv", {"scenario": "budget"}),
    ("cloud_trial_balance_xlsx", {}),
)


def _generated(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    folder = tmp_path_factory.mktemp("heldout13")
    url = f"sqlite:///{folder / 'heldout13.db'}"
    reset_schema(url)
    state = AppState.build(
        make_settings(url, folder / "data", assistant_rate_limit="1000/minute"), pool_size=2
    )
    clean_tables(state)
    app = create_app(state=state)
    app.dependency_overrides[get_today] = lambda: TODAY
    with TestClient(app, base_url="http://testserver") as client:
        admin = login(client, create_user(state, role="admin"))
        for n, (name, constants) in enumerate(UPLOADS):
            layout = generate(name, _generated(folder / f"{n}-{name}"))
            settings = with_constants(inspect(client, admin, layout)["settings"], layout)
            settings["constants"].update(constants)
            settings = inspect(client, admin, layout, settings)["settings"]
            store(client, admin, layout, settings)
        headers = {
            "all": login(client, create_user(state, role="viewer")),
            "nw01": login(client, create_user(state, role="viewer", allowed_companies=["NW01"])),
        }
        yield Loaded(client, headers)
    state.db.dispose()


def _numbers(body: dict[str, Any]) -> list[tuple[Decimal, str]]:
    out = []
    for f in body["figures"]:
        out += [(Decimal(f[k]), f["unit"]) for k in ("value", "earlier", "later") if f.get(k)]
    return out


def _same(want: Decimal, got: Decimal, unit: str) -> bool:
    """To the cent; a percentage to within 0.01 (rounded half up here, perhaps not there)."""
    if unit == "%":
        return abs(got - want) <= CENT
    return got == want.quantize(CENT, rounding=ROUND_HALF_UP)


def judge(turn: Turn, body: dict[str, Any], user: str) -> str:
    """'' when right, else why not."""
    shown = [body["answer"], str(body["figures"]), str(body["candidates"]), str(body["scope"])]
    text = " ".join([*shown, *body["suggestions"]])
    if user == "nw01" and any(name in text for name in HIDDEN_FROM_NW01):
        return "LEAK: " + body["answer"]
    if turn.expect == "decline":
        ok = body["kind"] in ("ask", "cannot") and not body["figures"]
        return "" if ok else "expected a decline: " + body["answer"]
    if turn.expect == "ask":
        got = sorted(c["code"] for c in body["candidates"])
        ok = body["kind"] == "ask" and got == sorted(turn.candidates) and not body["figures"]
        return "" if ok else f"expected ask {turn.candidates}: " + body["answer"]
    if body["kind"] != "answer":
        return "expected an answer: " + body["answer"]
    numbers = _numbers(body)
    missing = [v for v in turn.values if not any(_same(v, n, unit) for n, unit in numbers)]
    if missing:
        return f"missing {missing} among {numbers}: " + body["answer"]
    if turn.period is not None:
        got_periods = [(p["date_from"], p["date_to"]) for p in body["periods"]]
        if tuple(turn.period) not in got_periods:
            return f"period {turn.period} not in {got_periods}: " + body["answer"]
    said = [w for w in turn.says if w.casefold() not in body["answer"].casefold()]
    if said:
        return f"does not say {said}: " + body["answer"]
    return ""


RESULTS: dict[int, list[tuple[str, str]]] = {}


def ask(loaded: Loaded, index: int, spec: Spec) -> list[str]:
    headers, conversation, whys = loaded.headers[spec.user], None, []
    for turn in spec.turns:
        payload: dict[str, Any] = {"question": turn.q}
        if conversation:
            payload["conversation_id"] = conversation
        response = loaded.client.post(CHAT, headers=headers, json=payload)
        assert response.status_code == 200, response.text
        body = response.json()
        conversation = body["conversation_id"]
        whys.append(judge(turn, body, spec.user))
    RESULTS[index] = [(spec.cat, why) for why in whys]
    return whys


def _params() -> list[Any]:
    out = []
    for i, spec in enumerate(SPECS):
        first = spec.turns[0].q
        marks = []
        if first in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(reason=KNOWN_MISSES[first], strict=True))
        out.append(pytest.param(i, spec, id=f"{i:02d}-{first[:40]}", marks=marks))
    return out


@pytest.mark.parametrize(("index", "spec"), _params())
def test_held_out_13(index: int, spec: Spec, loaded: Loaded) -> None:
    whys = ask(loaded, index, spec)
    assert not [w for w in whys if w.startswith("LEAK")], whys
    wrong = [w for w in whys if w]
    assert not wrong, "\n---\n".join(wrong)


def test_held_out_13_score(loaded: Loaded, capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the score per category; fails on any leak across row-level access."""
    for i, spec in enumerate(SPECS):
        if i not in RESULTS:
            ask(loaded, i, spec)
    table: dict[str, list[int]] = {}
    for results in RESULTS.values():
        for cat, why in results:
            row = table.setdefault(cat, [0, 0])
            row[0] += not why
            row[1] += 1
    right = sum(r for r, _ in table.values())
    with capsys.disabled():
        print("\nheld-out 13:", right, "/", sum(t for _, t in table.values()))
        print(", ".join(f"{c} {r}/{t}" for c, (r, t) in sorted(table.items())))
    leaks = [why for results in RESULTS.values() for _, why in results if why.startswith("LEAK")]
    assert not leaks, leaks
