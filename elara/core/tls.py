"""HTTPS with TLS 1.3 only: uvicorn builds the context, we raise its minimum version."""

from __future__ import annotations

import ssl
from typing import Any

import uvicorn


class TLS13Config(uvicorn.Config):
    """A uvicorn config whose SSL context refuses every protocol older than TLS 1.3."""

    def load(self) -> None:
        super().load()
        if self.ssl is not None:
            restrict_to_tls13(self.ssl)


def restrict_to_tls13(context: ssl.SSLContext) -> ssl.SSLContext:
    """TLS 1.3 only, no compression, no renegotiation (1.3 has none)."""
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.options |= ssl.OP_NO_COMPRESSION
    return context


def server_config(
    app: Any, *, host: str, port: int, certfile: str | None, keyfile: str | None, **options: Any
) -> uvicorn.Config:
    """A uvicorn config: plain HTTP, or HTTPS (TLS 1.3 only) when a certificate is given."""
    if certfile:
        return TLS13Config(
            app,
            host=host,
            port=port,
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
            ssl_version=ssl.PROTOCOL_TLS_SERVER,
            **options,
        )
    return uvicorn.Config(app, host=host, port=port, **options)
