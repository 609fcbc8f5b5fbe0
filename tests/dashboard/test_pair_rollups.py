"""Pair rollups (two imported dimensions at once) are built when first asked, not at upload,
and answer exactly what the records answer: a breakdown by one dimension filtered by the
other and the reverse, both filtered, a company filter, a user restricted to companies, a
range that cuts months and a month series; after an append, a roll back and a replace the
answers follow (the pair is dropped and built again when asked). SQLite and MariaDB."""

from __future__ import annotations

import json
import random
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from elara.core.state import AppState
from elara.dashboard import cache, context, pairs
from elara.dashboard.filters import Filters, Scope
from elara.dashboard.query import QueryBuilder, pair_totals
from elara.models import RollupDimensionPair, RollupPairBuild, RollupPairTotals
from tests.dashboard.test_rollups_streamed import _settings, _upload
from tests.factories import create_user, login

HEADER = "Company,Date,Account,Category,Amount,Currency,Region,Product\n"
REGIONS = ["East", "West", "North", ""]
PRODUCTS = ["P1", "P2", "P3"]
ACCOUNTS = [("Sales", "Revenue"), ("Rent", "Operating Expenses"), ("Cost", "Cost of Sales")]

W = "Region%3DWest"
QUESTIONS = [
    f"breakdown?by=dim:Product&dim={W}&metric=revenue&from=2023-11-01&to=2024-02-29",
    "breakdown?by=dim:Region&dim=Product%3DP1&metric=net_income&from=2023-11-01&to=2024-02-29",
    f"summary?dim={W}&dim=Product%3DP2&from=2024-01-01&to=2024-02-29",
    f"breakdown?by=dim:Product&dim={W}&company=ACME&metric=revenue&from=2023-11-01&to=2024-02-29",
    f"breakdown?by=dim:Product&dim={W}&metric=revenue&from=2023-11-10&to=2024-01-20",  # cut
    f"summary?dim={W}&dim=Product%3DP1&from=2023-12-05&to=2024-02-10",  # cut, two periods
    "timeseries?granularity=month&group_by=dim:Region&dim=Product%3DP3"
    "&from=2023-11-01&to=2024-02-29",
    # grouped by a filtered dimension: read on the other one's side
    "breakdown?by=dim:Region&dim=Region%3DWest&dim=Region%3DEast&dim=Product%3DP1"
    "&metric=revenue&from=2023-11-01&to=2024-02-29",
    "breakdown?by=dim:Product&dim=Region%3D&metric=revenue&from=2023-11-01&to=2024-02-29",
    f"breakdown?by=company&dim={W}&dim=Product%3DP1&metric=revenue&from=2023-11-01&to=2024-02-29",
]
RESTRICTED = [QUESTIONS[0], QUESTIONS[2], QUESTIONS[4], QUESTIONS[7]]
PAIR = "rollup_dimension_pair"  # per company: a company filter, a restricted user
TOTALS = "rollup_pair_totals"  # company-less: an unrestricted user asking for no company


def _ledger(path: Path, rows: int, seed: int) -> Path:
    rng = random.Random(seed)
    lines = [HEADER]
    for _ in range(rows):
        day = date(2023, 11, 1) + timedelta(days=rng.randrange(120))
        account, category = rng.choice(ACCOUNTS)
        cents = rng.randint(1, 10**7)
        lines.append(
            f"{rng.choice(['ACME', 'GLOBEX', 'INITECH'])},{day.isoformat()},{account},"
            f"{category},{cents // 100}.{cents % 100:02d},USD,"
            f"{rng.choice(REGIONS)},{rng.choice(PRODUCTS)}\n"
        )
    path.write_text("".join(lines))
    return path


def _ask(
    client: TestClient, state: AppState, headers: dict[str, str], questions: list[str]
) -> tuple[list[Any], set[str]]:
    """The answers without their source, and the sources used."""
    cache.for_state(state).clear()  # the answer cache would give back the first answer
    answers, sources = [], set()
    for question in questions:
        reply = client.get(f"/api/dashboard/{question}", headers=headers)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        sources.add(body.pop("source"))
        answers.append(body)
    return answers, sources


def _marks(state: AppState) -> list[tuple[Any, ...]]:
    with state.db.session_factory() as session:
        query = select(
            RollupPairBuild.dataset_id,
            RollupPairBuild.dim_a,
            RollupPairBuild.dim_b,
            RollupPairBuild.status,
        )
        return sorted(tuple(r) for r in session.execute(query))


def _wait_built(state: AppState, dataset_id: int) -> None:
    deadline = time.monotonic() + 60
    while (dataset_id, "Product", "Region", pairs.BUILT) not in _marks(state):
        assert time.monotonic() < deadline, _marks(state)
        time.sleep(0.1)


def _pair_rows(state: AppState) -> int:
    with state.db.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(RollupDimensionPair)) or 0)


def _same_before_and_after(
    client: TestClient,
    state: AppState,
    users: list[tuple[dict[str, str], list[str]]],
    dataset_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> list[list[Any]]:
    """Every question of every user asked before the pair is built (records) and after (pair
    rollup for whole months); the answers must be equal. The "before" answers are asked with
    no queue to ask (so that no build races them); then one question queues the build."""
    with monkeypatch.context() as patch:
        patch.setattr(pairs, "_current", None)
        before = [_ask(client, state, headers, questions) for headers, questions in users]
    for _, sources in before:
        assert not any("rollup_dimension_pair" in s for s in sources), sources
    assert _marks(state) == []
    _ask(client, state, users[-1][0], users[-1][1][:1])  # the question queues the build
    _wait_built(state, dataset_id)
    after = [_ask(client, state, headers, questions) for headers, questions in users]
    for (old, _), (new, sources) in zip(before, after, strict=True):
        assert new == old
        assert any(PAIR in s or TOTALS in s for s in sources)
        assert any("dataset_records" in s for s in sources)  # the cut days
    admin_sources, restricted_sources = after[0][1], after[-1][1]
    assert any(TOTALS in s for s in admin_sources), admin_sources
    assert any(PAIR in s for s in admin_sources), admin_sources  # the company filter
    # a user restricted to companies never reads the company-less rows
    assert not any(TOTALS in s for s in restricted_sources), restricted_sources
    assert any(PAIR in s for s in restricted_sources), restricted_sources
    return [answers for answers, _ in after]


def test_pair_rollups_are_built_when_asked_and_follow_uploads(
    client: TestClient, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = login(client, create_user(state, role="admin"))
    limited = login(client, create_user(state, role="viewer", allowed_companies=["ACME", "GLOBEX"]))
    users = [(admin, QUESTIONS), (limited, RESTRICTED)]
    first = _ledger(tmp_path / "first.csv", 600, seed=1)
    settings = json.dumps(_settings_with_product(client, admin, first))
    created = _upload(client, admin, first, settings=settings)
    assert sorted(created["dimensions"]) == ["Product", "Region"]
    dataset_id = int(created["id"])
    assert _marks(state) == [] and _pair_rows(state) == 0  # an upload builds no pair

    base = _same_before_and_after(client, state, users, dataset_id, monkeypatch)
    assert _pair_rows(state) > 0
    # each answer differs from the others (the questions are not trivially empty)
    assert all(base[0][i] != base[0][i + 1] for i in range(len(QUESTIONS) - 1))

    appended = _upload(
        client,
        admin,
        _ledger(tmp_path / "second.csv", 200, seed=2),
        mode="append",
        dataset_id=dataset_id,
        settings=settings,
    )
    assert _marks(state) == [] and _pair_rows(state) == 0  # dropped, not stale
    grown = _same_before_and_after(client, state, users, dataset_id, monkeypatch)
    assert grown[0] != base[0]

    rolled = client.delete(
        f"/api/datasets/{dataset_id}/uploads/{appended['upload']['id']}", headers=admin
    )
    assert rolled.status_code == 200, rolled.text
    assert _marks(state) == []
    assert _same_before_and_after(client, state, users, dataset_id, monkeypatch) == base

    _upload(
        client,
        admin,
        _ledger(tmp_path / "third.csv", 300, seed=3),
        mode="replace",
        dataset_id=dataset_id,
        settings=settings,
    )
    assert _marks(state) == []
    replaced = _same_before_and_after(client, state, users, dataset_id, monkeypatch)
    assert replaced[0] != base[0]


def _settings_with_product(
    client: TestClient, headers: dict[str, str], path: Path
) -> dict[str, Any]:
    settings = _settings(client, headers, path)
    for column in settings["columns"]:
        if column["header"] in ("Region", "Product"):
            column["role"] = "dimension"
    return settings


def test_a_pair_over_the_cap_or_not_imported_stays_on_the_records(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    admin = login(client, create_user(state, role="admin"))
    first = _ledger(tmp_path / "first.csv", 300, seed=4)
    settings = json.dumps(_settings_with_product(client, admin, first))
    dataset_id = int(_upload(client, admin, first, settings=settings)["id"])
    with state.db.transaction() as session:
        mark = pairs.build_pair(
            session, dataset_id=dataset_id, pair=("Product", "Region"), max_rows=5
        )
    assert mark == pairs.TOO_LARGE
    assert _marks(state) == [(dataset_id, "Product", "Region", pairs.TOO_LARGE)]
    assert _pair_rows(state) == 0
    _, sources = _ask(client, state, admin, QUESTIONS[:1])
    assert sources == {"dataset_records"}
    assert _marks(state) == [(dataset_id, "Product", "Region", pairs.TOO_LARGE)]  # not queued
    with state.db.transaction() as session:  # a name that is no dimension: no pass, no rows
        mark = pairs.build_pair(session, dataset_id=dataset_id, pair=("Nope", "Region"), max_rows=9)
    assert mark == pairs.ABSENT and _pair_rows(state) == 0


def test_only_a_question_for_every_company_reads_the_company_less_pair() -> None:
    """The company-less pair rows sum every company: a user restricted to companies, a
    company filter or a breakdown by company reads the per-company pair, and the query
    builder refuses the company-less rows for them (and without a filter on their key)."""
    west = (("Region", ("West",)),)
    year = {"date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)}
    everyone, limited = Scope(1, "admin"), Scope(2, "viewer", ("ACME",))
    by_product = Filters(dimensions=west, **year)  # type: ignore[arg-type]
    acme = Filters(companies=("ACME",), dimensions=west, **year)  # type: ignore[arg-type]

    both = Filters(dimensions=(("Product", ("P1",)), *west), **year)  # type: ignore[arg-type]

    def source(filters: Filters, group: str, scope: Scope, built: bool = True) -> str:
        ((_, read),) = context.pieces(
            filters, None, group, scope=scope, pair=True, companyless_pair=built
        )
        return read.name

    assert source(by_product, "dim:Product", everyone) == TOTALS
    assert source(by_product, "dim:Product", everyone, built=False) == PAIR  # another plan
    sales = Filters(accounts=("Sales",), dimensions=west, **year)  # type: ignore[arg-type]
    assert source(sales, "dim:Product", everyone) == PAIR  # no accounts in the company-less
    assert source(both, "account", everyone) == PAIR
    assert source(by_product, "dim:Product", limited) == PAIR
    assert source(acme, "dim:Product", everyone) == PAIR
    assert source(both, "company", everyone) == PAIR
    totals = pair_totals("Region", "Product", "Region")
    with pytest.raises(ValueError, match="company-less"):
        QueryBuilder(limited, by_product, (1,)).conditions(totals)
    with pytest.raises(ValueError, match="company-less"):
        QueryBuilder(everyone, acme, (1,)).conditions(totals)
    unfiltered = Filters(dimensions=(("Product", ("P1",)),), **year)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="keyed"):
        QueryBuilder(everyone, unfiltered, (1,)).conditions(totals)
    # grouped by one filtered dimension, filtered by the other too: keyed on the other
    ((_, read),) = context.pieces(
        both, None, "dim:Region", scope=everyone, pair=True, companyless_pair=True
    )
    assert read.pair_key == "Product"


def _totals_rows(state: AppState) -> int:
    with state.db.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(RollupPairTotals)) or 0)


class _Paused:
    """A month-by-month build in a thread of its own, paused between two of its transactions
    (after its second step: some months written, not all) until the test lets it go on."""

    def __init__(self, state: AppState, dataset_id: int, pair: tuple[str, str]) -> None:
        self.steps = 0
        self.paused, self.resume = threading.Event(), threading.Event()
        self.mark: list[str | None] = []

        def step() -> None:
            self.steps += 1
            if self.steps == 3:
                self.paused.set()
                assert self.resume.wait(300)  # a safety net, not a timing assertion

        def build() -> None:
            self.mark.append(
                pairs.build_in_steps(
                    state.db, dataset_id=dataset_id, pair=pair, max_rows=10**6, after_step=step
                )
            )

        self.thread = threading.Thread(target=build, daemon=True)
        self.thread.start()
        assert self.paused.wait(300)

    def finish(self) -> str | None:
        self.resume.set()
        self.thread.join()
        return self.mark[0]


def test_a_write_during_a_pair_build_on_sqlite_goes_through(
    client: TestClient, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's build commits one month per transaction, so an upload made while a pair is half
    built (from another thread, with the build's thread waiting between two of its
    transactions) is stored, not refused with "database is locked"; until the last step marks
    it built, questions read the records; an upload to the dataset itself stops the build
    (no row of it is left), and the next build answers what the records answer."""
    if not state.db.is_sqlite:
        pytest.skip("the month-by-month build is SQLite's")
    admin = login(client, create_user(state, role="admin"))
    first = _ledger(tmp_path / "first.csv", 300, seed=5)
    settings = json.dumps(_settings_with_product(client, admin, first))
    dataset_id = int(_upload(client, admin, first, settings=settings)["id"])
    monkeypatch.setattr(pairs, "_current", None)  # no queue: this test builds
    question = [f"{QUESTIONS[0]}&dataset_id={dataset_id}"]
    records, sources = _ask(client, state, admin, question)
    assert sources == {"dataset_records"}
    pair = ("Product", "Region")

    # Another dataset is uploaded while the pair is half built.
    build = _Paused(state, dataset_id, pair)
    assert _pair_rows(state) > 0  # some months are in
    with state.db.session_factory() as session:
        assert pairs.status(session, [dataset_id], pair)[:2] == (False, [dataset_id])
    other = _upload(client, admin, _ledger(tmp_path / "other.csv", 40, seed=6), settings=settings)
    assert other["upload"]["status"] == "ready"
    assert _ask(client, state, admin, question) == (records, {"dataset_records"})
    assert build.finish() == pairs.BUILT
    assert _marks(state) == [(dataset_id, *pair, pairs.BUILT)]
    assert _ask(client, state, admin, question) == (records, {TOTALS})

    # An append to the dataset itself while it is built again: the build stops, nothing of it
    # is left to answer, and the next build follows the records.
    with state.db.transaction() as session:
        pairs.forget(session, dataset_id)
    build = _Paused(state, dataset_id, pair)
    _upload(
        client,
        admin,
        _ledger(tmp_path / "more.csv", 60, seed=7),
        mode="append",
        dataset_id=dataset_id,
        settings=settings,
    )
    assert build.finish() == pairs.ABORTED
    assert _marks(state) == [] and _pair_rows(state) == 0 and _totals_rows(state) == 0
    grown, sources = _ask(client, state, admin, question)
    assert grown != records and sources == {"dataset_records"}
    assert (
        pairs.build_in_steps(state.db, dataset_id=dataset_id, pair=pair, max_rows=10**6)
        == pairs.BUILT
    )
    assert _ask(client, state, admin, question) == (grown, {TOTALS})


def test_company_less_pair_rows_are_read_only_under_their_plan(
    client: TestClient, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The company-less rows hold statement buckets: after an account's kind changes they are
    not read (the per-company rows answer, classified when asked) until built again under
    the new plan; a question by account never reads them."""
    admin = login(client, create_user(state, role="admin"))
    first = _ledger(tmp_path / "first.csv", 300, seed=6)
    settings = json.dumps(_settings_with_product(client, admin, first))
    dataset_id = int(_upload(client, admin, first, settings=settings)["id"])
    pair = ("Product", "Region")
    with state.db.transaction() as session:
        assert pairs.build_pair(session, dataset_id=dataset_id, pair=pair, max_rows=10**6) == (
            pairs.BUILT
        )
    monkeypatch.setattr(pairs, "_current", None)  # no queue: this test builds
    (old,), sources = _ask(client, state, admin, QUESTIONS[:1])
    assert sources == {TOTALS}
    by_account = f"breakdown?by=account&dim={W}&dim=Product%3DP1&from=2023-11-01&to=2024-02-29"
    assert _ask(client, state, admin, [by_account])[1] == {PAIR}
    changed = client.put(
        "/api/finance/accounts", json={"account": "Sales", "kind": "non_financial"}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    (new,), sources = _ask(client, state, admin, QUESTIONS[:1])
    assert sources == {PAIR}  # the stored buckets are the old plan's
    assert new != old  # Sales no longer counts as revenue
    with state.db.transaction() as session:  # what the queued job does when asked again
        assert pairs.build_pair(session, dataset_id=dataset_id, pair=pair, max_rows=10**6) == (
            pairs.BUILT
        )
    assert _ask(client, state, admin, QUESTIONS[:1]) == ([new], {TOTALS})
