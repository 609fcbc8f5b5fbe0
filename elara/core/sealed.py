"""Streaming AES-256-GCM, the one implementation: a file is sealed frame by frame, and each
frame's number and whether it is the last are bound into its nonce or associated data, so
frames cannot be reordered, dropped or cut off. The two on-disk layouts that use it (uploaded
originals, backup archives) differ only in their nonces and frame headers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FRAME = 1 << 20
# (frame number, is last) -> bytes: a frame's nonce or its associated data.
PerFrame = Callable[[int, bool], bytes]


def frames(source: BinaryIO, size: int = FRAME) -> Iterator[tuple[int, bytes, bool]]:
    """(number, plaintext, is last) for each frame; an empty source is one empty last frame.
    Reads one frame ahead, so the last frame is known when it is sealed."""
    current, number = source.read(size), 0
    while True:
        following = source.read(size)
        yield number, current, not following
        if not following:
            return
        current, number = following, number + 1


def seal(
    key: bytes, source: BinaryIO, *, nonce: PerFrame, aad: PerFrame, size: int = FRAME
) -> Iterator[tuple[bytes, bytes, bool]]:
    """(nonce, ciphertext with tag, is last) for each frame of `source`."""
    aead = AESGCM(key)
    for number, plain, last in frames(source, size):
        frame_nonce = nonce(number, last)
        yield frame_nonce, aead.encrypt(frame_nonce, plain, aad(number, last)), last


def unseal(
    key: bytes, sealed: Iterator[tuple[bytes, bytes, bool]], *, aad: PerFrame
) -> Iterator[bytes]:
    """The plaintext of each (nonce, ciphertext, is last) frame, in order; raises
    cryptography's InvalidTag on any change, including frames out of order or missing."""
    aead = AESGCM(key)
    for number, (frame_nonce, data, last) in enumerate(sealed):
        yield aead.decrypt(frame_nonce, data, aad(number, last))
