"""No message, repr, exception chain or log line contains the API secret, a private key or a
signature."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import httpx
import pytest
from mock_binance import API_SECRET, Scripted, make_client, query_value, run_call

from binance_api import APIError, AsyncClient, Client, TransportError
from binance_api._runtime import STRING, Operation, Param, Weight

SIGNED: Operation[Any] = Operation(
    "demo_signed",
    "GET",
    "/api/v3/account",
    signed=True,
    params=(Param("symbol", "symbol", STRING),),
    weights=(Weight("IP", 20),),
)


def everything_said(error: BaseException) -> str:
    """str, repr, the formatted traceback and every exception chained to it."""
    parts = [
        "".join(traceback.format_exception(type(error), error, error.__traceback__))
    ]
    seen: BaseException | None = error
    while seen is not None:
        parts += [str(seen), repr(seen), repr(getattr(seen, "args", ""))]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(parts)


def assert_clean(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize("cls", [Client, AsyncClient])
@pytest.mark.parametrize(
    "answer",
    [(400, {"code": -1022, "msg": "Signature not valid"}), (500, "oops"), "transport"],
)
def test_errors_do_not_leak_secret_or_signature(
    cls: Any, answer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}", request=request)

    script = Scripted(fail if answer == "transport" else answer)
    client = make_client(script, cls)
    caplog.set_level(logging.DEBUG)
    with pytest.raises((APIError, TransportError)) as info:
        run_call(client, SIGNED, {"symbol": "BTCUSDT"})
    signature = query_value(script.requests[0], "signature") or ""
    assert len(signature) == 64
    secrets = [API_SECRET, signature]
    assert_clean(everything_said(info.value), secrets)
    assert info.value.__context__ is None and info.value.__cause__ is None
    assert_clean(repr(client) + str(vars(client)), secrets)
    assert_clean("\n".join(r.getMessage() for r in caplog.records), secrets)


def test_httpx_request_log_lines_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    script = Scripted((200, {}))
    client = make_client(script)
    caplog.set_level(logging.DEBUG)
    run_call(client, SIGNED, {"symbol": "BTCUSDT"})
    signature = query_value(script.requests[0], "signature") or ""
    lines = [r.getMessage() for r in caplog.records]
    assert any(
        "HTTP Request" in line and "signature=***" in line for line in lines
    ), lines
    assert any(
        "binance_api" == r.name and "/api/v3/account" in r.getMessage()
        for r in caplog.records
    )
    assert_clean("\n".join(lines), [signature, API_SECRET])


def test_repr_of_clients_and_signers_hide_keys() -> None:
    client = Client("KEY123456789", API_SECRET)
    text = repr(client) + repr(client._signer) + str(vars(client))
    assert API_SECRET not in text
    # the key is not a secret, but repr shows only a prefix
    assert "KEY123456789" not in repr(client)
    assert "HMAC" in repr(client)
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(client._signer)


def test_private_key_never_shows() -> None:
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    pem = (
        ed25519.Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    body = pem.splitlines()[1]
    script = Scripted((400, {"code": -1022, "msg": "bad"}))
    client = make_client(script, private_key=pem)
    with pytest.raises(APIError) as info:
        run_call(client, SIGNED, {})
    signature = query_value(script.requests[0], "signature") or ""
    assert_clean(
        everything_said(info.value) + repr(client) + str(vars(client)),
        [body, signature],
    )
    broken = pem.replace(body, body[:24])
    with pytest.raises(Exception) as bad:
        Client("k", private_key=broken)
    assert_clean(everything_said(bad.value), [body[:24]])
