"""Concurrent dashboard load: N clients asking varied questions through HTTP for S seconds.

    .venv/bin/python bench/load.py --database-url sqlite:///bench/out/dashboard-realistic-1000000.db
    .venv/bin/python bench/load.py --clients 20 --seconds 30 --cache off \
        --database-url mysql+pymysql://elara:elara@127.0.0.1:3306/elara_test_dash_bench

Runs against a database `bench/dashboard.py` loaded (realistic shape); the app is served by
uvicorn in this process (one worker, as `elara` runs embedded). Each client signs in (half of
them as an admin, half as an analyst restricted to 10 companies) and loops over random
questions: summary, month series, company or dimension breakdowns, with random month-aligned
or day-level ranges, a company filter or a dimension filter. `--cache off` replaces the answer
cache with one that never hits. Prints requests/s, p50 and p99 and the error count.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COMPANIES = [f"C{i:03d}" for i in range(300)]
REGIONS = ["East", "West", "North", "South", "Central", "Export"]


def question(rng: random.Random, restricted: bool) -> tuple[str, dict[str, Any]]:
    """A random dashboard question, as the web app asks it."""
    year = rng.randint(2018, 2024)
    if rng.random() < 0.5:
        start, end = date(year, 1, 1), date(year, 12, 31)
    else:
        start = date(year, rng.randint(1, 12), rng.randint(1, 28))
        end = start + timedelta(days=rng.randint(20, 200))
    params: dict[str, Any] = {"from": start.isoformat(), "to": end.isoformat()}
    if not restricted and rng.random() < 0.2:
        params["company"] = rng.choice(COMPANIES)
    if rng.random() < 0.2:
        params["dim"] = f"Region={rng.choice(REGIONS)}"
    kind = rng.choice(("summary", "timeseries", "breakdown", "breakdown_dim"))
    if kind == "timeseries":
        return "/api/dashboard/timeseries", {**params, "granularity": "month"}
    if kind == "breakdown":
        return "/api/dashboard/breakdown", {**params, "by": "company"}
    if kind == "breakdown_dim":
        return "/api/dashboard/breakdown", {**params, "by": "dim:Segment"}
    return "/api/dashboard/summary", params


def client_loop(
    url: str, token: str, restricted: bool, until: float, seed: int, out: list[tuple[float, int]]
) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, timeout=120) as client:
        while time.monotonic() < until:
            path, params = question(rng, restricted)
            started = time.perf_counter()
            status = client.get(path, params=params, headers=headers).status_code
            out.append((time.perf_counter() - started, status))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--cache", choices=("on", "off"), default="off")
    args = parser.parse_args()

    from bench.dashboard import NeverCache
    from elara.core.state import AppState
    from elara.dashboard import cache
    from elara.gateway import create_app
    from tests.conftest import make_settings
    from tests.factories import create_user
    from tests.live import LiveServer

    if args.cache == "off":
        cache.for_settings = lambda settings: NeverCache()  # type: ignore[assignment]
    settings = make_settings(
        args.database_url, Path(tempfile.mkdtemp()), rate_limit_enabled=False, log_level="WARNING"
    )
    state = AppState.build(settings)
    run = uuid.uuid4().hex[:8]
    admin = create_user(state, role="admin", email=f"load-admin-{run}@example.com")
    analyst = create_user(
        state,
        role="analyst",
        email=f"load-analyst-{run}@example.com",
        allowed_companies=COMPANIES[:10],
    )
    with LiveServer(create_app(state=state)) as server, httpx.Client(base_url=server.url) as c:
        tokens = [
            c.post("/api/auth/login", json={"email": u.email, "password": u.password}).json()[
                "access_token"
            ]
            for u in (admin, analyst)
        ]
        samples: list[tuple[float, int]] = []
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(server.url, tokens[i % 2], i % 2 == 1, until, i, samples),
            )
            for i in range(args.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    state.db.dispose()
    times = sorted(t for t, _ in samples)
    errors = sum(1 for _, status in samples if status >= 400)
    if not times:
        print("no requests completed")
        return
    print(
        f"clients={args.clients} cache={args.cache} requests={len(times)} errors={errors} "
        f"req/s={len(times) / elapsed:.1f} p50={times[len(times) // 2]:.3f}s "
        f"p99={times[min(len(times) - 1, int(len(times) * 0.99))]:.3f}s"
    )


if __name__ == "__main__":
    main()
