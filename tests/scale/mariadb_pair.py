"""Two private MariaDB servers, a primary and its binlog replica, started in temp dirs on their
own ports for one test module and stopped after it (never the machine's shared server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pymysql

INSTALL_DB = "mariadb-install-db"
SERVER = "mariadbd"


def available() -> bool:
    """Whether this machine can start private MariaDB servers."""
    return bool(
        shutil.which(INSTALL_DB) and (shutil.which(SERVER) or Path("/usr/sbin/mariadbd").exists())
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """One private mariadbd: its folder, port and process."""

    root: Path
    server_id: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def socket(self) -> str:
        return str(self.root / "mysqld.sock")

    def install(self) -> None:
        """mariadb-install-db into the folder; tried again when it fails (two run at the same
        time on one machine, by other tests or sessions, fail now and then)."""
        for attempt in range(3):
            shutil.rmtree(self.root / "data", ignore_errors=True)
            done = subprocess.run(
                [
                    INSTALL_DB,
                    "--no-defaults",
                    f"--datadir={self.root / 'data'}",
                    "--user=root",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                ],
                capture_output=True,
                timeout=120,
            )
            if done.returncode == 0:
                return
            time.sleep(1 + attempt)
        raise RuntimeError(
            f"mariadb-install-db failed: {done.stdout[-1500:]!r} {done.stderr[-1500:]!r}"
        )

    def start(self) -> None:
        binary = shutil.which(SERVER) or "/usr/sbin/mariadbd"
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                binary,
                "--no-defaults",
                f"--datadir={self.root / 'data'}",
                f"--port={self.port}",
                f"--socket={self.socket}",
                f"--pid-file={self.root / 'mysqld.pid'}",
                "--bind-address=127.0.0.1",
                f"--server-id={self.server_id}",
                "--log-bin=mysql-bin",
                "--binlog-format=ROW",
                # Row-based binlog makes interleaved auto-increment safe; without it concurrent
                # INSERT … SELECT rollups wait on the table-level AUTO-INC lock (error 1467).
                "--innodb-autoinc-lock-mode=2",
                "--user=root",
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_bin",
                "--local-infile=1",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mariadbd exited: {(self.root / 'server.log').read_text()}")
            try:
                self.execute("SELECT 1")
                return
            except pymysql.err.OperationalError:
                time.sleep(0.2)
        raise RuntimeError("mariadbd did not answer within a minute")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def connect(self) -> pymysql.connections.Connection:  # type: ignore[type-arg]
        return pymysql.connect(unix_socket=self.socket, user="root", autocommit=True)

    def execute(self, sql: str) -> list[tuple[object, ...]]:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())
        finally:
            connection.close()

    def url(self, database: str = "elara") -> str:
        return f"mysql+pymysql://elara:elara@127.0.0.1:{self.port}/{database}"


@dataclass
class ReplicatedPair:
    """A primary and a replica that follows its binary log."""

    primary: Server
    replica: Server

    @classmethod
    def start(cls, root: Path) -> ReplicatedPair:
        pair = cls(Server(root / "primary", 1), Server(root / "replica", 2))
        try:
            pair._set_up()
        except BaseException:
            pair.stop()  # never leave a half-started server behind
            raise
        return pair

    def _set_up(self) -> None:
        """Install and start both servers, then have the replica follow the primary."""
        # One after the other: two mariadb-install-db side by side fail now and then.
        for server in (self.primary, self.replica):
            server.root.mkdir(parents=True)
            server.install()
            server.start()
        self.primary.execute("CREATE USER 'repl'@'%' IDENTIFIED BY 'repl'")
        self.primary.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'")
        self.primary.execute("CREATE USER 'elara'@'%' IDENTIFIED BY 'elara'")
        self.primary.execute("GRANT ALL ON *.* TO 'elara'@'%'")
        self.primary.execute("CREATE DATABASE elara CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        first_log = self.primary.execute("SHOW BINARY LOGS")[0][0]
        self.replica.execute(
            f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={self.primary.port}, "
            f"MASTER_USER='repl', MASTER_PASSWORD='repl', "
            f"MASTER_LOG_FILE='{first_log}', MASTER_LOG_POS=4"
        )
        self.replica.execute("START SLAVE")
        self.wait_caught_up()

    def primary_position(self) -> tuple[str, int]:
        row = self.primary.execute("SHOW MASTER STATUS")[0]
        return str(row[0]), int(str(row[1]))

    def wait_caught_up(self, timeout: float = 60) -> None:
        """Wait until the replica has applied everything the primary has logged so far."""
        log_file, position = self.primary_position()
        result = self.replica.execute(
            f"SELECT MASTER_POS_WAIT('{log_file}', {position}, {int(timeout)})"
        )
        if result[0][0] is None or int(str(result[0][0])) < 0:
            raise RuntimeError("the replica did not catch up with the primary")

    def pause_replication(self) -> None:
        """Stop applying the primary's changes (the replica falls behind from now on)."""
        self.replica.execute("STOP SLAVE SQL_THREAD")

    def resume_replication(self) -> None:
        self.replica.execute("START SLAVE SQL_THREAD")

    def stop(self) -> None:
        for server in (self.replica, self.primary):
            server.stop()
