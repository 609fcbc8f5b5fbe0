"""Compliance reports over a period: activity by user, logins and failures, exports,
permission changes and data changes; rendered as CSV or PDF."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from elara.models import AuditEntry

_LOGIN_ACTIONS = {
    "auth.login": "logins",
    "auth.login_failed": "failures",
    "auth.lockout": "lockouts",
}
_EXPORT_ACTIONS = {"records.export", "audit.export"}
_PERMISSION_FIELDS = ("role", "is_active", "allowed_companies")
_PERMISSION_ACTIONS = {"user.create", "user.update", "user.deactivate"}
_DATA_PREFIX = "dataset."


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Report:
    since: datetime
    until: datetime
    sections: list[Section]


def readable(value: object, *, field: str = "") -> str:
    """A stored value as a person reads it: no Python spellings (None, True, ['A', 'B'])."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set)):
        if not value and field == "allowed_companies":
            return "all companies"  # an empty allow-list means no restriction
        return ", ".join(readable(item) for item in value) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {readable(item)}" for key, item in value.items())
    return str(value)


def _who(entry: AuditEntry) -> str:
    return entry.actor_email or (f"user {entry.user_id}" if entry.user_id else "anonymous")


def _when(entry: AuditEntry) -> str:
    return entry.created_at.strftime("%Y-%m-%d %H:%M:%S")


def _activity(entries: list[AuditEntry]) -> Section:
    counts: Counter[str] = Counter(_who(entry) for entry in entries)
    section = Section("Activity by user", ["user", "events"])
    section.rows = [[who, str(count)] for who, count in counts.most_common()]
    return section


def _logins(entries: list[AuditEntry]) -> Section:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in entries:
        if entry.action in _LOGIN_ACTIONS:
            table[_who(entry)][_LOGIN_ACTIONS[entry.action]] += 1
    section = Section("Logins and failures", ["user", "logins", "failures", "lockouts"])
    section.rows = [
        [who, str(c["logins"]), str(c["failures"]), str(c["lockouts"])]
        for who, c in sorted(table.items())
    ]
    return section


def _exports(entries: list[AuditEntry]) -> Section:
    section = Section("Exports", ["time", "user", "action", "entity", "ip"])
    section.rows = [
        [
            _when(e),
            _who(e),
            e.action,
            f"{e.entity_type or ''} {e.entity_id or ''}".strip(),
            e.ip or "",
        ]
        for e in entries
        if e.action in _EXPORT_ACTIONS
    ]
    return section


def _permissions(entries: list[AuditEntry], emails: dict[str, str]) -> Section:
    section = Section("Permission changes", ["time", "by", "user", "field", "before", "after"])
    for entry in entries:
        if entry.action not in _PERMISSION_ACTIONS:
            continue
        for name in _PERMISSION_FIELDS:
            change = (entry.changes or {}).get(name)
            if isinstance(change, dict):
                section.rows.append(
                    [
                        _when(entry),
                        _who(entry),
                        emails.get(str(entry.entity_id), f"user {entry.entity_id}"),
                        name.replace("_", " "),
                        readable(change.get("before"), field=name),
                        readable(change.get("after"), field=name),
                    ]
                )
    return section


def _data_changes(entries: list[AuditEntry]) -> Section:
    section = Section("Data changes", ["time", "user", "action", "entity", "outcome"])
    section.rows = [
        [_when(e), _who(e), e.action, str(e.entity_id or ""), e.outcome]
        for e in entries
        if e.action.startswith(_DATA_PREFIX)
    ]
    return section


def build_report(
    entries: list[AuditEntry],
    *,
    since: datetime,
    until: datetime,
    emails: dict[str, str] | None = None,
) -> Report:
    """Every section of the compliance report from the period's entries; `emails` names the
    users that permission changes were made to (by user id as stored in entity_id)."""
    sections = [_activity(entries), _logins(entries), _exports(entries)]
    sections += [_permissions(entries, emails or {}), _data_changes(entries)]
    return Report(since, until, sections)


def _cell(text: str) -> str:
    # A cell starting with a formula character would run in a spreadsheet (CSV injection).
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: Report) -> bytes:
    """One CSV: a `section` column, each section with its own header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Elara compliance report", report.since.isoformat(), report.until.isoformat()])
    for section in report.sections:
        writer.writerow([])
        writer.writerow(["section", *section.columns])
        for row in section.rows:
            writer.writerow([section.title, *(_cell(cell) for cell in row)])
    return buffer.getvalue().encode("utf-8")


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(report: Report) -> bytes:
    """The same sections as tables in an A4 PDF."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title("Elara compliance report")
    pdf.set_creator("Elara")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Elara compliance report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    period = f"Period: {report.since:%Y-%m-%d} to {report.until:%Y-%m-%d} (exclusive, UTC)"
    pdf.cell(0, 6, period, new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, _latin1(section.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        if not section.rows:
            pdf.cell(0, 5, "None in this period.", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(text_align="LEFT", line_height=4.5) as table:
            table.row([_latin1(name) for name in section.columns])
            for row in section.rows:
                table.row([_latin1(cell[:120]) for cell in row])
    return bytes(pdf.output())
