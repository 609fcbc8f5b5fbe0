"""What a reader child must import before it reads a line: only what the fork server holds."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from elara.ingest import CompanyScope
from elara.ingest.isolate import _PRELOAD
from elara.storage.spool import Spool
from elara.uploads.scope import CompanyGate


def test_the_upload_sink_unpickles_without_the_web_and_database_layers(tmp_path: Path) -> None:
    # The parse child of every upload unpickles this gate first; importing the database and
    # web layers for it cost each upload ~0.25 s before its first row (2026-11-30).
    gate = CompanyGate(inner=Spool(tmp_path / "work"), scope=CompanyScope(allowed=frozenset()))
    blob = tmp_path / "gate.pickle"
    blob.write_bytes(pickle.dumps(gate))
    preload = "; ".join(f"import {name}" for name in _PRELOAD if name != "elara.ingest.isolate")
    code = (
        f"import pickle, sys; {preload}; before = set(sys.modules); "
        f"gate = pickle.loads(open({str(blob)!r}, 'rb').read()); "
        "assert gate.scope.allowed == frozenset(); "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    heavy = [m for m in out if m.split(".")[0] in {"fastapi", "starlette", "sqlalchemy"}]
    heavy += [m for m in out if m.startswith(("elara.datasets", "elara.dashboard", "elara.models"))]
    assert heavy == []
    assert "elara.uploads.gate" in out
