"""Round fixes8: a cloud package's tracking columns in name / option pairs (layout 229)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from elara.ingest.pipeline import FileParser, parse_file
from elara.ingest.settings import ImportSettings
from elara.ingest.suggest import suggest_settings
from tests.corpus.fixes8 import xero_journal_tracking_csv
from tests.ingest.builders import write_text


def _typed(path: Path) -> ImportSettings:
    settings = suggest_settings(path).settings
    settings.constants.company = "Harbour Cafés Pty Ltd"
    settings.constants.currency = "AUD"
    return settings


def _read(path: Path) -> tuple[list[dict[str, object]], FileParser]:
    parser = parse_file(path, settings=_typed(path))
    attributes = [a for batch in parser for a in batch.columns["attributes"]]
    return attributes, parser


def test_a_tracking_name_column_names_the_dimension_of_its_options(tmp_path: Path) -> None:
    layout = xero_journal_tracking_csv(tmp_path)
    attributes, parser = _read(layout.path)
    regions = Counter(a.get("Region") for a in attributes)
    departments = Counter(a.get("Department") for a in attributes)
    assert set(regions) <= {"North", "South", "City"} and sum(regions.values()) == 24
    assert set(departments) <= {"Kitchen", "Front of house"}
    assert sum(departments.values()) == 24
    for header in ("TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2"):
        assert all(header not in a for a in attributes), header
    assert not any("Tracking" in w for w in parser.report.warnings)


def test_a_tracking_name_that_varies_keeps_the_headers_and_says_so(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "journal.csv",
        "*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,"
        "Tracking Name 1,Tracking Option 1\r\n"
        "Accrual,31/03/2025,Rent,470,BAS Excluded,1200.00,Region,North\r\n"
        "Accrual,31/03/2025,Rent,820,BAS Excluded,-1200.00,,\r\n"
        "Accrual,31/03/2025,Power,445,BAS Excluded,310.55,Department,Kitchen\r\n"
        "Accrual,31/03/2025,Power,820,BAS Excluded,-310.55,Region,South\r\n",
    )
    attributes, parser = _read(path)
    assert [a["Tracking Option 1"] for a in attributes] == ["North", None, "Kitchen", "South"]
    assert [a["Tracking Name 1"] for a in attributes] == ["Region", None, "Department", "Region"]
    (said,) = [w for w in parser.report.warnings if "Tracking" in w]
    assert '"Department", "Region" on different lines' in said
