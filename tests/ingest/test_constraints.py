"""Property: whatever the rows, a record the parser keeps is one the database accepts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elara.ingest import IngestError, parse_file
from elara.models.dataset import DatasetRecord

INT64 = 2**63 - 1
_COLUMNS = DatasetRecord.__table__.columns


def _limit(name: str) -> int | None:
    return getattr(_COLUMNS[name].type, "length", None)


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
    max_size=140,
)
dates = st.one_of(
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2300, 1, 1)).map(str),
    text,
)
amounts = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    text,
)
rows = st.lists(
    st.tuples(text, dates, text, text, amounts, st.sampled_from(["", "USD", "eur", "$", "XXX"])),
    min_size=1,
    max_size=15,
)


def _csv(data: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Company", "Date", "Account", "Category", "Amount", "Currency"])
    writer.writerows(data)
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_kept_records_satisfy_every_column_constraint(data: list[tuple[str, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.csv"
        path.write_text(_csv(data), encoding="utf-8")
        parser = parse_file(path)
        try:
            records = [r for batch in parser for r in batch.records]
        except IngestError:  # a whole-file refusal stores nothing, which is also safe
            return
    for record in records:
        for name in ("company_code", "account", "category", "currency"):
            value = getattr(record, name)
            if not _COLUMNS[name].nullable:
                assert value, (name, record)
            limit = _limit(name)
            assert value is None or limit is None or len(value) <= limit, (name, value)
        assert record.date is not None and 1900 <= record.date.year <= 2200
        assert isinstance(record.amount_minor, int) and abs(record.amount_minor) <= INT64
        assert record.description is None or len(record.description) <= 1000
    assert parser.report.records == len(records)
