"""The expected numbers of one evaluation question, from its spec in questions.yaml."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.assistant.dataset import Row, bucket, cents, measure, metric_rows, pct, value


def _period(spec: list[str] | None) -> tuple[date, date] | None:
    if not spec:
        return None
    return date.fromisoformat(str(spec[0])), date.fromisoformat(str(spec[1]))


def _fmt(number: Decimal | None) -> str | None:
    return None if number is None else cents(number)


def expected_values(spec: dict[str, Any], rows: list[Row]) -> list[Any]:
    """What the answer's `values` must hold, computed only from the rows and the spec."""
    kind, metric = spec["kind"], spec.get("metric", "revenue")
    companies = tuple(spec.get("companies") or ())
    period = _period(spec.get("period"))
    if kind == "total":
        return [_fmt(measure(rows, metric, companies=companies, period=period))]
    if kind in ("average", "series"):
        return _by_period(kind, spec, rows, metric, companies, period)
    if kind == "compare":
        return [(c, _fmt(measure(rows, metric, companies=(c,), period=period))) for c in companies]
    if kind == "compare_series":
        out: list[Any] = []
        for company in companies:
            out += _by_period("series", spec, rows, metric, (company,), period)
        return out
    if kind == "ranking":
        return _ranking(spec, rows, metric, companies, period)
    if kind == "growth":
        return _growth(spec, rows, metric, companies)
    if kind == "growth_ranking":
        earlier, later = (_period(p) for p in spec["periods"])
        growth = []
        for company in sorted({r.company for r in rows}):
            old = measure(rows, metric, companies=(company,), period=earlier)
            new = measure(rows, metric, companies=(company,), period=later)
            growth.append((company, Decimal(pct(new - old, old))))
        descending = spec.get("order", "desc") == "desc"
        growth.sort(key=lambda item: (-item[1], item[0]) if descending else (item[1], item[0]))
        return [(c, cents(g)) for c, g in growth[: spec.get("top") or None]]
    if kind == "share":
        part = measure(rows, metric, companies=companies, period=period)
        whole_companies = () if spec["whole"] == metric else companies
        whole = measure(rows, spec["whole"], companies=whole_companies, period=period)
        return [pct(part, whole), _fmt(part), _fmt(whole)]
    if kind == "breakdown":
        groups = _groups(spec["by"], rows, metric, period)
        total = sum(v for v in groups.values())
        ordered = sorted(((g, v) for g, v in groups.items() if v), key=lambda i: (-i[1], i[0]))
        return [(g, pct(v, total)) for g, v in ordered]
    raise AssertionError(f"unknown kind {kind}")


def _by_period(kind, spec, rows, metric, companies, period):
    granularity = spec.get("granularity", "month")
    buckets: dict[date, list[Row]] = {}
    for row in metric_rows(rows, metric, companies=companies, period=period):
        buckets.setdefault(bucket(row.day, granularity), []).append(row)
    values = [value(buckets[start], metric) for start in sorted(buckets)]
    if kind == "series":
        return [_fmt(v) for v in values]
    defined = [v for v in values if v is not None]
    return [_fmt(sum(defined, Decimal(0)) / len(defined))]


def _groups(by: str, rows, metric, period) -> dict[str, Decimal]:
    attribute = {"company": "company", "account": "account", "category": "category"}[by]
    names = sorted({getattr(r, attribute) for r in rows})
    out = {}
    for name in names:
        subset = [r for r in rows if getattr(r, attribute) == name]
        number = measure(subset, metric, period=period)
        if number is not None:
            out[name] = number
    return out


def _ranking(spec, rows, metric, companies, period):
    by = spec.get("by", "company")
    scoped = [r for r in rows if not companies or r.company in companies]
    if by != "company" and metric.startswith(("account:", "category:")):
        metric = "expenses"
    groups = _groups(by, scoped, metric, period)
    items = [(g, v) for g, v in groups.items() if by == "company" or v != 0]
    descending = spec.get("order", "desc") == "desc"
    items.sort(key=lambda i: (-i[1], i[0]) if descending else (i[1], i[0]))
    top = spec.get("top")
    return [(g, _fmt(v)) for g, v in (items[:top] if top else items)]


def _growth(spec, rows, metric, companies):
    earlier, later = (_period(p) for p in spec["periods"])
    groups = [(c,) for c in companies] if len(companies) > 1 else [companies]
    out: list[Any] = []
    for group in groups:
        old = measure(rows, metric, companies=group, period=earlier)
        new = measure(rows, metric, companies=group, period=later)
        if metric == "margin":
            out += [_fmt(old), _fmt(new), _fmt(None if old is None or new is None else new - old)]
        else:
            out += [_fmt(old), _fmt(new), _fmt(new - old), pct(new - old, old)]
    return out


def project(spec: dict[str, Any], values: list[dict[str, Any]]) -> list[Any]:
    """The part of the answer's `values` the spec pins, in the same shape as expected_values."""
    kind = spec["kind"]
    labelled = kind in ("ranking", "breakdown", "growth_ranking") or (
        kind == "compare" and not spec.get("granularity")
    )
    if labelled:
        return [(v["label"], v["value"]) for v in values]
    if kind == "share":
        return [v["value"] for v in values[:3]]
    return [v["value"] for v in values]
