"""Request signatures: HMAC-SHA256 (hex) with an API secret, RSA PKCS#1 v1.5 SHA-256 or Ed25519
(base64) with a PEM private key. A signer signs exactly the bytes it is given; the caller appends
`signature=` (URL-encoded) after them. Signers never show their key in repr or messages.
"""

from __future__ import annotations

import base64
import hashlib
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Protocol

from ._errors import ConfigurationError

_BLOCK = hashlib.sha256().block_size  # 64 bytes
_IPAD = bytes(b ^ 0x36 for b in range(256))  # XOR tables of the HMAC paddings
_OPAD = bytes(b ^ 0x5C for b in range(256))

CRYPTO_MISSING = "RSA and Ed25519 keys need the 'cryptography' package: pip install 'binance-api[crypto]'"


class Signer(Protocol):
    """Something that turns the query bytes into the text of the `signature` parameter."""

    algorithm: str

    def sign(self, payload: bytes) -> str: ...


class HmacSigner:
    """HMAC-SHA256 over the payload with the API secret, hex encoded (RFC 2104, as hmac.new computes
    it: SHA-256 of the outer padded key and of the inner padded key with the payload).
    """

    __slots__ = ("_inner", "_outer", "algorithm")

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ConfigurationError("api_secret is empty")
        key = secret.encode()
        if len(key) > _BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_BLOCK, b"\0")
        # the two padded keys hashed once; copied per signature, so the key is never processed again
        self._inner = hashlib.sha256(key.translate(_IPAD))
        self._outer = hashlib.sha256(key.translate(_OPAD))
        self.algorithm = "HMAC"

    def sign(self, payload: bytes) -> str:
        inner = self._inner.copy()
        inner.update(payload)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def __repr__(self) -> str:
        return "HmacSigner(secret=***)"

    def __reduce__(self) -> Any:
        raise TypeError("signers hold secrets and cannot be pickled")


def read_pem(private_key: str | bytes | PathLike[str]) -> bytes:
    """PEM bytes from PEM text, PEM bytes, or the path of a PEM file."""
    if isinstance(private_key, bytes):
        return private_key
    if isinstance(private_key, str) and "-----BEGIN" in private_key:
        return private_key.encode()
    path = Path(private_key)
    try:
        return path.read_bytes()
    except OSError as exc:
        # The argument was not PEM, so it is a path: safe to name, but never echo key material.
        raise ConfigurationError(
            f"cannot read the private key file {path}: {exc.strerror}"
        ) from None


class PrivateKeySigner:
    """RSA (PKCS#1 v1.5, SHA-256) or Ed25519 signatures with a PEM private key, base64 encoded.

    Needs the optional `cryptography` package: pip install 'binance-api[crypto]'."""

    __slots__ = ("_key", "_sign", "algorithm")

    _sign: Callable[[bytes], bytes]

    def __init__(
        self,
        private_key: str | bytes | PathLike[str],
        passphrase: str | bytes | None = None,
    ) -> None:
        try:
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
            from cryptography.hazmat.primitives.serialization import (
                load_pem_private_key,
            )
        except ImportError:
            raise ConfigurationError(CRYPTO_MISSING) from None
        pem = read_pem(private_key)
        password = passphrase.encode() if isinstance(passphrase, str) else passphrase
        failure = None
        try:
            key: Any = load_pem_private_key(pem, password=password)
        except (ValueError, TypeError) as exc:
            # The library's text can quote the input; name only the exception type.
            failure = f"cannot load the private key ({type(exc).__name__}): wrong passphrase or not a PEM key"
        # raised outside the except block: no chained exception keeps the key
        if failure is not None:
            raise ConfigurationError(failure)
        if isinstance(key, rsa.RSAPrivateKey):
            self.algorithm = "RSA"
            pkcs1, sha256 = padding.PKCS1v15(), hashes.SHA256()

            def sign_rsa(payload: bytes) -> bytes:
                signature: bytes = key.sign(payload, pkcs1, sha256)
                return signature

            self._sign = sign_rsa
        elif isinstance(key, ed25519.Ed25519PrivateKey):
            self.algorithm = "ED25519"
            self._sign = key.sign
        else:
            raise ConfigurationError("only RSA and Ed25519 private keys are supported")
        self._key = key

    def sign(self, payload: bytes) -> str:
        return base64.b64encode(self._sign(payload)).decode("ascii")

    def __repr__(self) -> str:
        return f"PrivateKeySigner(algorithm={self.algorithm}, key=***)"

    def __reduce__(self) -> Any:
        raise TypeError("signers hold secrets and cannot be pickled")
