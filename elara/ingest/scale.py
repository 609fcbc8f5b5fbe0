"""Scale words: a statement "in thousands", "USD '000", "$000s", "(€ millions)".

Found in a title cell or a money column's header, the scale is offered (``offered`` and the
suggested settings' ``constants.unit_multiplier``) and stated in every preview and upload
report; the values are then multiplied exactly (``numbers.parse_units``).
"""

from __future__ import annotations

import re

THOUSAND, TEN_THOUSAND, MILLION = 1000, 10_000, 1_000_000
_SCALE_WORDS = {THOUSAND: "thousands", TEN_THOUSAND: "ten thousands (万元)", MILLION: "millions"}

_CURRENCY = r"(?:[$€£¥₣]|usd|eur|gbp|chf|jpy|cad|aud|nzd|sek|nok|dkk|inr)"
_THOUSANDS = re.compile(
    rf"(?ix)(?:"
    rf"\bin\s+thousands\b|\bthousands\b|\bin\s+000s?\b|"  # (in thousands), thousands of USD
    rf"['\u2019]000s?\b|"  # USD '000, £'000 (and a typographic apostrophe)
    rf"{_CURRENCY}\s?000s?\b|"  # $000s, € 000, USD 000
    rf"(?:\bin|{_CURRENCY})\s+thousand\b|"  # in EUR thousand, EUR thousand, in thousand
    rf"\(000s?\)|"  # (000)
    rf"\bt{_CURRENCY}(?![a-z])|\btsd\.?(?![a-z])|\btausend\b|\bmilliers\b|\bk€|€k\b|\bk\$"
    rf")"
)
_MILLIONS = re.compile(
    rf"(?ix)(?:"
    rf"\bin\s+millions?\b|\bmillions\b|"  # (in millions), € millions, USD millions
    rf"{_CURRENCY}\s?(?:millions?|mn|mm|m|mio\.?)(?![a-z])|"  # $m, € mn, USD mm, EUR mio.
    rf"\b(?:mio|mn)\.?\s?{_CURRENCY}|"  # Mio. EUR, mn USD
    rf"\bm{_CURRENCY}(?![a-z])|"  # m€, m$, mUSD
    rf"\bmillions?\s+of\b"  # millions of dollars
    rf")"
)


def scale_of(text: str) -> int | None:
    """The multiplier a text states (1000 or 1000000), None when it states none."""
    if _MILLIONS.search(text):
        return MILLION
    if _THOUSANDS.search(text):
        return THOUSAND
    return None


def without_scale(header: str) -> str:
    """A money column's header without the brackets that state its scale ("Revenue (in
    millions)", "Profit ($m)": "Revenue", "Profit"): the account it names."""
    bare = re.sub(r"\s*[(\[]([^)\]]*)[)\]]", lambda m: "" if scale_of(m[1]) else m[0], header)
    return bare.strip() or header


def stated_scale(texts: list[str]) -> tuple[int, str] | None:
    """The first scale the texts state, with the text that states it."""
    for text in texts:
        if (found := scale_of(text)) is not None:
            return found, text
    return None


def scale_warning(multiplier: int) -> str:
    """The preview's (and the upload report's) statement of a scale in use."""
    word = _SCALE_WORDS.get(multiplier, f"units of {multiplier:,}")
    return (
        f"Amounts are read in {word}: every value is multiplied by {multiplier:,} "
        '(set "unit multiplier" to 1 if the figures are already in full)'
    )


def numbers_as_written(multiplier: int, headers: list[str]) -> str:
    """The preview's (and the upload report's) note that the columns kept as numbers, not
    money ("$ Change", "% Change", "Units"), are shown and stored as the file writes them:
    the scale is applied to amounts only, so a difference in thousands beside its amounts is
    never multiplied by a guess."""
    word = "thousands" if multiplier == THOUSAND else "millions"
    named = ", ".join(f'"{h}"' for h in headers)
    return (
        f"Number columns kept as numbers ({named}) are shown and stored as in the file: only "
        f"the amounts are multiplied by {multiplier:,} (make such a column an amount to have it "
        f"read in {word} as well)"
    )
