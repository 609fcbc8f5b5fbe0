"""The PDF summary of a view: KPI figures and simple bar and line charts drawn with fpdf2.

Figures are printed exactly as the dashboard API states them (grouped thousands, the API's
cents), so a reader can check the PDF against the dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from fpdf import FPDF

from elara.core.scenarios import SCENARIO_WORDS, Scenario
from elara.dashboard.schemas import (
    BreakdownItem,
    CurrencySummary,
    Delta,
    SeriesLine,
    Summary,
    Timeseries,
)
from elara.subscriptions.figures import Figures

KPIS = (
    ("Revenue", "revenue"),
    ("Expenses", "expenses"),
    ("Net income", "net_income"),
    ("Net margin", "margin"),
    ("Gross profit", "gross_profit"),
    ("Records", "record_count"),
)
BLUE, RED, GREY = (37, 99, 235), (220, 38, 38), (120, 120, 120)
LEFT, WIDTH = 15.0, 180.0


TYPOGRAPHY = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)


def latin1(text: str) -> str:
    """The core PDF fonts are Latin-1: typographic quotes and dashes become their plain forms,
    anything else a question mark."""
    return text.translate(TYPOGRAPHY).encode("latin-1", "replace").decode("latin-1")


def display_money(value: str | None) -> str:
    """An API amount with grouped thousands (the API's own cents, never re-rounded)."""
    if value is None:
        return "n/a"
    number = Decimal(value)
    exponent = number.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{number:,.{places}f}"


def display_kpi(key: str, value: object) -> str:
    if key == "record_count":
        return f"{int(str(value)):,}"
    if key == "margin":
        return "n/a" if value is None else f"{value} %"
    return display_money(None if value is None else str(value))


def _change_text(block: CurrencySummary, key: str) -> str:
    change = block.change
    if change is None:
        return "no comparable previous period"
    if key == "margin":
        points = change.margin_points
        return "n/a vs previous" if points is None else f"{points} points vs previous"
    delta: Delta = getattr(change, key)
    return "n/a vs previous" if delta.percent is None else f"{delta.percent} % vs previous"


class Report(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"Elara - page {self.page_no()}", align="C")


def _need(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > pdf.h - 20:
        pdf.add_page()


def _heading(pdf: FPDF, text: str, size: int = 12) -> None:
    pdf.set_font("Helvetica", "B", size)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")


def _kpi_grid(pdf: FPDF, block: CurrencySummary) -> None:
    _need(pdf, 48)
    top, box_w, box_h = pdf.get_y(), WIDTH / 3, 21.0
    for index, (label, key) in enumerate(KPIS):
        x, y = LEFT + (index % 3) * box_w, top + (index // 3) * (box_h + 2)
        pdf.set_draw_color(210, 210, 210)
        pdf.rect(x, y, box_w - 2, box_h)
        pdf.set_xy(x + 2, y + 1.5)
        pdf.set_font("Helvetica", "", 8)
        pdf.set_text_color(*GREY)
        pdf.cell(box_w - 6, 4, label)
        pdf.set_xy(x + 2, y + 6.5)
        pdf.set_font("Helvetica", "B", 13)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(box_w - 6, 7, display_kpi(key, getattr(block.current, key)))
        pdf.set_xy(x + 2, y + 14.5)
        pdf.set_font("Helvetica", "", 7)
        pdf.set_text_color(*GREY)
        pdf.cell(box_w - 6, 4, latin1(_change_text(block, key)))
    pdf.set_xy(LEFT, top + 2 * (box_h + 2) + 2)


def bar_chart(
    pdf: FPDF, title: str, items: Sequence[BreakdownItem], other: BreakdownItem | None = None
) -> None:
    """Horizontal bars of revenue per company, the value at the end of each bar; the rest is
    a total line under the bars (a bar would flatten the others)."""
    if not items:
        return
    _need(pdf, 14 + 7 * len(items))
    _heading(pdf, title, 10)
    values = [Decimal(item.revenue) for item in items]
    scale = max((abs(v) for v in values), default=Decimal(0)) or Decimal(1)
    label_w, bar_w = 38.0, 100.0
    for item, value in zip(items, values, strict=True):
        y = pdf.get_y()
        pdf.set_font("Helvetica", "", 8)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(label_w, 6, latin1(str(item.key or "(none)"))[:28])
        length = float(abs(value) / scale) * bar_w
        pdf.set_fill_color(*(RED if value < 0 else BLUE))
        pdf.rect(LEFT + label_w, y + 1, max(length, 0.3), 4, style="F")
        pdf.set_xy(LEFT + label_w + length + 2, y)
        pdf.cell(40, 6, display_money(item.revenue), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(y + 7)
    if other is not None and other.record_count:
        pdf.set_font("Helvetica", "", 8)
        pdf.set_text_color(*GREY)
        text = f"Other companies together: {display_money(other.revenue)}"
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _points(values: Sequence[str | None]) -> list[Decimal | None]:
    return [None if v is None else Decimal(v) for v in values]


def line_chart(pdf: FPDF, title: str, periods: Sequence[object], line: SeriesLine) -> None:
    """Revenue (blue) and net income (red) per period; a missing period is a gap."""
    series = [
        ("Revenue", BLUE, _points(line.revenue)),
        ("Net income", RED, _points(line.net_income)),
    ]
    known = [v for _, _, values in series for v in values if v is not None]
    if len(periods) < 2 or not known:
        return
    _need(pdf, 80)
    _heading(pdf, title, 10)
    top, height, chart_w = pdf.get_y() + 2, 55.0, WIDTH - 25
    x0 = LEFT + 25
    low, high = min(min(known), Decimal(0)), max(max(known), Decimal(0))
    span = (high - low) or Decimal(1)

    def y_of(value: Decimal) -> float:
        return top + height - float((value - low) / span) * height

    pdf.set_draw_color(180, 180, 180)
    pdf.line(x0, top, x0, top + height)
    pdf.line(x0, y_of(Decimal(0)), x0 + chart_w, y_of(Decimal(0)))
    pdf.set_font("Helvetica", "", 7)
    pdf.set_text_color(*GREY)
    for value in (high, low):
        pdf.set_xy(LEFT, y_of(value) - 2)
        pdf.cell(24, 4, display_money(str(value.quantize(Decimal("0.01")))), align="R")
    step = chart_w / (len(periods) - 1)
    for _, colour, values in series:
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.5)
        for i in range(1, len(values)):
            a, b = values[i - 1], values[i]
            if a is not None and b is not None:
                pdf.line(x0 + (i - 1) * step, y_of(a), x0 + i * step, y_of(b))
    pdf.set_line_width(0.2)
    for i in sorted({0, len(periods) // 2, len(periods) - 1}):
        pdf.set_xy(x0 + i * step - 12, top + height + 1)
        pdf.cell(24, 4, str(periods[i]), align="C")
    pdf.set_xy(x0, top + height + 6)
    for name, colour, _ in series:
        pdf.set_fill_color(*colour)
        pdf.rect(pdf.get_x(), pdf.get_y() + 1.5, 3, 3, style="F")
        pdf.set_x(pdf.get_x() + 4)
        pdf.cell(25, 6, name)
    pdf.set_xy(LEFT, top + height + 14)


def _currency_blocks(summary: Summary) -> list[CurrencySummary]:
    return list(summary.by_currency)


def _series_for(series: Timeseries, currency: str | None) -> SeriesLine | None:
    for block in series.by_currency:
        if block.currency == currency and block.series:
            return block.series[0]
    return None


def _scenario_line(scenario: str) -> tuple[str, ...]:
    """Budget, forecast or prior-year figures say so; actuals are the default."""
    if scenario == Scenario.actual.value:
        return ()
    return (f"Figures: {SCENARIO_WORDS[Scenario(scenario)]} (not actuals)",)


def render(
    *, title: str, recipient: str, figures: Figures, generated: datetime, timezone: str
) -> bytes:
    """The whole PDF: a header, then per currency the KPI grid and both charts."""
    pdf = Report(format="A4")
    pdf.set_title(latin1(title))
    pdf.set_creator("Elara")
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(LEFT, 15, LEFT)
    pdf.add_page()
    _heading(pdf, f"Elara report: {title}", 16)
    pdf.set_font("Helvetica", "", 9)
    period = figures.summary.period
    span = f"{period.date_from} to {period.date_to}" if period else "no data"
    lines = (
        f"For {recipient} (your own access to the data)",
        f"Period: {span}",
        *_scenario_line(figures.summary.scenario),
        # The view's dimension filters: these figures are of those rows only.
        *(f"{name}: {', '.join(values)}" for name, values in figures.builder.filters.dimensions),
        f"Generated {generated:%Y-%m-%d %H:%M} {timezone}",
    )
    for text in lines:
        pdf.cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    if figures.summary.converted_to:
        pdf.cell(
            0,
            5,
            f"Amounts converted to {figures.summary.converted_to}.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    for block in _currency_blocks(figures.summary):
        pdf.ln(3)
        _heading(pdf, f"Currency: {block.currency or 'mixed'}")
        _kpi_grid(pdf, block)
        bars = next(
            (b for b in figures.companies.by_currency if b.currency == block.currency), None
        )
        if bars is not None:
            bar_chart(pdf, "Revenue by company", bars.items, bars.other)
        line = _series_for(figures.series, block.currency)
        if line is not None:
            line_chart(
                pdf,
                f"Revenue and net income per {figures.series.granularity}",
                figures.series.periods,
                line,
            )
    return bytes(pdf.output())
