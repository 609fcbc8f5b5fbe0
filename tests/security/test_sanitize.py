"""Input monitoring: script-like values are counted as security events and kept exactly;
only JSON that cannot be parsed safely (too deep, not Unicode) is refused."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, UploadFile
from pydantic import BaseModel

from elara.security import events
from elara.security.sanitize import looks_like_html, looks_like_sqli
from tests.factories import create_user, login


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", True),
        ("<img src=x onerror=alert(1)>", True),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", True),
        ("<!-- x -->", True),
        ('<a href="javascript:alert(1)">', True),
        ("a < b and c > d", False),
        ("Sales <EU>", False),
        ("Revenue <Q1 2024>", False),
        ("Tom & Jerry", False),
        ("O'Brien", False),
        ("Q3 revenue: 1,234.50", False),
    ],
)
def test_html_detection(text, html):
    assert looks_like_html(text) is html


@pytest.mark.parametrize(
    ("text", "sqli"),
    [
        ("' OR 1=1 --", True),
        ("x' UNION SELECT password FROM users", True),
        ("1; DROP TABLE users", True),
        ("O'Brien", False),
        ("Sales and marketing", False),
    ],
)
def test_sqli_detection(text, sqli):
    assert looks_like_sqli(text) is sqli


def test_html_in_a_name_is_kept_as_text_and_counted(client, state):
    user = create_user(state)
    headers = login(client, user)
    before = events.snapshot().get("xss_attempt", 0)
    name = "<script>alert(1)</script>"
    response = client.patch("/api/profile", headers=headers, json={"full_name": name})
    assert response.status_code == 200, response.text
    assert events.snapshot()["xss_attempt"] == before + 1
    assert client.get("/api/profile", headers=headers).json()["full_name"] == name


def test_passwords_are_never_touched(client, state):
    user = create_user(state)
    headers = login(client, user)
    new = "<b>tag-like</b> pass 9!"
    response = client.post(
        "/api/profile/password",
        headers=headers,
        json={"current_password": user.password, "new_password": new},
    )
    assert response.status_code == 200, response.text
    assert (
        client.post("/api/auth/login", json={"email": user.email, "password": new}).status_code
        == 200
    )


class Note(BaseModel):
    title: str = ""
    description: str = ""


def _echo_routes(app: FastAPI) -> None:
    @app.post("/api/test-echo")
    def echo(note: Note) -> Note:
        return note

    @app.post("/api/test-upload")
    async def upload(file: UploadFile) -> dict[str, str]:
        return {"content": (await file.read()).decode()}

    for _ in range(2):
        app.router.routes.insert(0, app.router.routes.pop())


def test_free_text_is_kept_exactly(make_client):
    client = make_client(app_hook=_echo_routes)
    text = "Quarter close <script>alert(1)</script><b>done</b>"
    response = client.post("/api/test-echo", json={"description": text})
    assert response.status_code == 200
    assert response.json()["description"] == text
    plain = client.post("/api/test-echo", json={"description": "a < b & c"})
    assert plain.json()["description"] == "a < b & c"


def test_uploads_are_never_altered(make_client):
    client = make_client(app_hook=_echo_routes)
    content = "account,amount\n<script>alert(1)</script>,12.50\n"
    response = client.post(
        "/api/test-upload", files={"file": ("data.csv", content.encode(), "text/csv")}
    )
    assert response.status_code == 200
    assert response.json()["content"] == content


def test_sqli_looking_input_is_counted_not_refused(make_client):
    client = make_client(app_hook=_echo_routes)
    before = events.snapshot().get("sqli_attempt", 0)
    response = client.post("/api/test-echo", json={"title": "x' OR 1=1 --"})
    assert response.status_code == 200
    assert response.json()["title"] == "x' OR 1=1 --"
    client.get("/api/users", params={"q": "' UNION SELECT password FROM users --"})
    assert events.snapshot()["sqli_attempt"] == before + 2


def test_malformed_json_still_gets_the_error_shape(client):
    response = client.post(
        "/api/auth/login", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"
