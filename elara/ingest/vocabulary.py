"""What a column header says about the column's role, in the words finance exports use.

Headers are matched case-, space- and punctuation-insensitively, first as a whole
("Order Date", "G/L Acct", "Crcy"), then by their last word ("Invoice Date", "Customer ID").
The values of the column have the last word (see ``suggest``): this is only the first guess.
"""

from __future__ import annotations

import re

from elara.ingest.settings import ColumnRole as R

# Role of a header written exactly like this (normalised).
_EXACT: dict[R | str, tuple[str, ...]] = {
    R.company: (
        "company", "entity", "ticker", "firma", "mandant", "societe", "société", "gesellschaft",
        "buchungskreis", "company code", "companycode", "company id", "cocd",
        "co cd", "company name", "legal entity", "subsidiary", "entity code", "symbol",
    ),
    R.date: (
        "date", "posting date", "postingdate", "transaction date", "value date", "order date",
        "invoice date", "doc date", "document date", "txn date", "entry date", "gl date",
        "journal date", "effective date", "booking date", "trans date", "posted date",
        "date posted", "completed date", "pstng date", "posting", "as of date", "as at",
        "datum", "belegdatum", "buchungsdatum", "date comptable", "date d écriture", "fecha",
        "ddate",
        # Swedish, Polish, Portuguese and Italian bank downloads
        "bokföringsdag", "bokföringsdatum", "data operacji", "data",
        # Japanese bank downloads: the date (年月日 "year month day"), the dealing date
        "年月日", "取引日", "お取引日", "日付", "取扱日",
        "交易日期", "记账日期",  # a Chinese bank's
    ),
    R.period: (
        "period", "fiscal period", "fiscal year", "year", "month", "quarter", "fy", "yearmonth",
        "year month", "month name", "month number", "accounting period", "per", "fiscal month",
        "fiscal quarter", "reporting period", "period name", "fin year", "financial year",
    ),
    R.account: (
        "account", "accounts", "gl account", "gl", "line item", "account name",
        "account description", "gl description", "account title", "ledger account", "nominal",
        "nominal code name", "full account name",
        "gl account name", "item", "breakdown", "particulars", "financial item", "line",
        "account number", "account no", "acct", "gl acct", "g l acct", "glcode", "gl code",
        "nc", "n c", "nominal code", "account code", "acct no", "ac", "ac code", "a c",
        "account id", "gl account number", "financial statement item", "metric", "caption",
        "short text", "long text", "g l account name", "gl name", "konto", "kontobezeichnung",
        "sachkonto", "compte", "intitulé", "libellé du compte", "intitulé du compte",
        "numéro de compte", "kontonummer", "cuenta",
        "expense type", "expense category", "spend category",  # an expense report's lines
        "expenditure category",  # a council's payments to suppliers: what was bought
        "amount description",  # a settlement report's Principal, Commission, Storage Fee
        "科目名称", "会计科目", "科目",  # a Chinese ledger's account name
    ),
    R.category: (
        "category", "type", "class", "account type", "account class", "classification",
        "account category", "account group", "group",
        "spending category",  # an app bank's GROCERIES, BILLS_AND_SERVICES, INCOME
        "kategorie", "categoría", "categoria", "catégorie", "kategori",
    ),
    R.amount: (
        "amount", "value", "net amount", "net", "amount minor", "amt", "transaction amount",
        "local amount", "amount in local currency", "amount lc", "amount usd", "amt in loc cur",
        "amount in doc curr", "amount in local cur", "amount in doc cur", "amount in lc",
        "amount in dc", "lc amount", "amount in company code currency", "betrag hauswährung",
        "betrag in hauswährung", "balance", "total", "net change", "closing balance", "ytd",
        "actual", "actuals", "value usd", "net value", "betrag", "montant", "saldo", "solde",
        "importe", "bedrag",
        # A German bank's or DATEV's "Umsatz" beside its S/H (Soll/Haben) indicator column:
        # the movement's amount, unsigned ("Umsatz (ohne Soll/Haben-Kz)").
        "umsatz", "umsatz ohne soll haben kz",
        "belopp", "kwota", "valor",  # Swedish, Polish, Portuguese / Spanish
        "残高", "余额",  # a Japanese and a Chinese bank's balance, as "Balance" and "Saldo"
        "期末余额",  # a Chinese balance table's closing balance
        "beløb", "beløp", "määrä",  # a Danish, a Norwegian and a Finnish bank's amount
        "objem", "částka",  # a Czech bank's amount ("volume")
    ),
    R.debit: (
        "debit", "dr", "debits", "debit amount", "debit amt", "debit rept period", "soll",
        "débit", "debe", "sollbetrag", "total debit", "debit balance",
        "withdrawal amt", "withdrawal amount", "withdrawal amount inr", "withdrawals amt",
        # A Swiss bank's charges; a Spanish-speaking bank's; a Japanese bank's money paid out
        "lastschrift", "belastung", "cargo", "cargos", "débitos", "debitos", "retiros",
        "お引出し", "お引出し金額", "出金", "出金金額", "お支払金額", "支払い金額",
        "支出", "支出金额",  # a Chinese bank's money paid out
        "借方", "借方金额", "借方发生额", "本期借方",  # a Chinese ledger's debit
        "uttak",  # a Norwegian bank's money paid out
        "outflow",  # a budgeting app's register, beside its "Inflow"
    ),
    R.credit: (
        "credit", "cr", "credits", "credit amount", "credit amt", "credit rept period", "haben",
        "crédit", "haber", "habenbetrag", "total credit", "credit balance",
        "deposit amt", "deposit amount", "deposit amount inr", "deposits amt",
        "gutschrift", "abono", "abonos", "créditos", "creditos", "depósitos",
        "お預入れ", "お預入れ金額", "入金", "入金金額", "お預り金額", "預かり金額",
        "收入", "收入金额",  # a Chinese bank's money paid in
        "贷方", "贷方金额", "贷方发生额", "本期贷方",  # a Chinese ledger's credit
        "innskudd",  # a Norwegian bank's money paid in
        "inflow",
    ),
    R.currency: (
        "ccy", "currency", "currency code", "cur", "crcy", "curr", "lcurr", "doc currency",
        "transaction currency", "iso currency", "currency iso", "währung", "devise", "whrg",
        "waehrung", "munt", "valuta", "valuutta", "divisa", "moneda", "waluta", "moeda",
        "měna",  # Czech
        # A unit of measure per row (the SEC data sets' uom: USD, shares, USD/shares): rows in
        # a unit that is no currency are not money (`elara.ingest.rows`).
        "uom", "unit of measure",
    ),
    R.description: (
        "description", "memo", "narrative", "details", "narration", "text",
        "transaction description", "memo description", "item text", "line description",
        "particular", "remarks", "comment", "comments", "notes", "buchungstext", "libellé",
        "libelle", "texte", "concepto", "verwendungszweck", "mededelingen", "omschrijving",
        "vorgang verwendungszweck",
        "omschrijving 1",
        "beskrivning", "detalhes",  # Swedish, Portuguese
        "descripción", "descripcion", "avisierungstext",  # Spanish; a Swiss bank's line text
        "お取り扱い内容", "摘要", "取引内容",  # a Japanese bank's line text
        "交易备注", "备注",  # a Chinese bank's
        "tekst", "forklaring", "viesti",  # a Danish, a Norwegian bank's text; a Finnish message
        "zpráva pro příjemce",  # a Czech bank's message for the payee
    ),
    R.measure: (
        "sales", "profit", "revenue", "gross sales", "discounts", "cogs", "cost", "costs",
        "expenses", "income", "withdrawals", "deposits", "gross profit", "net income",
        "ebitda", "paid in", "paid out", "money in", "money out", "receipts", "payments",
        "fee", "fees", "fee amount",
        "spend", "budget", "forecast", "market cap", "operating income", "net sales",
        "cost of sales", "operating expenses", "withdrawal", "deposit", "debit card",
        "gross margin", "net profit", "tax", "interest", "cost of goods sold",
        "cost of revenue", "pre tax income", "income taxes", "other income",
    ),
    R.quantity: (
        "quantity", "qty", "units", "units sold", "unit price", "price", "sale price",
        "manufacturing price", "rate", "discount", "headcount", "employees", "fte", "ratio",
        "eps", "shares", "count", "days", "hours", "weight", "inflation", "roe", "roa", "roi",
        "yield", "score", "age", "running balance", "number of employees", "margin",
        "exchange rate", "fx rate", "percent", "percentage", "share", "volume", "pct",
        "shares outstanding", "outstanding shares", "weighted average shares",
        "amount paid", "paid amount", "amount outstanding", "outstanding amount",
        # The fees a line already includes (or that lines of their own take): a wallet's
        # "Total fees" restates them; a bare "Fee" beside the amount is taken on top of it.
        "total fees", "total fee",
        # The amount in the currency a card paid abroad in, beside the account's own amount.
        "original amount", "oorspr bedrag", "foreign amount",
    ),
    R.ignore: (
        "id", "row id", "row", "no", "number", "index", "order id", "customer id", "product id",
        "postal code", "zip", "zip code", "zipcode", "postcode", "post code", "ref",
        "reference", "doc no", "document number", "transaction id", "check number",
        "check or slip", "num", "line no", "journal no", "batch", "trans no", "tran no",
        "entry no", "document no", "invoice no", "invoice number", "doc number", "je number",
        "journal entry", "line number", "sn", "s no", "sr no", "serial", "sequence", "seq",
        "ship date", "due date", "split", "voucher", "voucher no", "cheque no", "check no",
        "audit trail", "user", "created by", "entered by", "posted by", "gegenkonto",
        "belegfeld 1", "belegfeld", "belegnummer", "beleg", "pièce", "n de pièce", "journal",
        "code journal", "assignment", "zuordnung", "documentno", "posting key", "pk", "bschl",
        "tax code", "tx", "note", "note ref", "note no", "anhang", "annexe", "ref no",
        "time", "transaction time", "uhrzeit", "heure", "交易时间", "timezone", "time zone",
        # A Czech payment's symbols (konstantní, variabilní, specifický): codes, never money;
        # its counter-account's number and bank code
        "ks", "vs", "ss", "protiúčet", "kód banky",
        "科目编码", "科目代码",  # a Chinese ledger's account code, beside its name
        "kundenreferenz", "kundenreferenz end to end", "end to end reference", "end to end id",
        "mandatsreferenz", "mandate reference", "glaeubiger id", "gläubiger id", "creditor id",
        "sammlerreferenz", "bic", "bic swift code", "iban", "kontonummer iban",
        "blz", "bankleitzahl", "swift", "swift code", "bic swift", "code banque",
        "tegenrekening", "tegenrekening iban bban", "iban bban",  # own and other IBANs
        "volgnr", "oorspr munt",  # a sequence number; the currency a card paid abroad in
        # A fixed-asset register's dates describe the asset; its figures are as at the year end.
        "acquisition date", "purchase date", "date acquired", "date purchased",
        "in service date", "date placed in service", "disposal date", "date disposed",
        # A settlement's own dates and a line's time stamp beside its posted date.
        "deposit date", "settlement start date", "settlement end date", "posted date time",
        "date time", "pan suffix", "card suffix", "last 4", "last four", "card last four digits",
        "card last 4 digits", "payment reference",
        # A Finnish bank's archive id, reference, type code and the other party's account
        "arkistointitunnus", "arkistotunnus", "viite", "laji", "tapahtumalajikoodi",
        "viitenumero", "maksaja", "maksunsaaja",  # a reference; the payer's, payee's IBAN
        "saajan tilinumero ja pankin bic", "saajan tilinumero", "saajan pankin bic",
        "unused", "rank", "ranking", "rank change", "mcc", "merchant category code", "sic", "naics",
    ),
    R.dimension: (
        "region", "segment", "product", "country", "state", "city", "cost center",
        "cost centre", "department", "dept", "project", "customer", "vendor", "supplier",
        "payee", "name", "channel", "market", "division", "business unit", "location", "branch",
        "sub category", "subcategory", "ship mode", "discount band", "customer name",
        "against account", "contra account", "offset account",
        # A Dutch bank's payee and kind of line; a German bank's counterparty and kind.
        "naam", "naam omschrijving", "mutatiesoort", "umsatzart", "begünstigter auftraggeber",
        "begünstigter", "naam tegenpartij",
        # An expense export's receipt currency: it goes with "Original Amount", not "Amount".
        "original currency", "receipt currency", "source currency",
        # A mobile bank's currency of the foreign amount beside its own "Amount (EUR)".
        "foreign currency", "type foreign currency", "foreign currency type",
        "product name", "transaction type", "source", "employee", "store", "brand", "team",
        "交易类型",  # a Chinese bank's kind of line
        "saaja maksaja", "selitys",  # a Finnish bank's payee or payer, and kind of line
        "nimi", "otsikko",  # another Finnish bank's other party ("name", "title")
        "název protiúčtu", "název banky",  # a Czech bank's other party and its bank
        "sector", "industry", "territory", "area", "fund", "programme", "program", "activity",
        "city location", "report name", "payment type", "report currency",
        "counterparty", "merchant", "sales rep", "salesperson", "manager",
        "version", "tx type", "trans type", "kostenstelle", "kostenträger", "centre de coût",
        "section analytique", "department code", "cost center code", "cost centre code",
        "project code", "global dimension 1 code", "global dimension 2 code", "location code",
        "auftraggeber empfänger", "empfänger", "zahlungsempfänger", "name zahlungsbeteiligter",
        "beneficiary", "begünstigter zahlungspflichtiger", "empfänger zahlungspflichtiger",
        "beguenstigter zahlungspflichtiger", "empfaenger", "auftraggeber empfaenger",
        "auftraggeber begünstigter", "auftraggeber beguenstigter", "auftraggeber",
        "begünstigter", "beguenstigter", "zahlungspflichtiger",
        "auftraggeber zahlungsempfänger", "auftraggeber zahlungsempfaenger",
        "info",
        "bénéficiaire", "status", "transaction status", "email", "email address",
        "from email address", "to email address",
    ),
}  # fmt: skip

# A Scenario column; "Version", "Value Type", "Data Type", "Category" only when their values
# are scenario words (see ``roles._scenario``).
_EXACT[R.scenario] = ("scenario", "scenario name", "scenarios", "szenario", "scénario")
SCENARIO_HEADERS = frozenset(
    ("version", "value type", "data type", "type", "category", "plan version", "version name",
     "actual budget", "actual plan", "amount type", "data category", "ledger type", "wertart")
)  # fmt: skip

_LAST_WORD: dict[str, R] = {
    "date": R.date,
    "id": R.ignore,
    "no": R.ignore,
    "number": R.ignore,
    "code": R.ignore,
    "ref": R.ignore,
    "zip": R.ignore,
    "price": R.quantity,
    "rate": R.quantity,
    "ratio": R.quantity,
    "pct": R.quantity,
    "percent": R.quantity,
    "percentage": R.quantity,
    "qty": R.quantity,
    "quantity": R.quantity,
    "units": R.quantity,
    "count": R.quantity,
    "margin": R.quantity,  # "Net Profit Margin" is a ratio; "Gross Margin" is named above
    "shares": R.quantity,
    "outstanding": R.quantity,
    "employees": R.quantity,
    "headcount": R.quantity,
    "amount": R.amount,
    "amt": R.amount,
    "debit": R.debit,
    "credit": R.credit,
    "currency": R.currency,
    "description": R.description,
    "name": R.dimension,
    "region": R.dimension,
    "category": R.dimension,
    "type": R.dimension,
    "segment": R.dimension,
    "center": R.dimension,
    "centre": R.dimension,
    "account": R.account,
    "sales": R.measure,
    "revenue": R.measure,
    "profit": R.measure,
    "income": R.measure,
    "expense": R.measure,
    "expenses": R.measure,
    "cost": R.measure,
    "costs": R.measure,
}
_FIRST_WORD: dict[str, R] = {
    "amount": R.amount,  # "Amount in local cur.", "Amount in doc. curr."
    "amt": R.amount,
    "total": R.measure,
    "net": R.measure,
    "gross": R.measure,
    "number": R.quantity,
    "percent": R.quantity,
    "return": R.quantity,  # "Return on Equity"
    "shares": R.quantity,
    "cash": R.measure,
    "id": R.ignore,  # "ID pohybu", "ID transakce", "Id operación": an id, the noun first
}


# German exports often spell umlauts out ("Waehrung", "Buchungstag", "Empfaenger"): one form.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def words(header: str) -> list[str]:
    """The header's words, lower case, without punctuation, umlauts spelt out."""
    return re.findall(r"[^\W_]+", header.casefold().translate(_UMLAUTS))


def key(header: str) -> str:
    """The normalised form headers are matched in."""
    return " ".join(words(header))


_BY_KEY: dict[str, R] = {
    key(name): role for role, names in _EXACT.items() for name in names if isinstance(role, R)
}
_BY_COMPACT: dict[str, R] = {k.replace(" ", ""): r for k, r in _BY_KEY.items()}


# A value field as pivot tables and BI tools name it: "Sum of Sales", "Count of Orders",
# "Average of Discount", "Distinct Count of Order ID", Tableau's "SUM(Sales)", "AVG(Profit)".
# German Excel: "Summe von Umsatz", "Anzahl von Belegnr.", "Mittelwert von Rabatt".
_AGGREGATE = re.compile(
    r"(?i)^\s*(?:(sum|total|count|distinct\s+count|count\s*\(distinct\)|average|avg|mean|"
    r"median|min|max|minimum|maximum|product|std\s*dev\w*|var\w*)\s+of\s+(.+?)"
    r"|(summe|anzahl|mittelwert|minimum|maximum)\s+von\s+(.+?)"
    r"|(sum|cnt|cntd|count|countd|avg|min|max|median|attr|agg)\s*\((.+)\))\s*$"
)
_SUMS = frozenset({"sum", "total", "summe"})


def _aggregate(header: str) -> tuple[str, str] | None:
    """(how, field) of a pivot or BI value field's header, None for any other header."""
    m = _AGGREGATE.match(header)
    if m is None:
        return None
    how, field = next((m[i], m[i + 1]) for i in (1, 3, 5) if m[i])
    return how.casefold(), field.strip()


def summed_field(header: str) -> str | None:
    """The field a pivot's sum names ("Sum of Sales", "Total of Sales", "Summe von Umsatz",
    Tableau's "SUM(Sales)": "Sales"), the account its money is stored under; None otherwise."""
    found = _aggregate(header)
    return found[1] if found is not None and found[0] in _SUMS and found[1] else None


def aggregate_role(header: str) -> R | None:
    """The role of a pivot or BI value field: a sum is what the summed field's words say
    (money when they name money; None leaves it to the values), a count, average, minimum
    or maximum is never money (they do not add up)."""
    found = _aggregate(header)
    if found is None:
        return None
    how, field = found
    if how not in _SUMS:
        return R.quantity
    inner = header_role(field)
    return R.measure if inner in (R.amount, R.debit, R.credit) else inner


# A currency named in a header beside what the column is ("Débit euros", "Amount GBP"): the
# role is the rest's (the currency itself is read by `elara.ingest.values`).
_CURRENCY_WORDS = frozenset(
    {"eur", "euro", "euros", "euroa", "usd", "dollars", "gbp", "pounds", "chf", "francs"}
)


# The euro's words in a header say the currency as a code would ("Débit euros", a Finnish
# bank's "Määrä EUROA"); "dollars", "pounds" and "francs" are several countries'.
_EURO_WORDS = frozenset({"euro", "euros", "euroa"})


def header_currency_word(header: str) -> str | None:
    """EUR when a header names its money in euro words ("Määrä EUROA"), else None."""
    return "EUR" if _EURO_WORDS & set(words(header)) else None


# A header that is only a currency, code and symbol ("CAD$", "USD$", "US$", "A$"): a
# Canadian bank's download has one amount column per currency, headed so.
_CURRENCY_HEADER = re.compile(r"^\s*(?:[A-Z]{1,3}\s?[$€£¥₹]|[$€£¥₹]\s?[A-Z]{3})\s*$")


# An organisation's units, often given by a code: the code still names the unit to filter by.
_UNITS = frozenset(
    {
        "department", "dept", "cost center", "cost centre", "profit center", "profit centre",
        "region", "division", "business unit", "location", "branch", "segment", "project",
        "territory", "store",
    }
)  # fmt: skip
_CODED = frozenset({"id", "code", "no", "number", "nr"})

# A ledger's qualifier before a header's own words: "GL Account Description", "gl_account_name".
_LEDGER_PREFIX = re.compile(r"^(?:g l|gl|general ledger|ledger|nominal) (?=\w)")


def header_role(header: str) -> R | None:
    """The role a header names, or None when its words say nothing."""
    if "%" in header:
        return R.quantity
    if _CURRENCY_HEADER.match(header):
        return R.amount
    if (numbered := re.fullmatch(r"(.*\D)\s+[1-9]", header)) and header_role(
        numbered[1]
    ) is R.description:
        return R.description  # "Description 1", "Description 2": a description's lines
    if (aggregated := aggregate_role(header)) is not None:
        return aggregated
    inner = re.findall(r"\(([^)]*)\)", header)  # "Amount (Debit)": the brackets decide
    for text in inner:
        if _BY_KEY.get(key(text)) in (R.debit, R.credit):
            return _BY_KEY[key(text)]
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", header)  # "Rate (in US)", "Cap [USD]"
    if bare.strip() and bare != header:
        return header_role(bare)
    found = _BY_KEY.get(key(header)) or _BY_COMPACT.get(key(header).replace(" ", ""))
    if found is not None:
        return found
    ledger = _LEDGER_PREFIX.match(key(header))
    if ledger and (found := _BY_KEY.get(key(header)[ledger.end() :])) is not None:
        return found  # "GL Account Description" is the "Account Description"
    parts = words(header)
    plain = [w for w in parts if w not in _CURRENCY_WORDS]
    if plain and len(plain) < len(parts):  # "Débit euros", "Crédit EUR", "Bedrag EUR"
        if len(plain) > 1 and plain[-1] in ("in", "en") and parts[-1] in _CURRENCY_WORDS:
            plain = plain[:-1]  # a Swiss bank's "Gutschrift in CHF", "Saldo in CHF"
        return header_role(" ".join(plain))
    if not parts:
        return None
    if parts[-1] in _CODED and " ".join(parts[:-1]) in _UNITS:
        return R.dimension  # "department_id", "Cost Center No": the unit, coded
    if parts[-1] in _LAST_WORD:
        return _LAST_WORD[parts[-1]]
    if "per" in parts[1:-1]:  # "Free Cash Flow per Share": a ratio
        return R.quantity
    found = _FIRST_WORD.get(parts[0])
    split = _CAMEL.sub(" ", header)
    if found is None and split != header:
        return header_role(split)  # an API's CamelCase: "YTDDebit", "ReportDate"
    return found


def is_exact(header: str, name: str) -> bool:
    """The header is exactly this word (case and surrounding space aside)."""
    return key(header) == key(name)


# Statement lines that are not money: per-share figures, share counts, ratios, headcount.
NON_MONEY_LINE = (
    r"(?i)per share|\beps\b|\bshares\b.*\b(used|outstanding|issued)\b|weighted[ -]average"
    r"|\b(basic|diluted|average)\b.*\bshares\b|\bshares\b.*\b(basic|diluted)\b"
    r"|number of (employees|shares)|\bheadcount\b|\bratio\b|\(%\)"
)
# Equity lines that name their shares are money: "Common stock, $0.01 par value; 100,000
# shares authorized; 45,000 shares issued and outstanding", "Treasury stock, at cost".
_PAR_VALUE = r"\bpar value\b"  # anywhere in the line
_STOCK = r"^\s*(common|preferred|ordinary|treasury|capital)\s+(stock|shares)\b"  # first words
_TERMS = r".*[,;(]"  # then its terms: ", at cost", "; 100,000 shares authorized", "(Note 9)"
EQUITY_LINE = rf"(?i){_PAR_VALUE}|{_STOCK}{_TERMS}"

# A ledger report's undated balance rows around its entries: the balance brought forward
# ("Opening", "'Opening'", "Opening Balance", "Balance b/f") and the one carried forward
# ("Closing (Opening + Total)", "Closing Balance", "Balance c/f"). Not movements of the period.
BALANCE_ROW = (
    r"(?i)^\W*(?:(?:opening|closing|beginning|ending)(?:\s+balance)?(?:\s*\([^)]*\))?"
    r"|balance\s+(?:b/f|c/f|brought\s+forward|carried\s+forward)"
    r"|(?:brought|carried)\s+forward)\W*$"
)

# A bank download's balance line whose label stands in a text column of a dated row, the
# amount in the amount column ("28.02.2026;;Anfangssaldo;EUR;12.450,33;H"): the whole cell is
# the label. Not a movement.
BALANCE_LABEL = (
    r"(?i)^\W*(?:(?:opening|closing|beginning|ending|start|end)\s+balance"
    r"|(?:anfangs|end|schluss)saldo|solde\s+(?:initial|final|de\s+cl[ôo]ture))\W*$"
)

# A Brazilian bank's balance lines among the dated movements, in the line's label: "Saldo
# Anterior" (brought forward), "Saldo do dia" (after each day), "S A L D O" (the last, dated
# 00/00/0000). Balances on a day, never movements.
DAILY_BALANCE = (
    r"(?i)^\W*(?:saldo\s+(?:anterior|do\s+dia|final|inicial|atual|dispon[ií]vel)"
    r"|s\s+a\s+l\s+d\s+o)\W*$"
)

# A bank download's balance line where a date belongs: "Kontostand;31.03.2025;;;1.234,56;EUR"
# below the lines, "Neuer Kontostand", "Alter Kontostand", "Saldo", "Solde au 31/03/2025",
# "Closing balance", "Available balance": a balance on a day, never a movement.
STATEMENT_BALANCE = (
    r"(?i)^\W*(?:(?:neuer|alter)\s+)?kontostand\b|^\W*(?:end|anfangs|schluss)?saldo\b"
    r"|^\W*solde\b|^\W*(?:opening|closing|ending|beginning|available|ledger|current)?\s*"
    r"balance\b"
)

# A report's footer line, however its commas split it into cells: "Accrual basis Monday, 6
# January 2025 09:14 AM GMT+00:00", "Cash Basis", "Generated on 03/01/2025", "Page 2 of 3".
# Anchored at the row's first filled cell; "Cash basis adjustment" (an account) is not one.
# A report's run stamp or footer, read from the start of a cell: the basis line ("Accrual basis
# Monday, 6 January 2025 …"), "Generated on …", "Exported 2025-01-15", "Date: 29/11/2026",
# "Édition du 15/01/2026", "Erstellt am …", "Page 2 of 3". Below the table it is a footer row
# (skipped); above the header it is a run date, never the as-of date or the company.
REPORT_FOOTER = (
    r"(?i)^\s*(?:(?:accrual|cash|modified cash)\s+basis\s*(?:$|[a-z]+day\b|\d)"
    r"|(?:report\s+)?(?:generated|printed|run|exported|created|downloaded)\b"
    r"\s*(?:on\b|at\b|by\b|:|\d|$)"
    r"|(?:date|time)\s*:|[ée]dition\s+du\b|(?:erstellt|gedruckt)\s+am\b|druckdatum\b"
    r"|page\s+\d+(?:\s*(?:of|/)\s*\d+)?\s*$)"
)

# A bank statement's lines when nothing names what they are (no account or category column):
# kept apart by direction, unclassified (Elara cannot tell sales from a loan or a transfer).
MONEY_IN, MONEY_OUT = "Money in", "Money out"
# What a bank, wallet or processor takes for a line, in a column beside the line's amount
# ("Fee" on an app bank's statement, "Commission" on a broker's): an account of its own.
# A bare "Charges" is not one: a commerce platform's "Charges" are its sales.
FEE_HEADERS = frozenset(
    key(h)
    for h in (
        "Fee", "Fees", "Fee Amount", "Fees Amount", "Transaction Fee", "Transaction Fees",
        "Bank Fee", "Bank Fees", "Bank Charge", "Bank Charges", "Service Charge",
        "Service Charges", "Commission", "Commissions",
    )
)  # fmt: skip
# The figure a wallet or processor pays out after fees ("Net", "Net Amount"): a restatement.
NET_HEADERS = frozenset({"net", "net amount"})
# A wallet's or processor's figure before fees: receipts and refunds alike, as "Amount" is.
GROSS_HEADERS = frozenset({"gross", "gross amount"})
# Unsigned columns of one direction each: a statement's own "Money in" / "Money out".
_MONEY_IN_WORDS = ("Money In", "Paid In", "Deposits", "Receipts", "Inflow", "Received")
_MONEY_OUT_WORDS = ("Money Out", "Paid Out", "Withdrawals", "Payments", "Outflow", "Spent")
IN_OUT_HEADERS = frozenset(key(h) for h in (*_MONEY_IN_WORDS, *_MONEY_OUT_WORDS, "In", "Out"))
# The side each of those is on a bank's own statement (a running balance beside them, or a
# title saying "statement"): the money in a credit, the money out a debit, read as cash.
IN_OUT_SIDES = {
    key(h): side
    for side, names in (
        (R.credit, (*_MONEY_IN_WORDS, "Deposit", "Receipt")),
        (R.debit, (*_MONEY_OUT_WORDS, "Withdrawal", "Payment")),
    )
    for h in names
}  # fmt: skip

# A transaction's status column. A status saying the money never moved (Pending, Reverted,
# Declined…) leaves the row out (`elara.ingest.status`); "Reversed" (the money moved and was
# sent back, usually with a reversal line of its own) is stored like the others, but said.
STATUS_HEADERS = frozenset({"status", "state", "transaction status", "payment status", "info"})
UNSETTLED = re.compile(r"(?i)^\s*reversed\s*$")

UNIT_HEADERS = frozenset({"uom", "unit of measure"})

MONEY_ROLES = frozenset({R.amount, R.debit, R.credit, R.measure})


# An aging report's buckets: Current, 1 - 30, 31-60 Days, 61 - 90, 91 and over, Over 90, > 90.
AGE_BUCKET = re.compile(
    r"(?i)^\s*(?:current|not\s+(?:yet\s+)?due|\d+\s*[-\u2013]\s*\d+(?:\s+days?)?"
    r"|(?:over|>|more\s+than|older\s+than)\s*\d+(?:\s+days?)?"
    r"|\d+\s*(?:\+|and\s+over|or\s+more|days?\s+and\s+over)(?:\s+days?)?"
    # a cloud package's buckets by month: "< 1 Month", "1 Month", "2 months", "Older"
    r"|<?\s*\d+\s+months?|older)\s*$"
)


def is_aging(headers: list[str]) -> bool:
    """Three or more age buckets, one of them Current: an aged receivables or payables report."""
    buckets = [h for h in headers if AGE_BUCKET.match(h)]
    return len(buckets) >= 3 and any(key(h) == "current" for h in buckets)


# Side words that name a debit or a credit only beside their partner ("Cargo" | "Abono"):
# alone they are ordinary words of a money column ("Passenger | Cargo | Other").
SIDE_WORDS_IN_PAIRS = frozenset({"cargo", "cargos", "abono", "abonos", "outflow", "inflow"})


_CUMULATIVE_WORDS = frozenset({"ytd", "closing", "ending", "end", "cumulative", "balance"})


def cumulative_header(header: str) -> bool:
    """A debit or credit column of balances to date ("YTD Debit", "Closing Credit", "Debit
    Balance"): beside the period's Debit / Credit it is the trial balance on the as-of date."""
    named = key(_CAMEL.sub(" ", header))  # an API's "YTDDebit", "ClosingCredit" too
    return bool(_CUMULATIVE_WORDS & set(named.split())) or "year to date" in named


# Where a CamelCase header ("YTDDebit", "ClosingCredit") runs two words together.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
