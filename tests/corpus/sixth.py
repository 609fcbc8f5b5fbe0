"""Sixth round (docs/import.md, layouts 112 on): a Dutch bank's CSV whose amount is unsigned
beside an "Af Bij" column, a German bank's download with Soll / Haben columns between a
preamble and a "Kontostand" footer, a French bank's Débit / Crédit export with descriptions
over several lines, a point-of-sale processor's transactions CSV, a marketplace's settlement
report (tab-separated, the payout stated once on a summary line above the lines) and more.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.exports import in_out
from tests.corpus.model import Layout, single_company
from tests.corpus.write import count_on, day_in, fmt, money, write_csv

ZERO = Decimal(0)

# (name, code, kind, sign, low, high) of a Dutch current account's lines
NL_LINES = (
    ("Albert Heijn 1403 AMSTERDAM", "BA", "Betaalautomaat", -1, 5, 120),
    ("Vattenfall Klantenservice N.V.", "IC", "Incasso", -1, 60, 240),
    ("Belastingdienst", "OV", "Overschrijving", -1, 150, 1800),
    ("Bakkerij de Gouden Korenaar B.V.", "OV", "Overschrijving", 1, 300, 4800),
    ("Stichting Cultuurfonds", "GT", "Online bankieren", 1, 50, 900),
    ("Kosten OranjePakket", "DV", "Diversen", -1, 3, 3),
)


def ing_nl_af_bij_csv(directory: Path, seed: int = 112) -> Layout:
    """A Dutch bank's current-account download: "Datum" as yyyymmdd, Naam / Omschrijving,
    Rekening (the own IBAN), Tegenrekening, a two-letter Code, "Af Bij" (Af: money out, Bij:
    money in), "Bedrag (EUR)" always unsigned with a decimal comma, Mutatiesoort,
    Mededelingen, "Saldo na mutatie" (the balance after the line) and an empty Tag; every
    field quoted, ";" between them; newest first."""
    rng = random.Random(seed)
    path = directory / "NL91INGB0004386274_01-01-2025_31-03-2025.csv"
    header = [
        "Datum",
        "Naam / Omschrijving",
        "Rekening",
        "Tegenrekening",
        "Code",
        "Af Bij",
        "Bedrag (EUR)",
        "Mutatiesoort",
        "Mededelingen",
        "Saldo na mutatie",
        "Tag",
    ]
    lines = []
    for n in range(34):
        name, code, kind, sign, low, high = rng.choice(NL_LINES)
        lines.append((day_in(rng, 2025, rng.randint(1, 3)), n, name, code, kind, sign, low, high))
    lines.sort()
    balance = money(rng, 2000, 6000)
    body: list[list[object]] = []
    amounts: list[Decimal] = []
    dates: dict[dt.date, int] = {}
    for day, n, name, code, kind, sign, low, high in lines:
        amount = money(rng, low, high)
        balance += amount * sign
        amounts.append(amount * sign)
        other = (
            ""
            if code in ("BA", "DV")
            else f"NL{rng.randint(10, 99)}RABO0{rng.randint(10**8, 10**9 - 1)}"
        )
        note = {
            "BA": f"Pasvolgnr: 003 {day:%d-%m-%Y} 12:{n:02d} Transactie: {n:06d}",
            "IC": f"Naam: {name} Omschrijving: Termijnbedrag IBAN: {other} Machtiging ID: V{n:05d}",
        }.get(code, f"Naam: {name} Omschrijving: Factuur 2025-{n:03d} IBAN: {other}")
        body.append(
            [
                day.strftime("%Y%m%d"),
                name,
                "NL91INGB0004386274",
                other,
                code,
                "Af" if sign < 0 else "Bij",
                fmt(amount, decimal=","),
                kind,
                note,
                fmt(balance, decimal=","),
                "",
            ]
        )
        count_on(dates, day)
    write_csv(path, [header, *body[::-1]], delimiter=";", quoting=csv.QUOTE_ALL)
    return single_company(
        name="ing_nl_af_bij_csv",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="Bakkerij Van Dijk",
        expected_by_account=in_out(amounts, debit_positive=True),
        not_accounts=frozenset({"Saldo na mutatie", "Af Bij", "Code", "Mededelingen", "Tag"}),
        delimiter=";",
        decimal=",",
    )


# (Umsatzart, counterparty, purpose, sign, low, high) of a German current account's lines
DE_LINES = (
    ("SEPA-Lastschrift von", "Stadtwerke Bonn GmbH", "Abschlag Strom", -1, 40, 180),
    ("SEPA-Überweisung an", "Hausverwaltung Rhein GbR", "Miete Büro", -1, 900, 1400),
    ("SEPA-Gutschrift von", "Weinhandel Mosel KG", "RE-2025-{n:04d}", 1, 200, 5200),
    ("Kartenzahlung", "Bürobedarf Müller", "Einkauf", -1, 8, 260),
    ("Entgelt", "", "Kontoführung", -1, 9, 9),
)


def deutsche_bank_soll_haben_csv(directory: Path, seed: int = 113) -> Layout:
    """A German bank's account download: a preamble ("Umsätze Girokonto;Zeitraum: …", the
    "Neuer Kontostand" line, blank lines), then Buchungstag;Wert;Umsatzart;Begünstigter /
    Auftraggeber;Verwendungszweck;IBAN;BIC;Kundenreferenz;"Mandatsreferenz " (with its trailing
    space);Gläubiger ID;Fremde Gebühren;Betrag;Abweichender Empfänger;Anzahl der Aufträge;
    Anzahl der Schecks;Soll;Haben;Währung. Betrag is empty; money out is in Soll, printed
    negative ("-52,30"), money in in Haben, positive; d.m.yyyy dates; newest first; the last
    line is "Kontostand;<date>;;;<balance>;EUR" (the closing balance, under the wrong
    columns); cp1252."""
    rng = random.Random(seed)
    path = directory / "Kontoumsaetze_100_123456700_20250331_171204.csv"
    header = [
        "Buchungstag",
        "Wert",
        "Umsatzart",
        "Begünstigter / Auftraggeber",
        "Verwendungszweck",
        "IBAN",
        "BIC",
        "Kundenreferenz",
        "Mandatsreferenz ",
        "Gläubiger ID",
        "Fremde Gebühren",
        "Betrag",
        "Abweichender Empfänger",
        "Anzahl der Aufträge",
        "Anzahl der Schecks",
        "Soll",
        "Haben",
        "Währung",
    ]
    lines = []
    for n in range(30):
        kind, party, purpose, sign, low, high = rng.choice(DE_LINES)
        day = day_in(rng, 2025, rng.randint(1, 3))
        lines.append((day, n, kind, party, purpose.format(n=n), money(rng, low, high) * sign))
    lines.sort()
    opening = money(rng, 3000, 9000)
    closing = opening + sum((a for *_, a in lines), ZERO)
    de = {"decimal": ",", "thousands": "."}
    rows: list[list[object]] = [
        ["Umsätze Girokonto", "Zeitraum: 01.01.2025 - 31.03.2025", ""],
        ["Neuer Kontostand", f"{fmt(closing, **de)} EUR"],
        [""],
        [""],
        header,
    ]
    dates: dict[dt.date, int] = {}
    body = []
    for day, n, kind, party, purpose, amount in lines:
        iban = (
            "" if not party else f"DE{rng.randint(10, 99)}3704004405{rng.randint(10**7, 10**8 - 1)}"
        )
        mandate = f"MR-{n:05d}" if kind.startswith("SEPA-Lastschrift") else ""
        creditor = "DE98ZZZ09999999999" if mandate else ""
        when = f"{day.day}.{day.month}.{day.year}"
        body.append(
            [when, when, kind, party, purpose, iban, "COBADEFFXXX" if iban else "",
             "NOTPROVIDED" if iban else "", mandate, creditor, "", "", "", "", "",
             fmt(amount, **de) if amount < 0 else "", fmt(amount, **de) if amount > 0 else "",
             "EUR"]
        )  # fmt: skip
        count_on(dates, day)
    rows += body[::-1]
    rows.append(["Kontostand", "31.03.2025", "", "", fmt(closing, **de), "EUR"])
    write_csv(path, rows, delimiter=";", encoding="cp1252")
    return single_company(
        name="deutsche_bank_soll_haben_csv",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="Weinkontor Rheinblick GmbH",
        expected_by_account=in_out([a for *_, a in lines], debit_positive=True),
        not_accounts=frozenset({"Kontostand", "Betrag", "Anzahl der Aufträge", "Soll", "Haben"}),
        dimensions=frozenset({"Begünstigter / Auftraggeber"}),
        header_row=5,
        delimiter=";",
        encoding="cp1252",
        decimal=",",
    )


# (label lines, sign, low, high) of a French current account
FR_LINES = (
    (("PRLV SEPA EDF CLIENTS PARTICULIERS", "ECH/150325 ID EMETTEUR/FR46ZZZ005002"), -1, 40, 210),
    (("CARTE X4821 14/03 CARREFOUR MARKET",), -1, 6, 190),
    (
        ("VIREMENT EN VOTRE FAVEUR", "DE: SARL LES JARDINS DU SUD", "MOTIF: FACTURE F-{n}"),
        1,
        300,
        6000,
    ),
    (("VIR SEPA EMIS VERS URSSAF", "REF: COTISATIONS T1"), -1, 400, 2200),
    (("COTISATION OFFRE PRO",), -1, 14, 14),
    (("REMISE CHEQUES N {n}",), 1, 80, 1500),
)


def credit_agricole_debit_credit_csv(directory: Path, seed: int = 114) -> Layout:
    """A French bank's account download: a preamble (download date, holder, "Compte de Dépôt"
    with its number, "Solde au … 12 345,67 €", the period), then Date;Libellé;Débit euros;
    Crédit euros; with a trailing ";" on every line; dd/mm/yyyy; amounts unsigned with a
    decimal comma and a space between thousands; the Libellé in quotes and over several lines
    (a line break inside the field); cp1252; newest first."""
    rng = random.Random(seed)
    path = directory / "CA20250405_101532.csv"
    lines = []
    for n in range(32):
        label, sign, low, high = rng.choice(FR_LINES)
        day = day_in(rng, 2025, rng.randint(1, 3))
        text = "\n".join(part.format(n=1000 + n) for part in label)
        lines.append((day, n, text, money(rng, low, high) * sign))
    lines.sort()
    closing = money(rng, 5000, 20000) + sum((a for *_, a in lines), ZERO)
    fr = {"decimal": ",", "thousands": " "}
    rows: list[list[object]] = [
        ["Téléchargement du 05/04/2025", ""],
        ["", ""],
        ["SARL L'ATELIER DES OLIVIERS", ""],
        ["Compte de Dépôt carte n° 81234567890", ""],
        [f"Solde au 31/03/2025 {fmt(closing, **fr)} €", ""],
        ["", ""],
        ["Liste des opérations du compte entre le 01/01/2025 et le 31/03/2025", ""],
        ["", ""],
        ["Date", "Libellé", "Débit euros", "Crédit euros", ""],
    ]
    dates: dict[dt.date, int] = {}
    for day, _, text, amount in reversed(lines):
        rows.append(
            [
                day.strftime("%d/%m/%Y"),
                text,
                fmt(-amount, **fr) if amount < 0 else "",
                fmt(amount, **fr) if amount > 0 else "",
                "",
            ]
        )
        count_on(dates, day)
    write_csv(path, rows, delimiter=";", encoding="cp1252")
    return single_company(
        name="credit_agricole_debit_credit_csv",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="SARL L'ATELIER DES OLIVIERS",
        typed=False,
        expected_by_account=in_out([a for *_, a in lines], debit_positive=True),
        not_accounts=frozenset({"Libellé", "Débit euros", "Crédit euros"}),
        header_row=9,
        delimiter=";",
        encoding="cp1252",
        decimal=",",
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "ing_nl_af_bij_csv": ing_nl_af_bij_csv,
    "deutsche_bank_soll_haben_csv": deutsche_bank_soll_haben_csv,
    "credit_agricole_debit_credit_csv": credit_agricole_debit_credit_csv,
}
