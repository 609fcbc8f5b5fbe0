"""Password hashing (argon2id), access tokens (JWT HS256) and opaque token helpers."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_AUDIENCE = "elara"
TOKEN_ISSUER = "elara"
ALGORITHM = "HS256"


class PasswordHashing:
    """argon2id with configurable cost; verifying against a dummy hash keeps timing even."""

    def __init__(self, *, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True when the password matches; a missing hash still costs one verification."""
        try:
            return self._hasher.verify(password_hash or self._dummy, password) and bool(
                password_hash
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: str
    jti: str
    expires_at: datetime
    issued_at: datetime
    session_family: str | None = None


class InvalidToken(Exception):
    """The access token is missing, malformed, expired or not ours."""


class TokenSigner:
    def __init__(self, *, key: str, lifetime: timedelta) -> None:
        self._key = key
        self.lifetime = lifetime

    def issue(
        self, *, user_id: int, role: str, session_family: str | None = None
    ) -> tuple[str, AccessClaims]:
        """A signed access token and the claims it carries."""
        now = datetime.now(UTC).replace(microsecond=0)
        claims = AccessClaims(
            user_id, role, uuid.uuid4().hex, now + self.lifetime, now, session_family
        )
        payload: dict[str, Any] = {
            "sub": str(user_id),
            "role": role,
            "jti": claims.jti,
            "iat": now,
            "nbf": now,
            "exp": claims.expires_at,
            "aud": TOKEN_AUDIENCE,
            "iss": TOKEN_ISSUER,
            "typ": "access",
            "sid": session_family,
        }
        return jwt.encode(payload, self._key, algorithm=ALGORITHM), claims

    def verify(self, token: str) -> AccessClaims:
        """Claims of a valid token; anything else raises InvalidToken."""
        try:
            payload = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=TOKEN_AUDIENCE,
                issuer=TOKEN_ISSUER,
                options={"require": ["exp", "iat", "aud", "iss", "sub", "jti"]},
            )
            if payload.get("typ") != "access":
                raise InvalidToken("not an access token")
            return AccessClaims(
                int(payload["sub"]),
                str(payload["role"]),
                str(payload["jti"]),
                datetime.fromtimestamp(payload["exp"], UTC),
                datetime.fromtimestamp(payload["iat"], UTC),
                payload.get("sid"),
            )
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise InvalidToken(str(exc)) from exc


def new_opaque_token() -> str:
    """A random 256-bit URL-safe token."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 of an opaque token: what the database stores instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()
