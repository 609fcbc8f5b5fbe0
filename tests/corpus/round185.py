"""Layouts 185-194 (docs/import.md): a Swiss postal bank's download with "Gutschrift in CHF"
and "Lastschrift in CHF", a Mexican bank's statement with a negative CARGO column, a Japanese
bank's Shift_JIS download (年月日, お引出し, お預入れ) and a Chinese package's account
balance table (科目余额表) with opening, movement and closing Debit | Credit pairs.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus.exports import in_out
from tests.corpus.model import Layout, single_company
from tests.corpus.write import count_on, day_in, fmt, money, rounded, write_csv

ZERO = Decimal(0)


# 185 ------------------------------------------------------------------------------------
# (Bewegungstyp text, Avisierungstext, sign, low, high) of a Swiss postal account's lines
CH_LINES = (
    ("KAUF/DIENSTLEISTUNG VOM", "COOP-1234 BERN", -1, 8, 240),
    ("GUTSCHRIFT VON", "MUSTER TREUHAND AG, 3011 BERN", 1, 400, 9000),
    ("ÜBERWEISUNG AUF KONTO", "SWISSCOM (SCHWEIZ) AG", -1, 40, 180),
    ("LASTSCHRIFT", "KRANKENKASSE ZENTRAL", -1, 220, 640),
    ("TWINT GUTSCHRIFT", "TWINT 079 123 45 67", 1, 20, 300),
    ("PREIS FÜR KONTOFÜHRUNG", "", -1, 5, 5),
)


def postfinance_csv(directory: Path, seed: int = 185) -> Layout:
    """A Swiss postal bank's account download: a preamble of "Key:;value" lines whose values
    are written as Excel text formulas (`="01.01.2025"`), a blank line, "Datum;Bewegungstyp;
    Avisierungstext;Gutschrift in CHF;Lastschrift in CHF;Label;Kategorie", another blank
    line, the lines newest first (dd.mm.yyyy; credits positive, debits negative in their own
    column), then a blank line, "Disclaimer:" and its sentence; ";" between fields, UTF-8
    with a byte-order mark."""
    rng = random.Random(seed)
    path = directory / "export_transactions_20250402.csv"
    rows: list[list[object]] = [
        ["Datum von:", '="01.01.2025"'],
        ["Datum bis:", '="31.03.2025"'],
        ["Kategorie:", '="Alle"'],
        ["Konto:", '="CH5609000000251234567"'],
        ["Währung:", '="CHF"'],
        [],
        ["Datum", "Bewegungstyp", "Avisierungstext", "Gutschrift in CHF", "Lastschrift in CHF",
         "Label", "Kategorie"],
        [],
    ]  # fmt: skip
    lines = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), n, rng.choice(CH_LINES)) for n in range(34)
    )
    body: list[list[object]] = []
    dates: dict[dt.date, int] = {}
    amounts: list[Decimal] = []
    for day, _, (kind, party, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        amounts.append(amount)
        count_on(dates, day)
        text = f"{kind} {day:%d.%m.%Y} {party}".strip()
        credit, debit = (fmt(amount), "") if amount > 0 else ("", fmt(amount))
        category = "Einnahmen" if amount > 0 else rng.choice(("Haushalt", "Wohnen", ""))
        body.append([day.strftime("%d.%m.%Y"), "Buchung", text, credit, debit, "", category])
    tail: list[list[object]] = [
        [],
        ["Disclaimer:"],
        ["Dieser Auszug entstand aus Ihren Filtereinstellungen; er ist ohne Gewähr."],
    ]
    write_csv(path, [*rows, *body[::-1], *tail], delimiter=";", encoding="utf-8-sig")
    return single_company(
        name="postfinance_csv",
        currency="CHF",
        records_by_date=dates,
        path=path,
        company="Atelier Aare GmbH",
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"Gutschrift in CHF", "Lastschrift in CHF", "Label"}),
        header_row=7,
        delimiter=";",
        encoding="utf-8-sig",
    )


# 186 ------------------------------------------------------------------------------------
MX_LINES = (
    ("PAGO CUENTA DE TERCERO / 0041782016 BNET", -1, 500, 9000),
    ("SPEI RECIBIDO / BANORTE 0112 CLIENTE", 1, 1500, 48000),
    ("PAGO TARJETA DE CREDITO / BMOV", -1, 800, 12000),
    ("DEPOSITO EN EFECTIVO / PRACTICAJA", 1, 200, 9000),
    ("COMISION MANEJO DE CUENTA", -1, 199, 199),
    ("IVA COMISION MANEJO DE CUENTA", -1, 32, 32),
    ("RETIRO CAJERO AUTOMATICO", -1, 300, 6000),
)


def bbva_mx_csv(directory: Path, seed: int = 186) -> Layout:
    """A Mexican bank's account movements download: FECHA (dd/mm/yyyy), DESCRIPCIÓN,
    CARGO, ABONO, SALDO, every field quoted; amounts with thousands commas and a point
    ("2,500.00"); the CARGO (charge) column holds negative numbers ("-2,500.00"), ABONO
    positive; the other column empty; newest first."""
    rng = random.Random(seed)
    path = directory / "movimientos.csv"
    rows: list[list[object]] = [["FECHA", "DESCRIPCIÓN", "CARGO", "ABONO", "SALDO"]]
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 6)), n, rng.choice(MX_LINES)) for n in range(32)
    )
    balance = money(rng, 20000, 90000)
    body: list[list[object]] = []
    dates: dict[dt.date, int] = {}
    amounts: list[Decimal] = []
    for day, _, (text, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        balance += amount
        amounts.append(amount)
        count_on(dates, day)
        printed = fmt(amount, thousands=",")
        cargo, abono = ("", printed) if amount > 0 else (printed, "")
        body.append([day.strftime("%d/%m/%Y"), text, cargo, abono, fmt(balance, thousands=",")])
    write_csv(path, [*rows, *body[::-1]], quoting=1)
    return single_company(
        name="bbva_mx_csv",
        records_by_date=dates,
        path=path,
        company="Comercializadora del Bajío SA de CV",
        currency=None,
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"SALDO", "CARGO", "ABONO"}),
    )


# 187 ------------------------------------------------------------------------------------
# (お取り扱い内容, sign, low, high) of a Japanese ordinary account's lines, in yen
JP_LINES = (
    ("ﾌﾘｺﾐ ｶ)ｻｸﾗｼｮｳｼﾞ", 1, 30000, 900000),
    ("ﾃﾞﾝｷ ﾄｳｷｮｳﾃﾞﾝﾘｮｸ", -1, 4000, 38000),
    ("ｶｰﾄﾞ ﾐﾂｲｽﾐﾄﾓｶｰﾄﾞ", -1, 10000, 240000),
    ("ﾌﾘｺﾐﾃｽｳﾘｮｳ", -1, 110, 440),
    ("ATM", -1, 10000, 50000),
    ("ｷﾕｳﾖ ｼｬｲﾝ", -1, 180000, 420000),
)


def smbc_yen_sjis_csv(directory: Path, seed: int = 187) -> Layout:
    """A Japanese bank's account details download: 年月日 (yyyy/mm/dd), お引出し (paid
    out), お預入れ (paid in), お取り扱い内容 (the line's text, in half-width katakana), 残高
    (balance), メモ, ラベル; whole yen without separators, the other column empty; oldest
    first; Shift_JIS. Nothing states the currency."""
    rng = random.Random(seed)
    path = directory / "meisai.csv"
    rows: list[list[object]] = [
        ["年月日", "お引出し", "お預入れ", "お取り扱い内容", "残高", "メモ", "ラベル"]
    ]
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 6)), n, rng.choice(JP_LINES)) for n in range(30)
    )
    balance = Decimal(rng.randint(800000, 3000000))
    dates: dict[dt.date, int] = {}
    amounts: list[Decimal] = []
    for day, _, (text, sign, low, high) in lines:
        amount = Decimal(rng.randint(low, high)) * sign
        balance += amount
        amounts.append(amount)
        count_on(dates, day)
        out, into = (str(-amount), "") if amount < 0 else ("", str(amount))
        rows.append([day.strftime("%Y/%m/%d"), out, into, text, str(balance), "", ""])
    write_csv(path, rows, encoding="shift_jis")
    return single_company(
        name="smbc_yen_sjis_csv",
        records_by_date=dates,
        path=path,
        company="Sakura Shoji KK",
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"残高", "お引出し", "お預入れ"}),
        encoding="shift_jis",
    )


# 188 ------------------------------------------------------------------------------------
# (科目编码, 科目名称, side of the balance: 1 debit, -1 credit)
CN_CHART = (
    ("1001", "库存现金", 1),
    ("1002", "银行存款", 1),
    ("1122", "应收账款", 1),
    ("1403", "原材料", 1),
    ("1601", "固定资产", 1),
    ("1602", "累计折旧", -1),
    ("2202", "应付账款", -1),
    ("2211", "应付职工薪酬", -1),
    ("2221", "应交税费", -1),
    ("4001", "实收资本", -1),
    ("4103", "本年利润", -1),
)


def _balanced(rng: random.Random, low: int, high: int) -> list[Decimal]:
    """Signed balances of the chart (debit positive) that sum to zero."""
    values = [money(rng, low, high) * side for _, _, side in CN_CHART[:-1]]
    return [*values, -sum(values, ZERO)]


def _pair(value: Decimal) -> list[float | str]:
    """A signed balance as its Debit | Credit pair, the empty side blank."""
    return [float(value), ""] if value >= 0 else ["", float(-value)]


def kemu_yue_biao_xlsx(directory: Path, seed: int = 188) -> Layout:
    """A Chinese accounting package's account balance table (科目余额表) exported to
    Excel: the title merged over the sheet; "编制单位" and the company after a full-width
    colon, the period "2025年12月" and the unit (元); two header rows: 科目编码, 科目名称,
    then 期初余额 (opening), 本期发生额 (the month's movements) and 期末余额 (closing),
    each merged over 借方 (debit) | 贷方 (credit); one row per account; a 合计 (total) row
    with equal sides. The as-of balance is the closing pair, debit minus credit."""
    rng = random.Random(seed)
    opening = _balanced(rng, 20000, 900000)
    debits = [money(rng, 0, 300000) for _ in CN_CHART]
    credits = [money(rng, 0, 300000) for _ in CN_CHART]
    gap = sum(debits, ZERO) - sum(credits, ZERO)
    debits[-1], credits[-1] = (
        (debits[-1], credits[-1] + gap) if gap > 0 else (debits[-1] - gap, credits[-1])
    )
    closing = [o + d - c for o, d, c in zip(opening, debits, credits, strict=True)]
    path = directory / "科目余额表_2025年12月.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("科目余额表")
    centre = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.merge_range(0, 0, 0, 7, "科目余额表", centre)
    sheet.write(1, 0, "编制单位\uff1a华南精密制造有限公司")
    sheet.write(1, 4, "2025年12月")
    sheet.write(1, 7, "单位\uff1a元")
    sheet.merge_range(2, 0, 3, 0, "科目编码", centre)
    sheet.merge_range(2, 1, 3, 1, "科目名称", centre)
    for c, head in ((2, "期初余额"), (4, "本期发生额"), (6, "期末余额")):
        sheet.merge_range(2, c, 2, c + 1, head, centre)
        sheet.write(3, c, "借方", centre)
        sheet.write(3, c + 1, "贷方", centre)
    r = 4
    for (code, name, _), o, d, c, e in zip(
        CN_CHART, opening, debits, credits, closing, strict=True
    ):
        sheet.write_string(r, 0, code)
        sheet.write_string(r, 1, name)
        for col, value in enumerate([*_pair(o), float(d), float(c), *_pair(e)], start=2):
            if value != "":
                sheet.write_number(r, col, value, num)
        r += 1
    sheet.write(r, 0, "合计")
    sides = [
        sum((v for v in opening if v > 0), ZERO), -sum((v for v in opening if v < 0), ZERO),
        sum(debits, ZERO), sum(credits, ZERO),
        sum((v for v in closing if v > 0), ZERO), -sum((v for v in closing if v < 0), ZERO),
    ]  # fmt: skip
    for col, value in enumerate(sides, start=2):
        sheet.write_number(r, col, float(value), num)
    book.close()
    return single_company(
        name="kemu_yue_biao_xlsx",
        records_by_date={dt.date(2025, 12, 31): len(CN_CHART)},
        path=path,
        company="华南精密制造有限公司",
        typed=False,
        currency="CNY",
        expected_by_account=rounded(
            {name: e for (_, name, _), e in zip(CN_CHART, closing, strict=True)}
        ),
        not_accounts=frozenset({"借方", "贷方", "期初余额", "本期发生额", "期末余额", "科目编码"}),
        balanced=True,
        header_row=4,
        sheet="科目余额表",
    )


# 189 ------------------------------------------------------------------------------------
# (交易类型 kind, 交易备注 remark, sign, low, high) of a Chinese debit card's lines, in yuan
CMB_LINES = (
    ("银联快捷支付", "美团-外卖订单", -1, 18, 160),
    ("代发工资", "华南精密制造有限公司", 1, 6000, 18000),
    ("网联协议支付", "财付通-超市购物", -1, 30, 900),
    ("转账汇款", "房租", -1, 2500, 4200),
    ("银联在线支付", "拼多多订单", -1, 9, 480),
    ("账户结息", "利息", 1, 1, 12),
)


def cmb_tab_prefixed_csv(directory: Path, seed: int = 189) -> Layout:
    """A Chinese bank's debit-card transaction download: "#" lines above the table (the
    title 招商银行交易记录, export time, the masked card number, 币种 [人民币], the date range
    in brackets), then 交易日期 (yyyymmdd), 交易时间, 收入 (paid in), 支出 (paid out), 余额
    (balance), 交易类型 (the kind), 交易备注 (the remark); every field quoted and the text
    ones led by a tab (kept by the bank so a spreadsheet shows "20250403" as text);
    newest first; two "#" lines of totals below ("# 收入合计" and "# 支出合计", the count and
    the sum, with a full-width comma)."""
    rng = random.Random(seed)
    path = directory / "CMB_6214_20250401_20250630.csv"
    comma = "\uff0c"
    head = [
        "# 招商银行交易记录",
        "# 导出时间: [2025-07-01 09:12:44]",
        "# 卡号: [6214********3021]",
        "# 币种: [人民币]",
        "# 起始日期: [20250401]   终止日期: [20250630]",
        "# 过滤设置: [无]",
        "交易日期,交易时间,收入,支出,余额,交易类型,交易备注",
    ]
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 6)), n, rng.choice(CMB_LINES)) for n in range(30)
    )
    balance = money(rng, 20000, 80000)
    body: list[str] = []
    dates: dict[dt.date, int] = {}
    amounts: list[Decimal] = []
    for day, n, (kind, remark, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        balance += amount
        amounts.append(amount)
        count_on(dates, day)
        paid_in, paid_out = (fmt(amount), "") if amount > 0 else ("", fmt(-amount))
        clock = f"{8 + n % 12:02d}:{n * 7 % 60:02d}:{n * 13 % 60:02d}"
        cells = [f"\t{day:%Y%m%d}", f"\t{clock}", paid_in, paid_out, fmt(balance),
                 f"\t{kind}", f"\t{remark}"]  # fmt: skip
        body.append(",".join(f'"{c}"' for c in cells))
    ins = [a for a in amounts if a > 0]
    outs = [-a for a in amounts if a < 0]
    foot = [
        f"# 收入合计: {len(ins)}笔{comma} 共{fmt(sum(ins, ZERO))}元",
        f"# 支出合计: {len(outs)}笔{comma} 共{fmt(sum(outs, ZERO))}元",
    ]
    text = "\r\n".join([*head, *body[::-1], *foot]) + "\r\n"
    path.write_text(text, encoding="utf-8-sig", newline="")
    return single_company(
        name="cmb_tab_prefixed_csv",
        records_by_date=dates,
        path=path,
        company="Lin Wei",
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"余额", "收入", "支出", "交易时间"}),
        header_row=7,
        encoding="utf-8-sig",
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "postfinance_csv": postfinance_csv,
    "bbva_mx_csv": bbva_mx_csv,
    "smbc_yen_sjis_csv": smbc_yen_sjis_csv,
    "cmb_tab_prefixed_csv": cmb_tab_prefixed_csv,
    "kemu_yue_biao_xlsx": kemu_yue_biao_xlsx,
}
GAPS: dict[str, Callable[[Path], Layout]] = {}
