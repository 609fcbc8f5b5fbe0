"""Layouts 185-187 (docs/import.md): a Swiss bank's "Gutschrift in CHF" / "Lastschrift in
CHF" with a category set on some lines, a Mexican bank's CARGO / ABONO with the charges
printed negative, and a Japanese bank's Shift_JIS download (年月日, お引出し, お預入れ)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole
from elara.ingest.sniff import sniff_text
from elara.ingest.suggest import suggest_settings
from elara.ingest.vocabulary import header_role
from tests.amounts import sums_by_account


def _read(path: Path, currency: str) -> tuple[dict[str, str], dict[str, Decimal], list[str]]:
    """Roles suggested, the parsed records summed by account, and the row errors."""
    settings = suggest_settings(path).settings
    settings.constants.company = "Test Co"
    settings.constants.currency = currency
    roles = {c.header: str(c.role) for c in settings.columns}
    parser = parse_file(path, settings=settings)
    sums = sums_by_account(parser)
    return roles, sums, [e.message for e in parser.report.errors]


def test_a_side_in_a_currency_is_that_side() -> None:
    assert str(header_role("Gutschrift in CHF")) == "credit"
    assert str(header_role("Lastschrift in CHF")) == "debit"
    assert header_role("Saldo in CHF") == header_role("Saldo")
    assert str(header_role("CARGO")) == "debit"
    assert str(header_role("ABONO")) == "credit"
    assert str(header_role("DESCRIPCIÓN")) == "description"


def test_a_category_on_some_lines_of_a_debit_credit_download_only_filters(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    lines = [
        f"{d:02d}.03.2025;Buchung;TEXT {d};{'' if d % 3 else '100.00'};"
        f"{'-12.50' if d % 3 else ''};;{'Wohnen' if d % 2 else ''}"
        for d in range(1, 13)
    ]
    path.write_text(
        'Datum von:;="01.03.2025"\nKonto:;="CH5609000000251234567"\n\n'
        "Datum;Bewegungstyp;Avisierungstext;Gutschrift in CHF;Lastschrift in CHF;Label;"
        "Kategorie\n\n" + "\n".join(lines) + "\n\nDisclaimer:\nOhne Gewähr.\n",
        encoding="utf-8-sig",
    )
    roles, sums, errors = _read(path, "CHF")
    assert not errors
    assert roles["Gutschrift in CHF"] == "credit"
    assert roles["Kategorie"] == "dimension"  # not the account: most lines have none
    # read as cash (money out negative); the charges' minus marks their side, not a refund
    assert sums == {"Money in": Decimal(400), "Money out": Decimal("-100.00")}


def test_spanish_charges_and_deposits(tmp_path: Path) -> None:
    path = tmp_path / "movimientos.csv"
    rows = [
        f'"{d:02d}/05/2025","PAGO {d}","{"-2,500.00" if d % 2 else ""}",'
        f'"{"" if d % 2 else "1,800.00"}","{10000 + d:,}.00"'
        for d in range(1, 11)
    ]
    path.write_text(
        '"FECHA","DESCRIPCIÓN","CARGO","ABONO","SALDO"\n' + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    roles, sums, errors = _read(path, "MXN")
    assert not errors
    assert (roles["CARGO"], roles["ABONO"], roles["DESCRIPCIÓN"]) == (
        "debit",
        "credit",
        "description",
    )
    assert sums == {"Money in": Decimal(9000), "Money out": Decimal(-12500)}


def test_a_japanese_download_in_shift_jis(tmp_path: Path) -> None:
    path = tmp_path / "meisai.csv"
    rows = [
        f"2025/04/{d:02d},{'' if d % 2 else 3000},{5000 if d % 2 else ''},ﾌﾘｺﾐ {d},{90000 + d},,"
        for d in range(1, 9)
    ]
    text = "年月日,お引出し,お預入れ,お取り扱い内容,残高,メモ,ラベル\n" + "\n".join(rows) + "\n"
    path.write_bytes(text.encode("shift_jis"))
    assert sniff_text(path).encoding == "cp932"
    roles, sums, errors = _read(path, "JPY")
    assert not errors
    assert (roles["年月日"], roles["お引出し"], roles["お預入れ"]) == ("date", "debit", "credit")
    assert sums == {"Money in": Decimal(20000), "Money out": Decimal(-12000)}


def test_western_single_byte_text_is_not_taken_for_shift_jis(tmp_path: Path) -> None:
    path = tmp_path / "releve.csv"
    path.write_bytes("Date;Libellé;Débit;Crédit\n01/03/2025;Réglé;12,00;\n".encode("cp1252"))
    assert sniff_text(path).encoding == "cp1252"


def test_a_chinese_bank_download_with_tab_led_fields(tmp_path: Path) -> None:
    path = tmp_path / "cmb.csv"
    rows = [
        f'"\t202504{d:02d}","\t10:0{d}:00","{"" if d % 2 else "50.00"}",'
        f'"{"20.00" if d % 2 else ""}","{900 + d}.00","\t转账","\t备注 {d}"'
        for d in range(1, 9)
    ]
    path.write_text(
        "# 交易记录\n交易日期,交易时间,收入,支出,余额,交易类型,交易备注\n" + "\n".join(rows) + "\n",
        encoding="utf-8-sig",
    )
    roles, sums, errors = _read(path, "CNY")
    assert not errors
    assert (roles["交易日期"], roles["收入"], roles["支出"]) == ("date", "credit", "debit")
    assert sums == {"Money in": Decimal(200), "Money out": Decimal(-80)}


def test_cargo_alone_is_a_money_column_not_a_debit(tmp_path: Path) -> None:
    """ "Cargo" and "Abono" are a bank's sides only beside each other: an airline's revenue
    by year with "Passenger", "Cargo" and "Other" keeps Cargo as money like the others."""
    path = tmp_path / "revenue.csv"
    path.write_text(
        "Year,Passenger,Cargo,Other\n2022,41250.5,8100.25,950\n2023,45010,7900.75,1020.5\n"
        "2024,47900.25,8420,1100\n",
        encoding="utf-8",
    )
    roles = {c.header: c.role for c in suggest_settings(path).settings.columns}
    assert roles["Cargo"] is roles["Passenger"] is ColumnRole.measure
