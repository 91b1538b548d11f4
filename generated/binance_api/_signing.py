"""Request signatures: HMAC-SHA256 (hex) for secret keys, RSA PKCS#1 v1.5 SHA-256 and Ed25519 (base64)
for private keys. The signature covers exactly the query bytes sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path
from typing import Any, Protocol

from ._errors import BinanceError


class Signer(Protocol):
    def sign(self, payload: bytes) -> str: ...


class HmacSigner:
    """HMAC-SHA256 over the payload with the API secret, hex encoded."""

    __slots__ = ("_key",)

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def sign(self, payload: bytes) -> str:
        return hmac.new(self._key, payload, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "HmacSigner(secret=***)"


class PrivateKeySigner:
    """RSA (PKCS#1 v1.5, SHA-256) or Ed25519 signatures with a PEM private key, base64 encoded.

    Needs the optional `cryptography` package: pip install 'binance-api[crypto]'."""

    __slots__ = ("_key", "algorithm")

    def __init__(self, private_key: str | bytes | Path, passphrase: str | bytes | None = None) -> None:
        try:
            from cryptography.hazmat.primitives.serialization import load_pem_private_key
        except ImportError:  # pragma: no cover - depends on the environment
            raise BinanceError(
                "RSA and Ed25519 keys need the 'cryptography' package: pip install 'binance-api[crypto]'"
            ) from None
        if isinstance(private_key, Path):
            pem = private_key.read_bytes()
        elif isinstance(private_key, str) and "-----BEGIN" not in private_key:
            pem = Path(private_key).read_bytes()
        else:
            pem = private_key.encode() if isinstance(private_key, str) else private_key
        password = passphrase.encode() if isinstance(passphrase, str) else passphrase
        try:
            key: Any = load_pem_private_key(pem, password=password)
        except (ValueError, TypeError) as exc:
            raise BinanceError(f"cannot load the private key: {type(exc).__name__}") from None
        from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

        if isinstance(key, rsa.RSAPrivateKey):
            self.algorithm = "RSA"
        elif isinstance(key, ed25519.Ed25519PrivateKey):
            self.algorithm = "ED25519"
        else:
            raise BinanceError("only RSA and Ed25519 private keys are supported")
        self._key = key

    def sign(self, payload: bytes) -> str:
        if self.algorithm == "RSA":
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.asymmetric import padding

            raw = self._key.sign(payload, padding.PKCS1v15(), hashes.SHA256())
        else:
            raw = self._key.sign(payload)
        return base64.b64encode(raw).decode()

    def __repr__(self) -> str:
        return f"PrivateKeySigner(algorithm={self.algorithm}, key=***)"
