"""deploy/nginx.conf with its machine-specific paths and ports pointed at a test's own folder;
every directive that shapes a request (headers, upgrade, limits, health checks) is kept."""

from __future__ import annotations

import datetime
import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx.conf"
TLS_DIR = "/etc/elara/tls/"
GATEWAYS = ROOT / "deploy" / "nginx-gateways.conf"
INCLUDE = "/etc/nginx/elara-gateways.conf"


def self_signed(folder: Path) -> Path:
    """A certificate for 127.0.0.1 (and its key) in `folder`; returns the certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return folder / "fullchain.pem"


def with_certificates(text: str, folder: Path) -> str:
    """The config reading its certificate from `folder` instead of /etc/elara/tls."""
    return text.replace(TLS_DIR, f"{folder}/")


def with_gateways(text: str, path: Path) -> str:
    """The config including its gateway list from `path`."""
    return text.replace(INCLUDE, str(path))


@dataclass(frozen=True)
class Rendered:
    path: Path
    access_log: Path
    http_port: int
    https_port: int


def render(
    folder: Path,
    *,
    gateways: list[int],
    http_port: int,
    https_port: int,
    bind: str | None = None,
) -> Rendered:
    """The config serving from `folder`: its own pid, logs and temp paths, the given gateway
    ports, loopback listen ports, and (`bind`) the address nginx connects to gateways from."""
    text = with_certificates(CONFIG.read_text(), folder / "tls")
    self_signed(folder / "tls")
    access = folder / "access.log"
    text = text.replace("user www-data;", "user root;")
    text = text.replace("/run/nginx.pid", str(folder / "nginx.pid"))
    text = text.replace("/var/log/nginx/error.log", str(folder / "error.log"))
    text = text.replace("/var/log/nginx/elara-access.log", str(access))
    # The shipped gateway list, its addresses swapped for the test's gateways, in order.
    shipped = re.findall(r"(?m)^server (\S+) ([^\n]*)$", GATEWAYS.read_text())
    servers = folder / "gateways.conf"
    pairs = zip(gateways, shipped, strict=True)  # one test gateway per shipped line
    servers.write_text("".join(f"server 127.0.0.1:{port} {rest}\n" for port, (_, rest) in pairs))
    text = with_gateways(text, servers)
    text = re.sub(r"(?m)^\s*listen \[::\]:\d+[^\n]*\n", "", text)
    text = text.replace("listen 80 ", f"listen 127.0.0.1:{http_port} ")
    text = text.replace("listen 443 ", f"listen 127.0.0.1:{https_port} ")
    temp = "".join(
        f"    {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    extra = temp + (f"    proxy_bind {bind};\n" if bind else "")
    text = text.replace("http {\n", "http {\n" + extra, 1)
    path = folder / "nginx.conf"
    path.write_text(text)
    return Rendered(path, access, http_port, https_port)
