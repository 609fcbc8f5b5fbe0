"""The `elara` command: serve, migrate, manage users, load demo data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from elara.core.config import Settings, get_settings
from elara.core.errors import ElaraError

Handler = Callable[[argparse.Namespace, Settings], int]


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from elara import db_service, gateway, upload_service
    from elara.core.tls import server_config

    # Scaled (a shared Redis queue) a plain `elara serve` is a gateway; alone it is everything.
    role = args.role or ("gateway" if settings.redis_url else "all")
    factories: dict[str, Callable[[Settings], Any]] = {
        "all": gateway.create_app,
        "gateway": lambda s: gateway.create_app(s, worker_roles=()),
        "upload": upload_service.create_app,
        "db": db_service.create_app,
    }
    create_app = factories[role]
    default_port = {"upload": settings.upload_port, "db": settings.db_port}
    host = args.host or settings.host
    port = args.port or default_port.get(role, settings.port)
    if bool(args.certfile) != bool(args.keyfile):
        print("elara: --certfile and --keyfile go together", file=sys.stderr)
        return 2
    # Only a scaled gateway runs several processes: `all` holds the embedded queue workers and
    # must stay one process; upload/db workers scale by running more of them.
    workers = (args.workers or gateway.gateway_workers(settings)) if role == "gateway" else 1
    # Client addresses come from ELARA_TRUSTED_PROXIES, not from uvicorn's proxy handling.
    config = server_config(
        "elara.gateway:scaled_gateway" if workers > 1 else create_app(settings),
        host=host,
        port=port,
        certfile=args.certfile,
        keyfile=args.keyfile,
        log_level="warning",
        proxy_headers=False,
        access_log=False,
        log_config=None,
        factory=workers > 1,
        workers=workers,
    )
    scheme = "https (TLS 1.3 only)" if args.certfile else "http"
    processes = f" ({workers} processes)" if workers > 1 else ""
    print(f"Elara {role} listening on {scheme}://{host}:{port}{processes}", flush=True)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        uvicorn.Server(config).run()
    return 0


def _cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from elara.audit.chain import verify_chain
    from elara.core.state import AppState

    state = AppState.build(settings, pool_size=1)
    with state.db.transaction() as session:
        report = verify_chain(session)
    for problem in report.problems:
        print(f"entry {problem.entry_id}: {problem.problem}")
    verdict = "intact" if report.ok else f"BROKEN ({len(report.problems)} problems)"
    print(f"audit trail {verdict}: {report.entries} entries checked")
    return 0 if report.ok else 1


def _cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from elara.core import migrate

    url = settings.resolved_database_url
    if args.action == "upgrade":
        migrate.upgrade(url, args.revision or "head")
    elif args.action == "downgrade":
        migrate.downgrade(url, args.revision or "-1")
    print(f"database at revision {migrate.current_revision(url)}")
    return 0


def _cmd_users_create(args: argparse.Namespace, settings: Settings) -> int:
    from elara.core.state import AppState
    from elara.models import Role
    from elara.users.schemas import UserCreate
    from elara.users.service import create_user

    state = AppState.build(settings, pool_size=1)
    data = UserCreate(
        email=args.email,
        full_name=args.full_name or "",
        role=Role(args.role),
        password=args.password,
    )
    with state.db.transaction() as session:
        user, generated = create_user(session, state, data=data, actor=None)
    print(f"created {user.role} {user.email} (id {user.id})")
    if generated:
        print(f"temporary password: {generated}")
    return 0


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from elara.core.state import AppState
    from elara.demo import load_demo_data

    count = load_demo_data(AppState.build(settings, pool_size=1))
    print(f"loaded {count} demo records")
    return 0


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from elara.importer import import_file

    return import_file(args, settings)


def _cmd_setup(args: argparse.Namespace, settings: Settings) -> int:
    from elara.setup import prepare

    _, admin, loaded = prepare(settings, demo=not args.no_demo)
    url = f"http://{settings.host}:{settings.port}"
    print(f"Database ready ({settings.resolved_database_url.split('://')[0]}).")
    if loaded:
        print(f"Loaded {loaded} demo records.")
    print(f"Sign in at {url} as {admin.email}")
    if admin.password:
        print(f"  password: {admin.password}   (shown once; also in {admin.password_file})")
    elif admin.password_file:
        print(f"  password: the generated one in {admin.password_file}")
    else:
        print("  password: the one you set (ELARA_ADMIN_PASSWORD or your own change)")
    return 0


def _cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from elara.backup import service
    from elara.backup.retention import prune

    if args.action == "verify":
        if not args.archive:
            raise ElaraError("Give the archive to verify: elara backup verify ARCHIVE")
        secret = service.resolve_secret(settings, passphrase=args.passphrase)
        manifest = service.verify_backup(
            Path(args.archive), key=service.manifest_key(settings), secret=secret
        )
        print(f"ok: {len(manifest['files'])} files verified ({', '.join(manifest['components'])})")
        return 0
    if args.action == "prune":
        deleted = prune(
            Path(args.output) if args.output else settings.resolved_backup_dir,
            hourly=settings.backup_keep_hourly,
            daily=settings.backup_keep_daily,
            weekly=settings.backup_keep_weekly,
        )
        print(f"deleted {len(deleted)} archive(s)")
        return 0
    components = tuple(c.strip() for c in args.only.split(",")) if args.only else service.COMPONENTS
    unknown = set(components) - set(service.COMPONENTS)
    if unknown:
        raise ElaraError(f"Unknown backup component(s): {', '.join(sorted(unknown))}.")
    secret = (
        service.resolve_secret(settings, passphrase=args.passphrase, required=True)
        if args.encrypt or args.passphrase
        else None
    )
    result = service.create_backup(
        settings,
        components=components,
        secret=secret,
        output_dir=Path(args.output) if args.output else None,
        portable=args.portable,
    )
    print(result.path)
    return 0


def _cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from elara.backup import service

    secret = service.resolve_secret(settings, passphrase=args.passphrase)
    manifest = service.restore_backup(settings, Path(args.archive), secret=secret, force=args.force)
    print(f"restored {', '.join(manifest['components'])} from {args.archive}")
    return 0


def _add_backup_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="write a backup archive, verify one, or prune old ones")
    backup.add_argument(
        "action", nargs="?", choices=["create", "verify", "prune"], default="create"
    )
    backup.add_argument("archive", nargs="?", help="the archive (for verify)")
    backup.add_argument(
        "--encrypt", action="store_true", help="AES-256-GCM with ELARA_BACKUP_KEY (or --passphrase)"
    )
    backup.add_argument("--passphrase", help="encrypt/decrypt with a passphrase (scrypt)")
    backup.add_argument("--output", help="folder for the archive (default ELARA_BACKUP_DIR)")
    backup.add_argument(
        "--portable",
        action="store_true",
        help="database as JSON lines, restorable into SQLite or MySQL",
    )
    backup.add_argument("--only", help="comma-separated: database,files,config (default all)")
    backup.set_defaults(handler=_cmd_backup)

    restore = sub.add_parser("restore", help="verify a backup archive and restore it")
    restore.add_argument("archive")
    restore.add_argument("--force", action="store_true", help="replace existing data")
    restore.add_argument("--passphrase", help="the passphrase the archive was encrypted with")
    restore.set_defaults(handler=_cmd_restore)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="elara", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve Elara (all components in one process by default)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--role",
        choices=["all", "gateway", "upload", "db"],
        default=None,
        help="all: one process (the default without ELARA_REDIS_URL); gateway: enqueues and "
        "reads status (the default with it); upload/db: a parsing/storing worker",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes of a scaled gateway (default ELARA_GATEWAY_WORKERS, else one per core, "
        "at most 4); other roles always run one",
    )
    serve.add_argument("--certfile", help="TLS certificate (serves HTTPS)")
    serve.add_argument("--keyfile", help="TLS private key")
    serve.set_defaults(handler=_cmd_serve)

    db = sub.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade", "current"])
    db.add_argument("--revision")
    db.set_defaults(handler=_cmd_db)

    users = sub.add_parser("users", help="manage users").add_subparsers(dest="users", required=True)
    create = users.add_parser("create", help="create a user")
    create.add_argument("--email", required=True)
    create.add_argument("--role", choices=["admin", "analyst", "viewer"], required=True)
    create.add_argument("--password", help="omit to generate one")
    create.add_argument("--full-name")
    create.set_defaults(handler=_cmd_users_create)

    audit = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit", required=True
    )
    verify = audit.add_parser("verify", help="check the hash chain; exit 1 when broken")
    verify.set_defaults(handler=_cmd_audit_verify)

    demo = sub.add_parser("demo-data", help="load the demo dataset")
    demo.set_defaults(handler=_cmd_demo)

    imp = sub.add_parser("import", help="load a CSV/XLSX/XLS/ODS file into a dataset")
    imp.add_argument("file")
    imp.add_argument("--name")
    imp.add_argument("--on-error", choices=["reject", "skip"], default="reject")
    imp.add_argument("--mode", choices=["create", "append", "replace"], default="create")
    imp.add_argument("--dataset-id", type=int)
    imp.add_argument("--sheet", help='sheet name, or "*" for all sheets')
    imp.add_argument("--user", help="owner's email (default: the first admin)")
    imp.add_argument(
        "--currency",
        help="the currency of a file that states none (default: the reporting currency)",
    )
    how = imp.add_mutually_exclusive_group()
    how.add_argument("--settings", help="import settings as JSON (what inspect answered)")
    how.add_argument("--recipe", help="the name of a remembered import recipe")
    imp.set_defaults(handler=_cmd_import)

    setup = sub.add_parser("setup", help="migrate, ensure an admin, load demo data when empty")
    setup.add_argument("--no-demo", action="store_true")
    setup.set_defaults(handler=_cmd_setup)
    _add_backup_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
        if args.command != "serve":
            from elara.core.logging import configure_logging

            configure_logging(settings, service="cli", stream="stderr")
        handler: Handler = args.handler
        return handler(args, settings)
    except ValidationError as exc:
        print(f"elara: invalid input or configuration:\n{exc}", file=sys.stderr)
    except ElaraError as exc:
        details = "; ".join(str(d.get("message", "")) for d in exc.details)
        print(f"elara: {exc.message} {details}".rstrip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
