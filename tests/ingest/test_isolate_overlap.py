"""The parse in a reader child hands each spooled batch to its parent while it reads on."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from elara.ingest.isolate import parse_isolated
from elara.ingest.pipeline import FIRST_BATCH
from elara.storage.spool import Spool

BATCH = 50_000  # the reader's batch size


def _ledger(path: Path, rows: int) -> Path:
    lines = ["Company,Date,Account,Amount,Currency\n"]
    lines += [f"C{i % 3},2024-{i % 12 + 1:02d}-15,Revenue,{i}.01,USD\n" for i in range(rows)]
    path.write_text("".join(lines))
    return path


class Stop(Exception):
    pass


def test_each_batch_reaches_the_parent_as_it_is_written(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "ledger.csv", 2 * BATCH + 7)
    seen: list[tuple[Path, int]] = []
    order: list[str] = []

    def on_batch(written: object) -> None:
        order.append("batch")
        file = Path(str(written))
        seen.append((file, pl.read_ipc(file).height))  # complete when reported

    spool, report = parse_isolated(
        path,
        sink=Spool(tmp_path / "work"),
        on_progress=lambda _: order.append("progress"),
        on_batch=on_batch,
    )
    assert [file for file, _ in seen] == spool.files
    # The first batch is cut short, so that storing starts while the rest is read.
    assert [rows for _, rows in seen] == [FIRST_BATCH, BATCH - FIRST_BATCH, BATCH, 7]
    assert spool.count == report.records == 2 * BATCH + 7
    assert order == ["progress", "batch"] * 4  # a batch's progress comes before the batch


def test_an_error_in_the_parent_stops_the_reader(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "ledger.csv", 3 * BATCH)
    seen: list[object] = []

    def on_batch(written: object) -> None:
        seen.append(written)
        raise Stop("the database refused the batch")

    with pytest.raises(Stop):
        parse_isolated(path, sink=Spool(tmp_path / "work"), on_batch=on_batch)
    assert len(seen) == 1
