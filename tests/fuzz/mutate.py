"""Realistic pages and the damage a scraper does to them, as hypothesis strategies.

Seeds: the hand-written page templates of tests/hostile/pages.py in both scrape formats (with a few
variations), and the shipped pages of specs/docs/ read at run time. Mutations work on lines: drop,
duplicate, swap, truncate, insert random bytes or hostile text, change table separators, cut the
page short.
"""

from __future__ import annotations

import ast
import contextlib
import functools
from pathlib import Path
from typing import Iterator

from hypothesis import strategies as st

from generator import render
from generator.build import load_spec_texts
from generator.model import LEVELS, Diagnostic
from generator.parse import link, parse_page
from generator.spec_yaml import dumps

from ..hostile.codecheck import audit, node_kinds
from ..hostile.pages import Page

ROOT = Path(__file__).resolve().parents[2]


@functools.lru_cache(maxsize=1)
def seeds() -> tuple[str, ...]:
    variants = [
        Page(),
        Page(title="Cancel Gadget (TRADE)", title_zh="撤销小工具 (TRADE)", method="DELETE", path="/fapi/v1/gadget",
             weight="**1** when `symbol` is sent; **40** otherwise",
             params=[("symbol", "STRING", "NO", ""), ("orderId", "LONG", "NO", ""), ("origClientOrderId", "STRING", "NO", ""),
                     ("recvWindow", "LONG", "NO", ""), ("timestamp", "LONG", "YES", "")],
             notes=["Either `orderId` or `origClientOrderId` must be sent."]),
        Page(title="Gadget Price Ticker", title_zh="小工具价格", path="/api/v3/gadget/price", weight="**2**",
             params=[("symbols", "ARRAY", "NO", 'e.g. ["BTCUSDT","BNBUSDT"]'), ("type", "ENUM", "NO", "`FULL` or `MINI`")],
             response='{\n  "symbol": "BTCUSDT",\n  "price": "1.0" // last price\n}', notes=[]),
    ]
    pages = [v.format_a() for v in variants] + [v.format_b() for v in variants]
    pages += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "specs" / "docs").glob("*")) if p.is_file()]
    return tuple(pages)


_HOSTILE = ['"""', "\\", "{{ x }}", "{% if %}", "\x00", "\ufeff", "\r", "\x85", "\u2028", "`", "|", "---", "# ",
            "## HTTP Request", "## 请求参数", "```", "    ", "GET `/sapi/v1/x`", "POST /../../etc", "名称| 类型",
            "NaN", "1e999", '"\\ud800"', "x| LONG| YES| max 9" + "9" * 400]
_SEPARATORS = ["|", "｜", " | ", "||", "\t", ",", "¦", ""]


@st.composite
def _mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    kind = draw(st.sampled_from(["drop", "dup", "swap", "truncate", "bytes", "hostile", "separator", "cut", "join"]))
    n = len(lines)
    if n == 0:
        return [draw(st.text(max_size=40))]
    i = draw(st.integers(0, n - 1))
    if kind == "drop":
        return lines[:i] + lines[i + 1:]
    if kind == "dup":
        return lines[: i + 1] + [lines[i]] * draw(st.integers(1, 3)) + lines[i + 1:]
    if kind == "swap":
        j = draw(st.integers(0, n - 1))
        out = list(lines)
        out[i], out[j] = out[j], out[i]
        return out
    if kind == "truncate":
        return lines[:i] + [lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]] + lines[i + 1:]
    if kind == "bytes":
        raw = draw(st.binary(min_size=1, max_size=12)).decode("utf-8", errors="replace")
        pos = draw(st.integers(0, len(lines[i])))
        return lines[:i] + [lines[i][:pos] + raw + lines[i][pos:]] + lines[i + 1:]
    if kind == "hostile":
        text = draw(st.sampled_from(_HOSTILE))
        pos = draw(st.integers(0, len(lines[i])))
        return lines[:i] + [lines[i][:pos] + text + lines[i][pos:]] + lines[i + 1:]
    if kind == "separator":
        new = draw(st.sampled_from(_SEPARATORS))
        return [ln.replace("|", new) if "|" in ln and draw(st.booleans()) else ln for ln in lines]
    if kind == "join":
        return lines[:i] + [" ".join(lines[i: i + 2])] + lines[i + 2:]
    return lines[:i]  # cut: the scraper stopped here


@st.composite
def pages(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(seeds())).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        lines = draw(_mutation(lines))
    return "\n".join(lines)


@contextlib.contextmanager
def fast_format() -> Iterator[None]:
    """Render without black (it only re-lays out code that already parses; ast.parse is the check
    that matters here and is 20x faster). The AST is unchanged by black, so the audit is the same."""
    original = render.format_python

    def check_only(source: str, name: str) -> str:
        try:
            ast.parse(source)
        except SyntaxError as exc:
            raise render.RenderError(f"{name}: generated code does not parse: {exc}") from None
        return source

    render.format_python = check_only  # type: ignore[assignment]
    try:
        yield
    finally:
        render.format_python = original  # type: ignore[assignment]


@functools.lru_cache(maxsize=1)
def benign_kinds() -> frozenset[str]:
    endpoints, _ = link([parse_page(p, f"seed{i}") for i, p in enumerate(seeds())])
    return frozenset(node_kinds(render.render_package(endpoints)))


def check_page(text: str, black: bool = False) -> int:
    """The property: diagnostics only, never an exception, and the endpoints render to clean code.
    Returns the number of endpoints (for the statistics of the long run)."""
    result = parse_page(text, "fuzz.md")
    for d in result.diagnostics:
        assert isinstance(d, Diagnostic) and d.level in LEVELS and d.file == "fuzz.md" and d.line >= 1, d
        assert d.code and d.message and d.code != "internal-error", d.format()
    endpoints, diags = link([result])
    assert all(d.code != "internal-error" for d in diags), [d.format() for d in diags]
    if not endpoints:
        return 0
    texts = {f"e{i}.yaml": dumps(ep) for i, ep in enumerate(endpoints)}
    for t in texts.values():
        t.encode("utf-8")
    loaded = load_spec_texts(texts, Path("specs/endpoints"))
    kinds = set(benign_kinds())
    if black:
        files = render.render_package(loaded)
    else:
        with fast_format():
            files = render.render_package(loaded)
    problems = audit(files, kinds)
    assert not problems, "\n".join(problems)
    return len(endpoints)
