"""The dashboard: filters, KPIs, time series, breakdowns, records and exports.

Other domains (the assistant) call `elara.dashboard.service` — see its docstring for the API.
"""
