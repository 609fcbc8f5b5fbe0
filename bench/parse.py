"""Benchmark elara.ingest: CSV and XLSX rows/s, openpyxl ratio, peak RSS by CSV size.

Usage: python bench/parse.py [--big] [--cache DIR]
(--big adds the slow 500 MB CSV RSS run; --cache keeps generated inputs in DIR between runs)
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from elara.ingest import parse_file

HEADER = "Company,Date,Account,Category,Amount,Currency,Description\n"


def write_csv(path: Path, rows: int) -> Path:
    """A 7-column CSV with mixed amount formats and day-first dates."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(rows):
            cents = rng.randint(-(10**8), 10**8)
            amount = f"{cents / 100:.2f}" if i % 10 else f'"({abs(cents) / 100:,.2f})"'
            out.write(
                f"C{i % 50},{i % 28 + 1:02d}/{i % 12 + 1:02d}/2024,Acct {i % 300},"
                f"Cat{i % 5},{amount},USD,Line {i}\n"
            )
    return path


def write_csv_of_size(path: Path, megabytes: int) -> Path:
    """Repeat a generated block until the file reaches the size."""
    sample_path = write_csv(path.with_suffix(".sample"), 100_000)
    sample = sample_path.read_text().split("\n", 1)[1]
    sample_path.unlink()
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        while out.tell() < megabytes << 20:
            out.write(sample)
    return path


def write_xlsx(path: Path, rows: int) -> Path:
    """A 7-column workbook with real date cells and numeric amounts."""
    import datetime as dt

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER.strip().split(","))
    start = dt.datetime(2024, 1, 1)
    for i in range(1, rows + 1):
        sheet.write_row(i, 0, [f"C{i % 50}"])
        sheet.write_datetime(i, 1, start + dt.timedelta(days=i % 365), date_format)
        sheet.write_row(
            i,
            2,
            [f"Acct {i % 300}", f"Cat{i % 5}", (i % 100_000) / 100, "EUR", f"L{i}"],
        )
    book.close()
    return path


def cached(write, path: Path, size: int) -> Path:
    """Reuse ``path`` when an earlier run generated it (size recorded alongside)."""
    stamp = path.with_suffix(path.suffix + ".done")
    if path.exists() and stamp.exists() and stamp.read_text() == str(size):
        return path
    write(path, size)
    stamp.write_text(str(size))
    return path


CPU: dict[str, float] = {}


def time_parse(path: Path) -> tuple[float, int]:
    """Seconds and record count for a full Elara parse."""
    start, cpu = time.perf_counter(), time.process_time()
    records = sum(len(batch) for batch in parse_file(path))
    CPU["elara"] = time.process_time() - cpu
    return time.perf_counter() - start, records


def time_openpyxl(path: Path) -> float:
    """Seconds for openpyxl read-only to iterate every row (no parsing at all)."""
    import openpyxl

    start, cpu = time.perf_counter(), time.process_time()
    book = openpyxl.load_workbook(path, read_only=True)
    for _row in book.active.iter_rows(values_only=True):
        pass
    book.close()
    CPU["openpyxl"] = time.process_time() - cpu
    return time.perf_counter() - start


def peak_rss_mb(path: Path) -> float:
    """Peak RSS (MB) of a fresh process that parses the file."""
    code = (
        "import resource,sys;from pathlib import Path;"
        f"sys.path.insert(0,{str(Path(__file__).resolve().parents[1])!r});"
        "from elara.ingest import parse_file;"
        f"n=sum(len(b) for b in parse_file(Path({str(path)!r})));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    """Generate inputs, run each measurement, print one line per number."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also measure a 500 MB CSV")
    parser.add_argument("--cache", type=Path, help="keep generated inputs in this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="elara-bench-") as tmp:
        root = Path(tmp)
        if args.cache is not None:
            args.cache.mkdir(parents=True, exist_ok=True)
            root = args.cache
        csv_path = cached(write_csv, root / "1m.csv", 1_000_000)
        seconds, records = time_parse(csv_path)
        size = csv_path.stat().st_size / 2**20
        print(
            f"CSV  1,000,000 rows ({size:.0f} MB): {seconds:.2f} s, {records / seconds:,.0f} rows/s"
        )
        xlsx_path = cached(write_xlsx, root / "100k.xlsx", 100_000)
        seconds, records = time_parse(xlsx_path)
        baseline = time_openpyxl(xlsx_path)
        print(f"XLSX 100,000 rows: {seconds:.2f} s, {records / seconds:,.0f} rows/s")
        print(
            f"XLSX openpyxl read_only iterate: {baseline:.2f} s; "
            f"Elara is {baseline / seconds:.1f}x faster"
        )
        cpu = CPU["elara"], CPU["openpyxl"]
        print(
            f"XLSX CPU time (less sensitive to other load): Elara {cpu[0]:.2f} s, "
            f"openpyxl {cpu[1]:.2f} s, {cpu[1] / cpu[0]:.1f}x"
        )
        sizes = [50, 500] if args.big else [50]
        peaks = {mb: peak_rss_mb(cached(write_csv_of_size, root / f"{mb}.csv", mb)) for mb in sizes}
        for mb, peak in peaks.items():
            print(f"Peak RSS parsing {mb} MB CSV: {peak:.0f} MB")
        if args.big:
            print(f"Peak RSS ratio 500 MB / 50 MB: {peaks[500] / peaks[50]:.2f}x")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(bench process peak RSS {own:.0f} MB)")


if __name__ == "__main__":
    main()
