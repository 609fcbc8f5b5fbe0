"""Which companies a question names: by code, display name or an unambiguous first word.

Anything less than an exact match asks back: a misspelling ("Globx Industries") or a shared first
word ("Acme" for Acme Corp and Acme Retail) gives candidates, a name that matches nothing is
reported as unknown. Only the companies the user may see are ever candidates, so a question
about another company learns nothing, not even that it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

FULL_NAME_FUZZY = 85.0
WORD_FUZZY = 80.0
# A company's legal form at the end of its name, as `norm` writes it ("Inc." → "inc").
LEGAL_FORM = re.compile(
    r"(\s+(llc|l l c|inc|incorporated|ltd|limited|plc|corp|corporation|co|company|pty|"
    r"gmbh|ag|kg|se|sa|sas|sarl|srl|spa|bv|nv|oy|ab|as|aps|llp|lp))+$"
)


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9&]+", " ", text.casefold()).strip()


@dataclass(frozen=True)
class Directory:
    """The visible companies: code -> display name (the code when none is set)."""

    names: dict[str, str]

    def label(self, code: str) -> str:
        name = self.names.get(code) or code
        return code if name == code else f"{name} ({code})"

    def exact(self) -> dict[str, str]:
        """Normalised code and display name -> code."""
        out: dict[str, str] = {}
        firsts = self.first_words()
        for code, name in self.names.items():
            # a code that is also another company's first word ("ACME" vs "Acme Retail") is
            # ambiguous, so it is left to the first-word rule, which asks back
            if len(firsts.get(norm(code), [code])) <= 1:
                out[norm(code)] = code
            out[norm(name)] = code
        # "Northwind Traders" for Northwind Traders LLC: the name without its legal form,
        # when no other visible company shares it (Acme Ltd and Acme Inc are asked about,
        # as is "Acme" for Acme Corp beside Acme Retail).
        bare: dict[str, set[str]] = {}
        for code, name in self.names.items():
            bare.setdefault(LEGAL_FORM.sub("", norm(name)).strip(), set()).add(code)
        for words, codes in bare.items():
            if words and len(codes) == 1 and len(firsts.get(words, [])) <= 1:
                out.setdefault(words, next(iter(codes)))
        return out

    def first_words(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for code, name in self.names.items():
            words = norm(name).split()
            if words:
                out.setdefault(words[0], []).append(code)
        return out


@dataclass
class Found:
    """The outcome of reading the company words of one question."""

    codes: list[str] = field(default_factory=list)
    ask: list[str] | None = None  # candidates to ask back about
    unknown: list[str] = field(default_factory=list)  # names that match no visible company
    asked_about: str | None = None


def resolve_chunk(chunk: list[str], directory: Directory) -> Found:
    """One run of name words → a code, candidates to ask about, or an unknown name."""
    text = " ".join(chunk)
    exact = directory.exact()
    if text in exact:
        return Found(codes=[exact[text]])
    fuzzy = sorted(
        code
        for code, name in directory.names.items()
        if len(chunk) > 1 and fuzz.ratio(text, norm(name)) >= FULL_NAME_FUZZY
    )
    if fuzzy:
        return Found(ask=fuzzy, asked_about=text)
    firsts = directory.first_words()
    sharing = firsts.get(chunk[0]) or ([exact[chunk[0]]] if chunk[0] in exact else [])
    if len(sharing) == 1 and len(chunk) == 1:
        return Found(codes=sharing)
    if len(sharing) > 1:
        return Found(ask=sorted(sharing), asked_about=text)
    if len(chunk) == 1:
        near = sorted(
            {
                code
                for word, codes in firsts.items()
                for code in codes
                if fuzz.ratio(chunk[0], word) >= WORD_FUZZY
            }
            | {code for code in directory.names if fuzz.ratio(chunk[0], norm(code)) >= 90}
        )
        if near:
            return Found(ask=near, asked_about=text)
        numbered = _numbered(chunk[0], directory)
        if numbered:
            return Found(ask=numbered, asked_about=text)
    return Found(unknown=[text])


def _numbered(word: str, directory: Directory) -> list[str]:
    """Codes that are the word and a number ("NW" for NW01 and NW02): which one is asked."""
    if len(word) < 2 or not word.isalpha():
        return []
    return sorted(
        code
        for code in directory.names
        if re.fullmatch(rf"{re.escape(word)}[ \-_]?\d+[a-z]?", code.casefold())
    )


def combine(parts: list[Found]) -> Found:
    out = Found()
    for part in parts:
        for code in part.codes:
            if code not in out.codes:
                out.codes.append(code)
        out.unknown += part.unknown
        if part.ask is not None and out.ask is None:
            out.ask, out.asked_about = part.ask, part.asked_about
    return out
