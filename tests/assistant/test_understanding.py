"""The pure layer: periods relative to an injected today, typos, and the per-user limiter."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest

from elara.assistant.intent import IntentKind, MetricKind, NotUnderstood
from elara.assistant.periods import find_periods
from elara.assistant.ratelimit import QuestionLimiter
from elara.assistant.understanding import understand
from elara.assistant.vocabulary import Vocabulary
from elara.core.config import Settings
from elara.core.errors import RateLimited
from tests.conftest import make_settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Plain settings (no database needed by the limiter)."""
    return make_settings(f"sqlite:///{tmp_path / 'unused.db'}", tmp_path)


VOCAB = Vocabulary(("ACME", "GLOBEX"), ("COGS", "Payroll", "Revenue"), ("Revenue",))


@pytest.mark.parametrize(
    ("text", "today", "start", "end"),
    [
        ("last quarter", date(2025, 1, 10), date(2024, 10, 1), date(2024, 12, 31)),
        ("this quarter", date(2025, 5, 2), date(2025, 4, 1), date(2025, 6, 30)),
        ("last month", date(2025, 1, 10), date(2024, 12, 1), date(2024, 12, 31)),
        ("ytd", date(2024, 2, 29), date(2024, 1, 1), date(2024, 2, 29)),
        ("last 12 months", date(2025, 1, 10), date(2024, 1, 1), date(2024, 12, 31)),
        ("ttm", date(2025, 3, 15), date(2024, 3, 1), date(2025, 2, 28)),
        ("last 2 years", date(2025, 3, 15), date(2023, 1, 1), date(2024, 12, 31)),
        ("q3", date(2025, 2, 1), date(2024, 7, 1), date(2024, 9, 30)),
        ("q1", date(2025, 2, 1), date(2025, 1, 1), date(2025, 3, 31)),
        ("in december", date(2025, 2, 1), date(2024, 12, 1), date(2024, 12, 31)),
        ("h2 2023", date(2025, 2, 1), date(2023, 7, 1), date(2023, 12, 31)),
        ("february 2024", date(2025, 2, 1), date(2024, 2, 1), date(2024, 2, 29)),
        ("fy 2022", date(2025, 2, 1), date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_periods_relative_to_today(text, today, start, end):
    found = find_periods(text, today=today)
    assert [(f.period.start, f.period.end) for f in found] == [(start, end)]


def test_today_moves_relative_periods():
    ask = "revenue last year"
    first = understand(ask, vocabulary=VOCAB, today=date(2024, 6, 1))
    later = understand(ask, vocabulary=VOCAB, today=date(2026, 6, 1))
    assert first.period.start == date(2023, 1, 1) and later.period.start == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("question", "kind", "metric", "companies"),
    [
        ("revnue of globx in 2024", IntentKind.total, MetricKind.revenue, ("GLOBEX",)),
        ("cogs of acme by quater in 2024", IntentKind.series, MetricKind.account, ("ACME",)),
        ("top 2 companys by proffit", IntentKind.ranking, MetricKind.net_income, ()),
    ],
)
def test_typos(question, kind, metric, companies):
    intent = understand(question, vocabulary=VOCAB, today=date(2025, 3, 15))
    assert not isinstance(intent, NotUnderstood), intent
    assert (intent.kind, intent.metric.kind, intent.companies) == (kind, metric, companies)


def test_unknown_names_only_from_the_question():
    declined = understand("revenue of INITECH", vocabulary=VOCAB, today=date(2025, 3, 15))
    assert isinstance(declined, NotUnderstood) and declined.unknown_names == ("INITECH",)


def test_limiter_counts_per_user(settings):
    limiter = QuestionLimiter(settings.model_copy(update={"assistant_rate_limit": "2/minute"}))
    limiter.hit(1)
    limiter.hit(1)
    limiter.hit(2)
    with pytest.raises(RateLimited) as raised:
        limiter.hit(1)
    assert int(raised.value.headers["Retry-After"]) >= 1


def test_bad_limit_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="assistant_rate_limit"):
        Settings(data_dir=tmp_path, assistant_rate_limit="thirty a minute")


def _redis_url() -> str:
    url = os.environ.get("ELARA_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail(f"ELARA_REQUIRE_REDIS=1 but Redis at {url} is unreachable: {exc}")
        pytest.skip(f"Redis tests skipped: no Redis at {url} (set ELARA_TEST_REDIS_URL)")
    return url


def test_limit_shared_by_instances_through_redis(settings):
    """Two gateway instances on one Redis count a user's questions together."""
    shared = settings.model_copy(
        update={"redis_url": _redis_url(), "assistant_rate_limit": "3/minute"}
    )
    first, second = QuestionLimiter(shared), QuestionLimiter(shared)
    user = int(uuid.uuid4().int % 10**9)  # a fresh key, whatever earlier runs left behind
    first.hit(user)
    second.hit(user)
    first.hit(user)
    with pytest.raises(RateLimited):
        second.hit(user)


def test_codes_with_digits_are_never_fuzzy():
    vocab = Vocabulary(("C0042",), ("Revenue",), ())
    declined = understand("revenue of C0043 in 2024", vocabulary=vocab, today=date(2025, 3, 15))
    assert isinstance(declined, NotUnderstood) and declined.unknown_names == ("C0043",)
    found = understand("revenue of c0042 in 2024", vocabulary=vocab, today=date(2025, 3, 15))
    assert not isinstance(found, NotUnderstood) and found.companies == ("C0042",)
