"""What a Chinese report's title cells state: the entity after 编制单位 (the preparing
entity), the period ("2025年12月", "2025年1-12月", "2025年12月31日", "2025年度") and the unit
of its figures ("单位: 元", "金额单位: 万元", "币种: 人民币").

The figures of a Chinese package's report are in yuan unless it says otherwise: 元 (yuan),
人民币 (renminbi) or RMB name the currency CNY, 千元 and 万元 the scale (thousands and ten
thousands of yuan).
"""

from __future__ import annotations

import datetime as dt
import re

from elara.core.periods import last_day
from elara.ingest.settings import Offered

# A label's colon, full-width or ASCII, and the spaces around it.
_COLON = r"\s*[:\uff1a]\s*"
# 编制单位: X, 单位名称: X, 公司名称: X, 核算单位: X, 企业名称: X.
_ENTITY = re.compile(
    rf"^\s*(?:编制单位|单位名称|公司名称|核算单位|企业名称|账套名称){_COLON}(.+?)\s*$"
)
# "2025年12月", "2025年1-12月" / "2025年1月-12月" (the last month), "2025年12月31日".
_YEAR_MONTH = re.compile(
    r"((?:19|20)\d\d)\s*年\s*(?:\d{1,2}\s*月?\s*[-\u2013\u2014至~]\s*)?(\d{1,2})\s*月"
    r"(?:\s*(\d{1,2})\s*日)?"
)
_YEAR_ONLY = re.compile(r"((?:19|20)\d\d)\s*年度?(?!\s*\d)")
_UNIT = re.compile(
    rf"(?:金额)?单位{_COLON}(?:人民币)?\s*(万元|千元|元)|币种{_COLON}(人民币|RMB|CNY)"
)
# The scales a title states: 千元 thousands, 万元 ten thousands of yuan.
_SCALES = {"元": 1, "千元": 1000, "万元": 10_000}


def entity_of(text: str) -> str | None:
    """The entity a "编制单位: …" title cell names."""
    m = _ENTITY.match(text)
    return m[1] if m else None


def date_of(text: str) -> dt.date | None:
    """The last day of the period a Chinese title cell states."""
    found = list(_YEAR_MONTH.finditer(text))
    if found:
        year, month, day = int(found[-1][1]), int(found[-1][2]), found[-1][3]
        if not 1 <= month <= 12:
            return None
        if day is None:
            return last_day(year, month)
        try:
            return dt.date(year, month, int(day))
        except ValueError:
            return None
    if m := _YEAR_ONLY.search(text):
        return dt.date(int(m[1]), 12, 31)  # "2025年度": the year
    return None


def unit_of(text: str) -> tuple[str, int | None] | None:
    """The currency (CNY) and scale a "单位: 元" / "币种: 人民币" title cell states."""
    m = _UNIT.search(text)
    if m is None:
        return None
    return "CNY", _SCALES.get(m[1]) if m[1] else None


def chinese_titles(text: str, offered: Offered) -> bool:
    """Offer what a Chinese title cell states (the entity, the period's last day, the
    currency and scale); whether it stated any of them."""
    said = False
    if (entity := entity_of(text)) is not None:
        said = True
        if offered.company is None:
            offered.company = entity
    elif (date := date_of(text)) is not None:
        said = True
        if offered.date is None:
            offered.date = date
    if (unit := unit_of(text)) is not None:
        said = True
        offered.currency = offered.currency or unit[0]
        if offered.unit_multiplier is None and unit[1] is not None:
            offered.unit_multiplier = unit[1]  # type: ignore[assignment]
    return said
