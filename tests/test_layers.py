"""The layer contract covers the whole package, and the core imports no domain."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "elara"


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    layers: list[str] = contract["layers"]
    return layers


def test_every_module_of_the_package_has_a_layer() -> None:
    placed = {name.strip("() ") for layer in _layers() for name in re.split(r"[:|]", layer)}
    modules = {
        f"elara.{path.stem if path.is_file() else path.name}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }

    assert modules - placed == set()


def test_lint_imports_keeps_the_contract() -> None:
    linter = Path(sys.executable).parent / "lint-imports"

    result = subprocess.run(  # nosec B603
        [str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
