"""`make bench`: every benchmark at a size that finishes in minutes on a laptop.

Each script prints ratios against a baseline measured in the same run. Larger runs, and the
commands behind the numbers in docs/benchmarks.md, are documented there. MariaDB-backed
benchmarks run when ELARA_BENCH_DATABASE_URL (dashboard) or ELARA_TEST_DATABASE_URL (ingest)
points at a scratch database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> int:
    print(f"\n=== bench/{script} {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, str(HERE / script), *args])


def main() -> int:
    codes = [
        run("parse.py"),
        run("ingest.py", "--rows", "200000"),
        run("dashboard.py", "--backend", "sqlite", "--records", "200000", "--repeat", "5"),
    ]
    if os.environ.get("ELARA_BENCH_DATABASE_URL"):
        codes.append(run("dashboard.py", "--records", "200000", "--repeat", "10"))
    else:
        print(
            "\n(dashboard benchmark skipped: set ELARA_BENCH_DATABASE_URL to a MariaDB scratch "
            "database)"
        )
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
