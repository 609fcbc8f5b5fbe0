from tests.datasets.conftest import ledger_csv, upload
from tests.factories import create_user, login

def test_smoke(client, state, tmp_path):
    h = login(client, create_user(state, role="analyst"))
    r = upload(client, h, ledger_csv(tmp_path / "a.csv", 10))
    print(r.status_code, r.json())
    assert r.status_code == 200
    r = upload(client, h, ledger_csv(tmp_path / "b.csv", 10, bad_rows=(3,)))
    print(r.status_code, r.json())
    did = r.json()["id"]
    r = client.get(f"/api/datasets/{did}/errors", headers=h); print(r.json())
    r = client.get(f"/api/datasets/{did}/errors?format=csv", headers=h); print(r.text)
