"""The client IP: X-Forwarded-For counts only from trusted proxies, rightmost untrusted hop."""

from __future__ import annotations

import pytest

from elara.core.proxies import resolve_client_ip, resolve_scheme
from tests.factories import create_user, login
from tests.security.conftest import audit_entries

XFF = b"x-forwarded-for"


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "1.2.3.4", [], "203.0.113.9"),  # no trusted proxy: header ignored
        ("203.0.113.9", "1.2.3.4", ["10.0.0.0/8"], "203.0.113.9"),  # peer not trusted
        ("10.0.0.2", "1.2.3.4", ["10.0.0.0/8"], "1.2.3.4"),
        ("10.0.0.2", "6.6.6.6, 1.2.3.4", ["10.0.0.0/8"], "1.2.3.4"),  # forged left hop
        ("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.7", ["10.0.0.0/8"], "1.2.3.4"),
        ("10.0.0.2", "10.0.0.9, 10.0.0.7", ["10.0.0.0/8"], "10.0.0.9"),
        ("10.0.0.2", "not-an-ip", ["10.0.0.0/8"], "10.0.0.2"),
        ("::1", "2001:db8::5", ["::1"], "2001:db8::5"),
    ],
)
def test_resolve_client_ip(peer, forwarded, trusted, expected):
    assert resolve_client_ip(peer, [(XFF, forwarded.encode())], trusted) == expected


def test_resolve_scheme_only_from_trusted_proxy():
    headers = [(b"x-forwarded-proto", b"https")]
    assert resolve_scheme("http", "10.0.0.2", headers, ["10.0.0.0/8"]) == "https"
    assert resolve_scheme("http", "8.8.8.8", headers, ["10.0.0.0/8"]) == "http"
    assert resolve_scheme("https", "8.8.8.8", [], []) == "https"


def test_forged_forwarded_for_is_ignored_in_the_audit_trail(make_client, state):
    user = create_user(state)
    client = make_client(client_addr=("198.51.100.7", 5000))
    client.post(
        "/api/auth/login",
        json={"email": user.email, "password": user.password},
        headers={"X-Forwarded-For": "6.6.6.6"},
    )
    assert audit_entries(state, "auth.login")[-1].ip == "198.51.100.7"


def test_trusted_proxy_gives_the_real_client(make_client, state):
    user = create_user(state)
    client = make_client(client_addr=("10.0.0.2", 5000), trusted_proxies=["10.0.0.0/8"])
    response = client.post(
        "/api/auth/login",
        json={"email": user.email, "password": user.password},
        headers={"X-Forwarded-For": "6.6.6.6, 192.0.2.44"},
    )
    assert response.status_code == 200
    assert audit_entries(state, "auth.login")[-1].ip == "192.0.2.44"
    assert login(client, user)
