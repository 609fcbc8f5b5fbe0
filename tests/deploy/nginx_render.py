"""deploy/nginx.conf with its machine-specific paths and ports pointed at a test's own folder;
every directive that shapes a request (headers, upgrade, limits, health checks) is kept."""

from __future__ import annotations

import datetime
import ipaddress
import re
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
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


class Nginx:
    """Debian's nginx serving a rendered config in the foreground; `stop()` ends it."""

    def __init__(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self.ca = rendered.path.parent / "tls" / "fullchain.pem"
        log = (rendered.path.parent / "nginx-stderr.log").open("wb")
        self.process = subprocess.Popen(  # nosec B603 B607
            ["nginx", "-c", str(rendered.path), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.rendered.https_port}"

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def client(self, source: str, timeout: float = 30) -> httpx.Client:
        """A client connecting from `source` (a loopback address) that trusts nginx's cert."""
        transport = httpx.HTTPTransport(local_address=source, verify=self.tls())
        return httpx.Client(transport=transport, timeout=timeout)

    def upstreams(self) -> list[str]:
        """The gateway(s) of each request so far, in the order nginx logged them."""
        return re.findall(r"upstream=(\S+)", self.rendered.access_log.read_text())

    def upstream_of(self, request_id: str) -> str:
        """The gateway that answered one request (by its X-Request-ID); the last one tried."""
        for line in self.rendered.access_log.read_text().splitlines():
            if f"rid={request_id} " in line:
                hops = re.search(r"upstream=(\S+(?:, \S+)*)", line)
                return hops.group(1).split(",")[-1].strip() if hops else ""
        return ""

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}")
            try:
                httpx.get(f"{self.url}/health/live", timeout=2, verify=self.tls())
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("nginx did not answer")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
