"""The dashboard routes over HTTP: who may call them, and the numbers of a known P&L."""

from __future__ import annotations

from datetime import date

import pytest

from elara.models import DatasetStatus
from tests.dashboard.factories import Row, create_dataset, pnl
from tests.factories import create_user, login

ROUTES = [
    "/api/dashboard/filters",
    "/api/dashboard/summary",
    "/api/dashboard/timeseries",
    "/api/dashboard/breakdown",
    "/api/records",
    "/api/records/export",
]


def known_pnl(state) -> int:
    rows = (
        pnl("ACME", date(2024, 1, 5), revenue="1000.00", cogs="400.00", payroll="100.00")
        + pnl("GLOBEX", date(2024, 2, 10), revenue="500.00", cogs="200.00")
        + pnl("ACME", date(2023, 12, 5), revenue="900.55", cogs="400.00")
    )
    return create_dataset(state, rows, name="P&L")


@pytest.fixture
def viewer(state, client):
    return login(client, create_user(state, role="viewer"))


@pytest.mark.parametrize("path", ROUTES)
def test_anonymous_is_refused(client, state, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


class TestSummary:
    def test_valid(self, client, state, viewer):
        known_pnl(state)
        body = client.get(
            "/api/dashboard/summary?from=2024-01-01&to=2024-02-29", headers=viewer
        ).json()
        assert body["source"] == "rollup_account_monthly"  # no company asked: company-less
        assert body["currency"] == "USD"
        current = body["current"]
        assert {k: current[k] for k in ("revenue", "cost_of_sales", "gross_profit")} == {
            "revenue": "1500.00",
            "cost_of_sales": "600.00",
            "gross_profit": "900.00",
        }
        assert current["gross_margin"] == "60.00"
        assert current["operating_expenses"] == "100.00"
        assert current["operating_income"] == "800.00"
        assert {k: current[k] for k in ("expenses", "net_income", "margin", "unclassified")} == {
            "expenses": "700.00",
            "net_income": "800.00",
            "margin": "53.33",
            "unclassified": "0.00",
        }
        assert current["record_count"] == 5 and current["tie_outs"] == []
        assert body["previous_period"] == {"from": "2023-11-01", "to": "2023-12-31"}
        assert body["previous"]["revenue"] == "900.55"
        # November holds no data: one month of two is no comparison, so no percentage.
        assert body["change"] is None
        assert body["comparison"] == {
            "comparable": False,
            "months": 2,
            "current_months_with_data": 2,
            "previous_months_with_data": 1,
            "note": "No comparable data: the previous period has data in 1 of 2 months.",
        }

    def test_change_when_the_previous_period_has_data(self, client, state, viewer):
        known_pnl(state)
        body = client.get(
            "/api/dashboard/summary?from=2024-01-01&to=2024-01-31", headers=viewer
        ).json()
        assert body["comparison"]["comparable"] is True
        assert body["change"]["revenue"] == {"absolute": "99.45", "percent": "11.04"}

    @pytest.mark.parametrize(
        ("period", "companyless", "with_company"),
        [
            ("from=2024-01-01&to=2024-02-29", "rollup_account_monthly", "rollup_company_kind"),
            ("from=2024-01-06&to=2024-02-10", "rollup_account_daily", "dataset_records"),
            (
                "from=2023-12-05&to=2024-02-29",
                "rollup_account_daily+rollup_account_monthly",
                "dataset_records+rollup_company_kind",
            ),
        ],
    )
    def test_company_questions_read_company_rollups(
        self, client, state, viewer, period, companyless, with_company
    ):
        known_pnl(state)
        everyone = client.get(f"/api/dashboard/summary?{period}", headers=viewer).json()
        both = "&company=ACME&company=GLOBEX"
        chosen = client.get(f"/api/dashboard/summary?{period}{both}", headers=viewer).json()
        acme = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
        scoped = client.get(f"/api/dashboard/summary?{period}", headers=acme).json()
        only = client.get(f"/api/dashboard/summary?{period}&company=ACME", headers=viewer).json()
        assert everyone["source"] == companyless
        assert chosen["source"] == scoped["source"] == with_company
        assert chosen["current"] == everyone["current"]
        assert chosen["previous"] == everyone["previous"]
        assert scoped["current"] == only["current"] != everyone["current"]
        assert scoped["comparison"] == only["comparison"]

    def test_day_level_filter_reads_records(self, client, state, viewer):
        known_pnl(state)
        body = client.get(
            "/api/dashboard/summary?from=2024-01-06&to=2024-02-10", headers=viewer
        ).json()
        assert body["source"] == "rollup_account_daily"
        assert body["current"]["revenue"] == "500.00"
        assert body["previous_period"] == {"from": "2023-12-01", "to": "2024-01-05"}
        assert body["previous"]["revenue"] == "1900.55"

    def test_cut_months_mix_records_and_rollups(self, client, state, viewer):
        known_pnl(state)
        body = client.get(
            "/api/dashboard/summary?from=2023-12-05&to=2024-02-29", headers=viewer
        ).json()
        assert body["source"] == "rollup_account_daily+rollup_account_monthly"
        assert body["current"]["revenue"] == "2400.55"
        assert body["current"]["record_count"] == 7

    def test_no_match_gives_zeros(self, client, state, viewer):
        known_pnl(state)
        body = client.get("/api/dashboard/summary?company=NOBODY", headers=viewer).json()
        assert body["current"]["revenue"] == "0.00"
        assert body["current"]["record_count"] == 0
        assert body["by_currency"] == []

    def test_positive_expenses_count_as_stored(self, client, state, viewer):
        create_dataset(
            state,
            [
                Row("X", date(2024, 3, 1), "Revenue", "100.00"),
                Row("X", date(2024, 3, 2), "Rent", "25.00"),
                Row("X", date(2024, 3, 3), "Rent", "-5.00", description="refund"),
            ],
        )
        body = client.get("/api/dashboard/summary", headers=viewer).json()
        assert body["current"]["expenses"] == "20.00"
        assert body["current"]["net_income"] == "80.00"

    def test_only_ready_datasets_count(self, client, state, viewer):
        known_pnl(state)
        create_dataset(
            state,
            pnl("ACME", date(2024, 1, 9), revenue="0.01", cogs="0.01"),
            status=DatasetStatus.processing,
        )
        body = client.get(
            "/api/dashboard/summary?from=2024-01-01&to=2024-01-31", headers=viewer
        ).json()
        assert body["current"]["revenue"] == "1000.00"


class TestTimeseries:
    def test_valid(self, client, state, viewer):
        known_pnl(state)
        body = client.get(
            "/api/dashboard/timeseries?granularity=quarter&group_by=company", headers=viewer
        ).json()
        assert body["periods"] == ["2023-10-01", "2024-01-01"]
        lines = {line["key"]: line for line in body["series"]}
        assert lines["ACME"]["revenue"] == ["900.55", "1000.00"]
        assert lines["GLOBEX"]["net_income"] == [None, "300.00"]  # no data: a gap, not zero

    def test_range_without_data_is_zero_filled(self, client, state, viewer):
        known_pnl(state)
        body = client.get(
            "/api/dashboard/timeseries?granularity=month&from=2020-01-01&to=2020-03-31",
            headers=viewer,
        ).json()
        assert body["periods"] == ["2020-01-01", "2020-02-01", "2020-03-01"]
        assert body["series"] == []


class TestBreakdown:
    def test_valid(self, client, state, viewer):
        known_pnl(state)
        body = client.get(
            "/api/dashboard/breakdown?by=account&top=1&metric=expenses", headers=viewer
        ).json()
        assert [(i["key"], i["value"]) for i in body["items"]] == [("COGS", "1000.00")]
        assert body["other"]["key"] == "Other"
        assert body["other"]["expenses"] == "100.00"
        assert body["other"]["revenue"] == "2400.55"


class TestFilters:
    def test_valid(self, client, state, viewer):
        dataset_id = known_pnl(state)
        body = client.get("/api/dashboard/filters", headers=viewer).json()
        assert body["datasets"] == [
            {"id": dataset_id, "name": "P&L", "currency": "USD", "row_count": 7}
        ]
        assert body["companies"] == ["ACME", "GLOBEX"]
        assert body["accounts"] == ["COGS", "Payroll", "Revenue"]
        assert body["first_date"] == "2023-12-05"
        assert body["last_date"] == "2024-02-10"


class TestRecords:
    def test_keyset_pages_cover_everything_once(self, client, state, viewer):
        known_pnl(state)
        for sort in ("date", "amount", "company", "category", "description", "id"):
            seen, cursor = [], None
            while True:
                query = f"/api/records?sort={sort}&order=desc&limit=2"
                query += f"&cursor={cursor}" if cursor else ""
                body = client.get(query, headers=viewer).json()
                seen += body["items"]
                cursor = body["next_cursor"]
                if not cursor:
                    break
            assert len({item["id"] for item in seen}) == len(seen) == 7
            if sort == "amount":
                amounts = [float(item["amount"]) for item in seen]
                assert amounts == sorted(amounts, reverse=True)

    def test_dataset_route(self, client, state, viewer):
        dataset_id = known_pnl(state)
        other = create_dataset(state, pnl("ZED", date(2024, 1, 1), revenue="0.05", cogs="0.01"))
        body = client.get(f"/api/datasets/{dataset_id}/records?limit=100", headers=viewer).json()
        assert {item["dataset_id"] for item in body["items"]} == {dataset_id}
        assert other != dataset_id
        missing = client.get("/api/datasets/99999/records", headers=viewer)
        assert missing.status_code == 404
