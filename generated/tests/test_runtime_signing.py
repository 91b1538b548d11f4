"""Signatures: the HMAC example from Binance's API docs, RSA and Ed25519 checked with the public key,
and the signature covering exactly the bytes sent, last, with the API key header."""

from __future__ import annotations

import base64
import hashlib
import hmac
import sys
from pathlib import Path
from typing import Any

import pytest
from mock_binance import (
    API_KEY,
    API_SECRET,
    Recorder,
    check_signature,
    make_client,
    run_call,
    wire_pairs,
)

from binance_api import AsyncClient, Client, ConfigurationError
from binance_api._clock import ServerClock
from binance_api._runtime import DECIMAL, LONG, STRING, Operation, Param
from binance_api._signing import CRYPTO_MISSING, HmacSigner, PrivateKeySigner

DOCS_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOCS_QUERY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
DOCS_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"

ORDER: Operation[Any] = Operation(
    "demo_order",
    "POST",
    "/api/v3/order",
    signed=True,
    params=(
        Param("symbol", "symbol", STRING, required=True),
        Param("side", "side", STRING, required=True),
        Param("type", "type_", STRING, required=True),
        Param("timeInForce", "time_in_force", STRING),
        Param("quantity", "quantity", DECIMAL),
        Param("price", "price", DECIMAL),
        Param("recvWindow", "recv_window", LONG),
    ),
)
ORDER_ARGS = dict(
    symbol="LTCBTC",
    side="BUY",
    type_="LIMIT",
    time_in_force="GTC",
    quantity=1,
    price="0.1",
    recv_window=5000,
)


def test_hmac_matches_the_binance_docs_example() -> None:
    assert HmacSigner(DOCS_SECRET).sign(DOCS_QUERY.encode()) == DOCS_SIGNATURE


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_client_sends_the_docs_query_and_signature(cls: Any) -> None:
    """With the docs' clock and secret the client sends the docs' query byte for byte."""
    recorder = Recorder()
    client = make_client(recorder, cls, api_secret=DOCS_SECRET)
    client.clock = ServerClock(local_ms=lambda: 1499827319559)
    run_call(client, ORDER, ORDER_ARGS)
    query = recorder.last.url.query.decode()
    assert query == DOCS_QUERY + "&signature=" + DOCS_SIGNATURE
    assert recorder.last.headers["X-MBX-APIKEY"] == API_KEY


def test_signature_is_last_and_covers_the_default_recv_window() -> None:
    recorder = Recorder()
    client = make_client(recorder, recv_window=7000)
    args = {k: v for k, v in ORDER_ARGS.items() if k != "recv_window"}
    run_call(client, ORDER, args)
    names = [k for k, _ in wire_pairs(recorder.last)]
    assert names[-3:] == ["recvWindow", "timestamp", "signature"]
    assert names.count("recvWindow") == 1
    check_signature(recorder.last)


def test_call_recv_window_wins_over_the_client_default_and_is_sent_once() -> None:
    recorder = Recorder()
    run_call(make_client(recorder, recv_window=7000), ORDER, ORDER_ARGS)
    assert [v for k, v in wire_pairs(recorder.last) if k == "recvWindow"] == ["5000"]
    check_signature(recorder.last)


def test_special_characters_are_signed_as_sent() -> None:
    recorder = Recorder()
    args = dict(ORDER_ARGS, symbol="A B&C=D+é/,")
    run_call(make_client(recorder), ORDER, args)
    check_signature(recorder.last)
    assert dict(wire_pairs(recorder.last))["symbol"] == "A B&C=D+é/,"


# ---------------------------------------------------------------------------- RSA and Ed25519


def _keys(kind: str, passphrase: bytes | None = None) -> tuple[bytes, Any]:
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

    key: Any = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if kind == "RSA"
        else ed25519.Ed25519PrivateKey.generate()
    )
    encryption: Any = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    return pem, key.public_key()


def _verify(kind: str, public_key: Any, payload: bytes, signature: str) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    raw = base64.b64decode(signature, validate=True)
    if kind == "RSA":
        public_key.verify(raw, payload, padding.PKCS1v15(), hashes.SHA256())
    else:
        public_key.verify(raw, payload)  # raises InvalidSignature on mismatch


@pytest.mark.parametrize("kind", ["RSA", "ED25519"])
@pytest.mark.parametrize("form", ["text", "bytes", "path", "str_path"])
def test_private_key_signatures_verify_with_the_public_key(
    kind: str, form: str, tmp_path: Path
) -> None:
    pem, public_key = _keys(kind)
    source: Any = {"text": pem.decode(), "bytes": pem}.get(form)
    if source is None:
        (tmp_path / "key.pem").write_bytes(pem)
        source = tmp_path / "key.pem" if form == "path" else str(tmp_path / "key.pem")
    recorder = Recorder()
    run_call(make_client(recorder, private_key=source), ORDER, ORDER_ARGS)
    query = recorder.last.url.query.decode()
    payload, _, encoded = query.rpartition("&signature=")
    signature = dict(wire_pairs(recorder.last))["signature"]
    # URL-encoded base64
    assert "+" not in encoded and "/" not in encoded and "=" not in encoded
    _verify(kind, public_key, payload.encode(), signature)
    with pytest.raises(Exception):
        _verify(kind, public_key, payload.encode() + b"0", signature)


@pytest.mark.parametrize("kind", ["RSA", "ED25519"])
def test_encrypted_private_key_needs_its_passphrase(kind: str) -> None:
    pem, public_key = _keys(kind, passphrase=b"pass-phrase-7f3")
    signer = PrivateKeySigner(pem, "pass-phrase-7f3")
    assert signer.algorithm == kind
    _verify(kind, public_key, b"a=1", signer.sign(b"a=1"))
    with pytest.raises(ConfigurationError) as info:
        PrivateKeySigner(pem, "other-phrase-9c1")
    assert "pass-phrase-7f3" not in str(info.value) and "other-phrase-9c1" not in str(
        info.value
    )
    assert "BEGIN" not in str(info.value)


def test_missing_key_file_is_a_configuration_error(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    with pytest.raises(ConfigurationError, match="cannot read"):
        PrivateKeySigner(str(tmp_path / "absent.pem"))


def test_missing_cryptography_gives_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [
        n for n in sys.modules if n == "cryptography" or n.startswith("cryptography.")
    ]:
        monkeypatch.setitem(sys.modules, name, None)
    for name in (
        "cryptography",
        "cryptography.hazmat",
        "cryptography.hazmat.primitives",
    ):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ConfigurationError) as info:
        Client(
            API_KEY,
            private_key="-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
    assert str(info.value) == CRYPTO_MISSING
    assert "pip install" in str(info.value)


def test_secret_and_private_key_together_are_refused() -> None:
    with pytest.raises(ConfigurationError):
        Client(API_KEY, API_SECRET, private_key="key.pem")


def test_independent_hmac_of_sent_bytes() -> None:
    """The signature equals an HMAC computed here over the query bytes before `&signature=`."""
    recorder = Recorder()
    run_call(make_client(recorder), ORDER, ORDER_ARGS)
    raw = recorder.last.url.query
    payload, _, signature = raw.rpartition(b"&signature=")
    assert (
        signature.decode()
        == hmac.new(API_SECRET.encode(), payload, hashlib.sha256).hexdigest()
    )


@pytest.mark.parametrize(
    "value",
    [
        "BTCUSDT",
        "0.001",
        "a b",
        "x&y=z",
        '["A","B"]',
        "1,2",
        "é",
        "~-._",
        "+/%",
        "",
        "tab\there",
    ],
)
def test_query_encoding_matches_urlencode(value: str) -> None:
    from urllib.parse import quote, urlencode

    from binance_api._core import encode_query

    pairs = [("symbol", value), ("key with space", value), ("n", "1")]
    assert encode_query(pairs) == urlencode(pairs, quote_via=quote)
    for pairs in (
        [("symbol", value)],
        [("a=b", value), ("c", "d")],
        [("a&b", "c"), ("d", value)],
        [(value, "1")],
    ):
        assert encode_query(pairs) == urlencode(pairs, quote_via=quote), pairs
    assert encode_query([]) == urlencode([]) == ""


def test_space_is_percent_20_and_plus_is_escaped() -> None:
    """The docs ask for `%20` (a withdrawal address `name`); a literal `+` must not read as a space."""
    from binance_api._core import encode_query

    assert (
        encode_query([("name", "my wallet"), ("memo", "a+b")])
        == "name=my%20wallet&memo=a%2Bb"
    )
