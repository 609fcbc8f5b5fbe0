"""Concurrent dashboard load: N clients asking varied questions of a running server over HTTP.

    .venv/bin/python bench/load.py --database-url sqlite:///bench/out/dashboard-realistic-1000000.db
    .venv/bin/python bench/load.py --clients 20 --seconds 30 --cache off --workers 2 \\
        --redis-url redis://127.0.0.1:6379/3 \\
        --database-url mysql+pymysql://elara:elara@127.0.0.1:3306/elara_test_dash_bench

Runs against a database `bench/dashboard.py` loaded (`--shape` as it was generated). The
server is started as its own process, the way `elara serve` starts it (same app factory,
same uvicorn options): `--workers 1` is the one-process `make run` shape (role all, in-process
answer cache); `--workers N` is a scaled gateway of N processes (uvicorn's supervisor, one
shared socket; needs `--redis-url`, which then also holds the answer cache). `--url` instead
targets a server already running on `--database-url`. An admin and an analyst restricted to
10 companies are created and sign in; the clients (half of each) run as threads in
`--client-processes` processes with keep-alive connections, and loop over random questions:
summary, month series, company or dimension breakdowns, month-aligned or day-level ranges,
sometimes a company or dimension filter. `--cache off` serves with an answer cache that never
hits. `--mix auth` asks `GET /api/profile` instead (sign-in check only: the fixed cost of a
request), `--mix health` `GET /health/live` (no database: the HTTP ceiling of this machine).

Prints requests/s, p50/p90/p99, errors, and the CPU seconds the server and the clients used.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

# `--server-root` serves another checkout's code (a before/after comparison in one run).
ROOT = Path(os.environ.get("ELARA_BENCH_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))
PASSWORD = "load-bench-password-0123"


class Questions:
    """Random dashboard questions, as the web app asks them, for one generated shape."""

    def __init__(self, shape: str, mix: str) -> None:
        from bench.dashboard import Shape

        made = Shape(shape)
        self.mix = mix
        self.companies = made.companies
        self.first_year = made.start.year
        self.last_year = (made.start + timedelta(days=made.days - 1)).year
        self.dims = made.dimensions
        self.group_dim = "Segment" if "Segment" in self.dims else next(iter(self.dims))

    def next(self, rng: random.Random, restricted: bool) -> str:
        if self.mix == "health":
            return "/health/live"
        if self.mix == "auth":
            return "/api/profile"
        year = rng.randint(self.first_year, self.last_year)
        if rng.random() < 0.5:
            start, end = date(year, 1, 1), date(year, 12, 31)
        else:
            start = date(year, rng.randint(1, 12), rng.randint(1, 28))
            end = start + timedelta(days=rng.randint(20, 200))
        params: dict[str, Any] = {"from": start.isoformat(), "to": end.isoformat()}
        if not restricted and rng.random() < 0.2:
            params["company"] = rng.choice(self.companies)
        if rng.random() < 0.2:
            name = rng.choice(sorted(self.dims))
            params["dim"] = f"{name}={rng.choice(self.dims[name])}"
        kind = rng.choice(("summary", "timeseries", "breakdown", "breakdown_dim"))
        if kind == "timeseries":
            path, params = "/api/dashboard/timeseries", {**params, "granularity": "month"}
        elif kind == "breakdown":
            path, params = "/api/dashboard/breakdown", {**params, "by": "company"}
        elif kind == "breakdown_dim":
            path, params = "/api/dashboard/breakdown", {**params, "by": f"dim:{self.group_dim}"}
        else:
            path = "/api/dashboard/summary"
        return f"{path}?{urlencode(params)}"


# ---- the server, started as `elara serve` starts it ------------------------------------------


def bench_app() -> Any:
    """The app of one server process: `elara serve`'s factory, with the answer cache off when
    the bench asks (ELARA_BENCH_CACHE=off)."""
    from elara import gateway
    from elara.core.config import get_settings

    if os.environ.get("ELARA_BENCH_CACHE") == "off":
        from bench.dashboard import NeverCache
        from elara.dashboard import cache

        cache.for_settings = lambda settings: NeverCache()  # type: ignore[assignment]
    settings = get_settings()
    if settings.redis_url:
        return gateway.create_app(settings, worker_roles=())
    return gateway.create_app(settings)


def serve(port: int, workers: int) -> None:
    """What `elara serve` does with these settings (elara/cli.py), with `bench_app`."""
    import uvicorn

    options: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "log_level": "warning",
        "proxy_headers": False,
        "access_log": False,
        "log_config": None,
    }
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        config = uvicorn.Config("bench.load:bench_app", factory=True, workers=workers, **options)
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        uvicorn.Server(uvicorn.Config(bench_app(), **options)).run()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "ELARA_ENV": "test",
        "ELARA_DATABASE_URL": args.database_url,
        "ELARA_DATA_DIR": str(data_dir),
        "ELARA_SECRET_KEY": "load-bench-secret-key-that-is-long-enough-0123",
        "ELARA_RATE_LIMIT_ENABLED": "false",
        "ELARA_LOG_LEVEL": "INFO" if args.count_queries else "WARNING",
        "ELARA_SUBSCRIPTION_SCHEDULE": "false",
        "ELARA_ALERT_MEMORY_MB": "16384",
        "ELARA_ARGON2_TIME_COST": "1",
        "ELARA_ARGON2_MEMORY_KIB": "1024",
        "ELARA_BENCH_CACHE": args.cache,
        "PYTHONPATH": str(args.server_root or ROOT),
        "ELARA_BENCH_ROOT": str(args.server_root or ROOT),
    }
    env.pop("ELARA_REDIS_URL", None)
    if args.redis_url:
        env["ELARA_REDIS_URL"] = args.redis_url
    return env


def start_server(args: argparse.Namespace, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [sys.executable, __file__, "--serve", str(port), "--workers", str(args.workers)]
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        command,
        env=server_env(args, data_dir),
        cwd=args.server_root or ROOT,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            status, _ = _get(url, "/health/live")
            if status == 200:
                time.sleep(1 if args.workers > 1 else 0)  # let every worker process come up
                return process, url
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not come up")


def query_counts(log: Path) -> dict[str, float]:
    """Median database queries per request and route, from the server's request log."""
    import statistics

    per_route: dict[str, list[int]] = {}
    for line in log.read_text(errors="replace").splitlines():
        if '"db_queries"' not in line:
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("status") == 200:
            per_route.setdefault(entry["route"], []).append(int(entry["db_queries"]))
    return {route: statistics.median(n) for route, n in sorted(per_route.items())}


def _get(url: str, path: str) -> tuple[int, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children that are still running (Linux)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


# ---- users and clients -----------------------------------------------------------------------


def make_users(database_url: str, shape: str) -> list[tuple[str, bool]]:
    """An admin and a restricted analyst in the bench database: (email, restricted)."""
    from bench.dashboard import Shape
    from elara.core.state import AppState
    from tests.conftest import make_settings
    from tests.factories import create_user

    state = AppState.build(make_settings(database_url, Path(tempfile.mkdtemp())))
    run = uuid.uuid4().hex[:8]
    admin = create_user(
        state, role="admin", email=f"load-admin-{run}@example.com", password=PASSWORD
    )
    analyst = create_user(
        state,
        role="analyst",
        email=f"load-analyst-{run}@example.com",
        password=PASSWORD,
        allowed_companies=Shape(shape).companies[:10],
    )
    state.db.dispose()
    return [(admin.email, False), (analyst.email, True)]


def sign_in(url: str, email: str) -> str:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    body = json.dumps({"email": email, "password": PASSWORD})
    conn.request("POST", "/api/auth/login", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    return str(data["access_token"])


def client_loop(job: dict[str, Any]) -> list[tuple[float, float, int]]:
    """One client: (finished at, seconds, status) of each request until the end."""
    rng = random.Random(job["seed"])
    questions = Questions(job["shape"], job["mix"])
    parts = urlsplit(job["url"])
    headers = {"Authorization": f"Bearer {job['token']}"}
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    out: list[tuple[float, float, int]] = []
    while time.time() < job["start"]:
        time.sleep(0.005)
    while time.time() < job["until"]:
        path = questions.next(rng, job["restricted"])
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError:
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            status = 599
        out.append((time.time(), time.perf_counter() - started, status))
    conn.close()
    return out


def client_process(jobs: list[dict[str, Any]]) -> tuple[list[tuple[float, float, int]], float]:
    """Several clients as threads of one process; their samples and this process's CPU."""
    from concurrent.futures import ThreadPoolExecutor

    before = time.process_time()
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(client_loop, jobs))
    return [s for r in results for s in r], time.process_time() - before


def drive(args: argparse.Namespace, url: str, users: list[tuple[str, bool]]) -> dict[str, Any]:
    tokens = [(sign_in(url, email), restricted) for email, restricted in users]
    start = time.time() + 2
    measured = start + args.warmup  # answers before this are not counted (first plans, pages)
    until = measured + args.seconds
    jobs = [
        {
            "url": url,
            "token": tokens[i % 2][0],
            "restricted": tokens[i % 2][1],
            "seed": args.seed + i,
            "shape": args.shape,
            "mix": args.mix,
            "start": start,
            "until": until,
        }
        for i in range(args.clients)
    ]
    groups = [jobs[i :: args.client_processes] for i in range(args.client_processes)]
    with multiprocessing.get_context("fork").Pool(args.client_processes) as pool:
        results = pool.map(client_process, [g for g in groups if g])
    samples = [s for got, _ in results for s in got if measured <= s[0] <= until]
    return summarise(samples, args.seconds, sum(cpu for _, cpu in results))


def summarise(
    samples: list[tuple[float, float, int]], seconds: float, cpu: float
) -> dict[str, Any]:
    times = sorted(t for _, t, _ in samples)
    errors = sum(1 for _, _, status in samples if status >= 400)

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(len(times) * p))], 4) if times else 0.0

    return {
        "requests": len(times),
        "errors": errors,
        "req_s": round(len(times) / seconds, 1),
        "p50_s": pct(0.50),
        "p90_s": pct(0.90),
        "p99_s": pct(0.99),
        "client_cpu_s": round(cpu, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # internal: the server
    parser.add_argument("--database-url")
    parser.add_argument("--url", help="a server already running on --database-url")
    parser.add_argument("--shape", choices=("realistic", "small"), default="realistic")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=0, help="seconds of load not counted")
    parser.add_argument("--cache", choices=("on", "off"), default="off")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--redis-url", help="scaled gateway: queue and answer cache in Redis")
    parser.add_argument("--mix", choices=("dashboard", "auth", "health"), default="dashboard")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tag", default="", help="a label kept in the result (e.g. before)")
    parser.add_argument(
        "--count-queries", action="store_true", help="log requests; print queries per request"
    )
    parser.add_argument("--server-root", type=Path, help="serve the code of another checkout")
    parser.add_argument("--json", type=Path, help="append the result as one JSON line")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.workers)
        return
    if not args.database_url:
        parser.error("--database-url is required")
    if args.workers > 1 and not args.redis_url and not args.url:
        parser.error("--workers > 1 is a scaled gateway: give --redis-url")
    users = make_users(args.database_url, args.shape)
    server = None
    data_dir = Path(tempfile.mkdtemp())
    if args.url:
        url = args.url
    else:
        server, url = start_server(args, data_dir)
    try:
        cpu_before = _cpu_seconds(server.pid) if server else 0.0
        result = drive(args, url, users)
        server_cpu = _cpu_seconds(server.pid) - cpu_before if server else None
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    backend = args.database_url.split(":", 1)[0].split("+")[0]
    result = {
        "tag": args.tag,
        "backend": backend,
        "shape": args.shape,
        "mix": args.mix,
        "clients": args.clients,
        "workers": args.workers,
        "cache": args.cache,
        "seconds": args.seconds,
        **result,
        "server_cpu_s": round(server_cpu, 1) if server_cpu is not None else None,
    }
    if args.count_queries and server is not None:
        result["queries_per_request"] = query_counts(data_dir / "server.log")
    print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)
    if args.json:
        with args.json.open("a") as out:
            out.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
