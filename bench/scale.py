"""Scale-out on one machine: uploads per minute with 1, 2 and 4 workers, and dashboard requests
per second through nginx with 1 and 2 gateways, every process a real `elara serve --role ...`.

    nice -n 10 .venv/bin/python bench/scale.py --redis redis://127.0.0.1:6379/9

Starts its own MariaDB server (mariadb-install-db into a temp dir, its own port) and Debian's
nginx with deploy/nginx.conf (tests/deploy/nginx_render.py), on a private Redis queue name;
stops and removes everything at the end. A "worker" is one `--role upload` process and one
`--role db` process (what a worker machine runs). Numbers are only comparable within one run:
on a shared machine print them with the load average, and read the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from elara.core.state import AppState
from elara.models import Role as UserRole
from tests.conftest import clean_tables, make_settings, reset_schema
from tests.datasets.conftest import ledger_csv
from tests.deploy.nginx_render import Nginx, render
from tests.factories import create_user
from tests.live import free_port
from tests.scale.cluster import cluster, cluster_env
from tests.scale.mariadb_pair import Server

NGINX_ADDRESS = "127.0.0.2"


def _env(state: AppState, redis_url: str) -> dict[str, str]:
    """The tests' deployment configuration (a private queue name), without rate limits."""
    return cluster_env(
        state,
        ELARA_REDIS_URL=redis_url,
        ELARA_RATE_LIMIT_ENABLED="false",
        ELARA_JOB_LEASE_SECONDS="30",
        ELARA_TRUSTED_PROXIES=f"{NGINX_ADDRESS}/32",
    )


def _token(url: str, email: str, password: str, **options: Any) -> dict[str, str]:
    response = httpx.post(
        f"{url}/api/auth/login", json={"email": email, "password": password}, **options
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _wait_ready(url: str, headers: dict[str, str], dataset_id: int) -> None:
    while True:
        body = httpx.get(f"{url}/api/datasets/{dataset_id}", headers=headers, timeout=60).json()
        if body["status"] == "ready":
            return
        if body["status"] != "processing":
            raise RuntimeError(f"upload {dataset_id} ended {body['status']}: {body}"[:3000])
        time.sleep(0.2)


def uploads_per_minute(
    state: AppState, folder: Path, workers: int, files: list[Path], redis_url: str
) -> float:
    """Enqueue every file on one gateway at once; minutes until the last one is ready."""
    env = _env(state, redis_url)
    roles = ("gateway",) + ("upload", "db") * workers
    user = create_user(state, role=UserRole.analyst)
    with cluster(state, folder, *roles, env=env) as started:
        gateway = started[0]
        headers = _token(gateway.url, user.email, user.password, timeout=60)
        began = time.perf_counter()
        ids = []
        for path in files:
            with path.open("rb") as handle:
                response = httpx.post(
                    f"{gateway.url}/api/datasets",
                    headers=headers,
                    data={"wait": "false"},
                    files={"file": (path.name, handle, "text/csv")},
                    timeout=120,
                )
            response.raise_for_status()
            ids.append(response.json()["id"])
        for dataset_id in ids:
            _wait_ready(gateway.url, headers, dataset_id)
        return len(files) / (time.perf_counter() - began) * 60


def dashboard_per_second(
    state: AppState, folder: Path, gateways: int, seconds: float, clients: int, redis_url: str
) -> dict[str, float]:
    """`clients` threads ask for dashboard summaries through nginx for `seconds`, twice:
    `cached` cycles through 12 periods (the answer cache, in Redis, answers almost all),
    `uncached` asks for a period never asked before each time; answers per second of each."""
    env = _env(state, redis_url)
    user = create_user(state, role=UserRole.viewer)
    with ExitStack() as stack:
        started = stack.enter_context(cluster(state, folder, *(["gateway"] * gateways), env=env))
        ports = [role.port for role in started]
        # nginx's shipped config lists two gateways: with one, both lines name it.
        rendered = render(
            folder / f"nginx-{gateways}",
            gateways=(ports * 2)[:2],
            http_port=free_port(),
            https_port=free_port(),
            bind=NGINX_ADDRESS,
        )
        nginx = Nginx(rendered)
        stack.callback(nginx.stop)
        headers = _token(nginx.url, user.email, user.password, verify=nginx.tls(), timeout=60)
        return {
            mode: _hammer(nginx, headers, clients, seconds, mode == "cached")
            for mode in ("cached", "uncached")
        }


def _hammer(
    nginx: Nginx, headers: dict[str, str], clients: int, seconds: float, cached: bool
) -> float:
    done, failures = [0] * clients, [0] * clients
    stop = threading.Event()

    def ask(slot: int) -> None:
        with nginx.client("127.0.0.1", timeout=60) as http:
            turn = 0
            while not stop.is_set():
                turn += 1
                if cached:
                    start = date(2024, 1 + turn % 12, 1)
                else:  # a period of its own: no answer cache entry can match
                    start = date(2015, 1, 1) + timedelta(days=(slot * 100_003 + turn) % 3000)
                response = http.get(
                    f"{nginx.url}/api/dashboard/summary",
                    params={"from": start.isoformat(), "to": "2024-12-31"},
                    headers=headers,
                )
                if response.status_code == 200:
                    done[slot] += 1
                else:
                    failures[slot] += 1

    threads = [threading.Thread(target=ask, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2)  # warm up: connections, plans, the cached answers
    first, began = sum(done), time.perf_counter()
    time.sleep(seconds)
    answered, elapsed = sum(done) - first, time.perf_counter() - began
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    if sum(failures):
        print(f"  ({sum(failures)} answers were not 200)")
    return answered / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", default=os.environ.get("ELARA_TEST_REDIS_URL", ""))
    parser.add_argument("--uploads", type=int, default=12, help="files per worker count")
    parser.add_argument("--rows", type=int, default=20000, help="rows per file")
    parser.add_argument("--seconds", type=float, default=20, help="per dashboard measurement")
    parser.add_argument("--clients", type=int, default=8, help="concurrent dashboard clients")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--gateways", default="1,2")
    args = parser.parse_args()
    if not args.redis:
        parser.error("--redis (or ELARA_TEST_REDIS_URL) is required")
    for program in ("nginx", "mariadb-install-db"):
        if shutil.which(program) is None:
            parser.error(f"{program} is not installed")
    root = Path(tempfile.mkdtemp(prefix="elara-bench-scale-"))
    server = Server(root / "mariadb", 1)
    try:
        server.root.mkdir(parents=True)
        server.install()
        server.start()
        server.execute("CREATE USER 'elara'@'%' IDENTIFIED BY 'elara'")
        server.execute("GRANT ALL ON *.* TO 'elara'@'%'")
        server.execute("CREATE DATABASE elara CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        reset_schema(server.url())
        settings = make_settings(server.url(), root / "data", redis_url=args.redis)
        state = AppState.build(settings, pool_size=2)
        files = [ledger_csv(root / f"f{i}.csv", args.rows) for i in range(args.uploads)]
        print(f"cpus {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at start")
        print(f"uploads: {args.uploads} files of {args.rows} rows, one gateway")
        per_minute = {}
        for count in (int(n) for n in args.workers.split(",")):
            clean_tables(state)  # every worker count starts from the same empty database
            per_minute[count] = uploads_per_minute(state, root, count, files, args.redis)
            ratio = per_minute[count] / per_minute[min(per_minute)]
            print(f"  {count} worker(s): {per_minute[count]:6.1f} uploads/min  x{ratio:.2f}")
        print(f"dashboard: summary through nginx, {args.clients} clients, {args.seconds:.0f} s")
        per_second, modes = {}, {}
        for count in (int(n) for n in args.gateways.split(",")):
            modes[count] = dashboard_per_second(
                state, root, count, args.seconds, args.clients, args.redis
            )
            per_second[count] = modes[count]["uncached"]
            for mode, rate in modes[count].items():
                ratio = rate / modes[min(modes)][mode]
                print(f"  {count} gateway(s), {mode:8}: {rate:6.1f} requests/s  x{ratio:.2f}")
        print(f"load average {os.getloadavg()[0]:.1f} at end")
        _project(per_minute, per_second)
        state.db.dispose()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


def _project(per_minute: dict[int, float], per_second: dict[int, float]) -> None:
    """What one more machine like this one adds: its best measured rate, as long as the shared
    MariaDB primary and Redis keep up (they ran on this same machine here)."""
    best_workers = max(per_minute, key=lambda k: per_minute[k])
    best_gateways = max(per_second, key=lambda k: per_second[k])
    one = min(per_minute)
    print("projection per added machine of this size (2 cores):")
    print(
        f"  worker machine: +{per_minute[best_workers]:.0f} uploads/min "
        f"(best here with {best_workers} worker(s); one worker alone {per_minute[one]:.0f})"
    )
    print(
        f"  gateway machine: +{per_second[best_gateways]:.0f} dashboard requests/s "
        f"uncached (best here with {best_gateways} gateway(s))"
    )


if __name__ == "__main__":
    sys.exit(main())
