"""The deployment files checked without an image registry: nginx's own `nginx -t`, systemd's
own `systemd-analyze verify`, and explicit rules for compose.yaml and the Dockerfile."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from elara.cli import build_parser
from elara.core.config import Settings
from elara.core.proxies import is_trusted
from elara.uploads.chunks import MAX_CHUNK
from elara.uploads.receive import BLOCK, MULTIPART_SLACK
from tests.deploy.nginx_render import CONFIG, GATEWAYS, INCLUDE, self_signed, with_certificates

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"
SYSTEMD = ROOT / "deploy" / "systemd"
ROLES = ("gateway", "upload", "db")
ELARA_SERVICES = ("gateway-1", "gateway-2", "upload-1", "upload-2", "db-1", "db-2")
PINNED = re.compile(r"^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$")


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose()["services"]
    return found


# --- nginx -------------------------------------------------------------------------------


@pytest.mark.scale("nginx")
def test_nginx_accepts_the_shipped_config(tmp_path: Path) -> None:
    self_signed(tmp_path / "tls")
    text = with_certificates(CONFIG.read_text(), tmp_path / "tls")
    text = text.replace(INCLUDE, str(GATEWAYS))
    if not Path("/var/log/nginx").is_dir():  # a machine without the Debian package's folders
        text = text.replace("/var/log/nginx/", f"{tmp_path}/")
    config = tmp_path / "nginx.conf"
    config.write_text(text)

    result = subprocess.run(  # nosec B603 B607
        ["nginx", "-t", "-c", str(config)], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def _locations(text: str) -> dict[str, str]:
    """Each `location` block's body by its match (the config nests no blocks in locations)."""
    text = re.sub(r"#[^\n]*", "", text)
    return {
        match[0].strip(): match[1] for match in re.findall(r"location\s+([^{]+)\{([^}]*)\}", text)
    }


def test_every_proxied_location_replaces_forwarded_headers() -> None:
    proxied = {
        name: body for name, body in _locations(CONFIG.read_text()).items() if "proxy_pass" in body
    }

    assert {"/", "= /ws", "/api/uploads", "= /api/datasets"} <= set(proxied)
    for name, body in proxied.items():
        assert "proxy_set_header X-Forwarded-For $remote_addr;" in body, name
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in body, name
        assert "proxy_set_header X-Request-ID $request_id;" in body, name
        assert "proxy_set_header Host $host;" in body, name
        assert "proxy_add_x_forwarded_for" not in body, name  # a client's claim is never kept


def test_websocket_location_upgrades_and_stays_open() -> None:
    body = _locations(CONFIG.read_text())["= /ws"]

    assert "proxy_set_header Upgrade $http_upgrade;" in body
    assert "proxy_set_header Connection $connection_upgrade;" in body
    assert re.search(r"proxy_read_timeout\s+\d+h;", body)
    assert "map $http_upgrade $connection_upgrade" in CONFIG.read_text()


def _megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[unit.lower()]


def test_body_limit_sits_just_above_elaras_own_limits() -> None:
    match = re.search(r"client_max_body_size\s+(\w+);", CONFIG.read_text())
    assert match is not None
    cap = _megabytes(match[1])
    settings = Settings(database_url="sqlite://")
    single = settings.max_upload_mb * BLOCK + MULTIPART_SLACK
    largest = max(single, MAX_CHUNK)

    # Elara refuses first, with its JSON error; nginx only stops what Elara would never take.
    assert largest < cap <= largest + 4 * BLOCK


def test_gateways_have_passive_health_checks() -> None:
    for path in (GATEWAYS, ROOT / "deploy" / "nginx-gateways.compose.conf"):
        lines = [ln for ln in path.read_text().splitlines() if ln.startswith("server ")]
        assert len(lines) >= 2, path
        for line in lines:
            assert re.search(r"max_fails=\d+ fail_timeout=\d+s;$", line), line
    assert "proxy_next_upstream error timeout" in CONFIG.read_text()
    assert f"include {INCLUDE};" in CONFIG.read_text()


def test_compose_nginx_lists_exactly_the_compose_gateways() -> None:
    text = (ROOT / "deploy" / "nginx-gateways.compose.conf").read_text()
    hosts = {match.split(":")[0] for match in re.findall(r"(?m)^server (\S+)", text)}
    gateways = {name for name in services() if name.startswith("gateway-")}

    assert hosts == gateways


# --- compose.yaml ------------------------------------------------------------------------


def test_compose_has_the_documented_topology() -> None:
    found = services()

    assert set(ELARA_SERVICES) | {"nginx", "redis", "mariadb-primary", "mariadb-replica"} <= set(
        found
    )
    for name in ELARA_SERVICES:
        role = name.split("-")[0]
        command = found[name]["command"]
        assert command[:3] == ["serve", "--role", role], name
        assert found[name]["build"]["target"] == "runtime", name


def test_only_nginx_publishes_ports() -> None:
    published = {name for name, service in services().items() if service.get("ports")}

    assert published == {"nginx"}


def test_every_long_running_service_has_a_healthcheck_on_its_own_port() -> None:
    for name, service in services().items():
        if name == "migrate":
            continue
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] == "CMD", name
        if name in ELARA_SERVICES:
            port = service["command"][service["command"].index("--port") + 1]
            assert f"127.0.0.1:{port}/health/live" in " ".join(test), name
            assert service["expose"] == [port], name


def test_depends_on_names_real_services_with_conditions() -> None:
    found = services()
    for name, service in found.items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in found, (name, dependency)
            assert rule["condition"] in (
                "service_healthy",
                "service_completed_successfully",
            ), (name, dependency)
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in found[dependency], dependency
    assert set(found["nginx"]["depends_on"]) == {"gateway-1", "gateway-2"}
    assert found["gateway-1"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )


def test_images_are_pinned() -> None:
    for name, service in services().items():
        if "image" in service and "build" not in service:
            assert PINNED.match(service["image"]), (name, service["image"])


def test_elara_trusts_exactly_the_compose_nginx() -> None:
    found = services()
    nginx_ip = found["nginx"]["networks"]["elara"]["ipv4_address"]
    for name in ELARA_SERVICES:
        env = found[name]["environment"]
        trusted = Settings(
            database_url="sqlite://", trusted_proxies=env["ELARA_TRUSTED_PROXIES"]
        ).trusted_proxies
        assert is_trusted(nginx_ip, trusted), name
        assert not is_trusted("172.28.0.11", trusted), name  # a gateway's neighbour is not nginx


def test_elara_reads_from_the_replica_and_writes_to_the_primary() -> None:
    found = services()
    env = found["gateway-1"]["environment"]

    assert "@mariadb-primary:3306/" in env["ELARA_DATABASE_URL"]
    assert "@mariadb-replica:3306/" in env["ELARA_DATABASE_REPLICA_URLS"]
    assert env["ELARA_REDIS_URL"].startswith("redis://redis:")
    primary, replica = found["mariadb-primary"], found["mariadb-replica"]
    assert "--log-bin=mysql-bin" in primary["command"]
    assert "--read-only=1" in replica["command"]
    ids = {
        arg for svc in (primary, replica) for arg in svc["command"] if arg.startswith("--server-id")
    }
    assert len(ids) == 2
    assert replica["environment"]["MARIADB_MASTER_HOST"] == "mariadb-primary"


def test_compose_reads_secrets_from_the_environment_only() -> None:
    env = services()["gateway-1"]["environment"]

    assert env["ELARA_SECRET_KEY"].startswith("${ELARA_SECRET_KEY:?")
    assert env["ELARA_ENV"] == "production"
    assert "MARIADB_PASSWORD" in env["ELARA_DATABASE_URL"]


# --- Dockerfile --------------------------------------------------------------------------


def _stages() -> list[dict[str, Any]]:
    stages: list[dict[str, Any]] = []
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word.upper() == "FROM":
            image, _, name = rest.partition(" AS ")
            stages.append({"image": image.strip(), "name": name.strip(), "lines": []})
        elif stages:
            stages[-1]["lines"].append((word.upper(), rest.strip()))
    return stages


def test_dockerfile_has_build_runtime_and_nginx_stages() -> None:
    names = [stage["name"] for stage in _stages()]

    assert {"build", "runtime", "nginx"} <= set(names)
    assert all(names), "every stage is named"
    assert len(names) == len(set(names))


def test_dockerfile_base_images_are_pinned_versions() -> None:
    for stage in _stages():
        assert PINNED.match(stage["image"]), stage["image"]
        assert not stage["image"].endswith(":latest")


def test_runtime_runs_as_an_unprivileged_user_with_a_healthcheck() -> None:
    runtime = next(stage for stage in _stages() if stage["name"] == "runtime")
    words = [word for word, _ in runtime["lines"]]
    users = [rest for word, rest in runtime["lines"] if word == "USER"]

    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert "HEALTHCHECK" in words
    entry = next(rest for word, rest in runtime["lines"] if word == "ENTRYPOINT")
    assert entry.startswith("["), "exec form: signals reach Elara"


def test_copy_from_names_an_earlier_stage_and_sources_exist() -> None:
    seen: list[str] = []
    for stage in _stages():
        for word, rest in stage["lines"]:
            if word != "COPY":
                continue
            args = rest.split()
            if args[0].startswith("--from="):
                assert args[0].removeprefix("--from=") in seen, rest
            else:
                for source in args[:-1]:
                    assert (ROOT / source).exists(), source
        seen.append(stage["name"])


def test_dockerignore_keeps_secrets_and_history_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()

    assert {".git", ".env", ".venv", "node_modules"} <= set(ignored)


# --- systemd -----------------------------------------------------------------------------


def _unit(path: Path) -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current = ""
    for line in path.read_text().splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = {}
        elif "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            sections[current].setdefault(key, []).append(value)
    return sections


@pytest.mark.parametrize("role", ROLES)
def test_systemd_unit_per_role(role: str) -> None:
    unit = _unit(SYSTEMD / f"elara-{role}@.service")
    service = unit["Service"]

    assert service["ExecStart"] == [f"/srv/elara/.venv/bin/elara serve --role {role} --port %i"]
    assert service["User"] == ["elara"]
    assert service["NoNewPrivileges"] == ["true"]
    assert service["Restart"] == ["on-failure"]
    assert unit["Install"]["WantedBy"] == ["elara.target"]
    assert "elara-migrate.service" in unit["Unit"]["Requires"][0]


def test_the_cli_serves_every_role_the_units_name() -> None:
    parser = build_parser()
    for role in ROLES:
        assert parser.parse_args(["serve", "--role", role, "--port", "3000"]).role == role


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    elara = shutil.which("elara") or str(Path(__import__("sys").executable).parent / "elara")
    paths = []
    for unit in SYSTEMD.iterdir():
        name = unit.name.replace("@.", "@3000.")
        text = unit.read_text().replace("/srv/elara/.venv/bin/elara", elara)
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))

    result = subprocess.run(  # nosec B603
        [analyze, "verify", *paths], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "ignoring" not in result.stderr, result.stderr
