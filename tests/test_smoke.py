from tests.factories import create_user, login


def test_health_and_login(client, state):
    user = create_user(state, role="admin")
    assert client.get("/health").json()["checks"]["database"]["status"] == "up"
    headers = login(client, user)
    assert client.get("/api/profile", headers=headers).json()["email"] == user.email
