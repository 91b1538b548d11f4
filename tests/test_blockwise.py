"""Blockwise formatting (generator/blockwise.py): black run block by block and joined must give
exactly black's output on the whole file, for the fixture package, hand-made modules that exercise
each join rule, and (when ../shared is there) the package generated from the corpus."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator import blockwise, render
from generator.build import load_spec_texts, load_specs, spec_file_texts
from generator.cache import Cache

from .conftest import FIXTURE_SPECS, SHARED

CORPUS = SHARED / "corpus" / "binance-a"


def _sources(endpoints: list) -> list[tuple[str, str]]:
    recorded: list[tuple[str, str]] = []

    def record(source: str, name: str) -> str:
        recorded.append((source, name))
        return source

    render.render_package(endpoints, formatter=record)
    return recorded


def _assert_same(source: str, name: str) -> list[tuple[str, str, int]]:
    whole = render.format_python(source, name)
    by_blocks = blockwise.format_blockwise(source, name)
    if by_blocks != whole:
        diff = "".join(list(difflib.unified_diff(whole.splitlines(True), by_blocks.splitlines(True)))[:60])
        pytest.fail(f"{name}: blockwise black differs from black on the whole file\n{diff}")
    return blockwise.block_plan(source)


HOSTILE_TEXT = [
    'ends with a quote"', "ends with a backslash\\", 'a """ triple', "tab\tinside", "trailing space ",
    "  leading spaces", "line\u2028separator", "next\x85line", "non-ascii 名称 ｗｉｄｅ " + "宽" * 60,
    "# fmt: off", "type: ignore", "{{ jinja }} {% raw %}", "x" * 200, "'single' quotes", "\\N{BULLET}",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_blocks_black_leaves_alone_are_recognised_only_when_it_does(text: str) -> None:
    """Hostile text in every place a page's words reach a method or a response type: the blocks taken
    as already in black's layout (black_layout.leaves_alone) must be exactly what black gives."""
    from tests.hostile.pages import Page

    from generator.parse import link, parse_page

    page = Page(
        title=f"Gadget {text} (USER_DATA)", description=text, notes=[text, f"- {text}"],
        params=[("symbol", "STRING", "YES", text), ("side", "ENUM", "NO", f"`BUY` or `{text}`"),
                ("timestamp", "LONG", "YES", "")],
        response='{\n  "orderId": 1, // ' + text + '\n  "sym": "x"\n}',
    )
    endpoints, _ = link([parse_page(page.format_a(), "p.md"), parse_page(page.format_b(), "q.md")])
    for source, name in _sources(endpoints):
        _assert_same(source, name)


def test_fixture_package_blockwise_equals_whole_file() -> None:
    for source, name in _sources(load_specs(FIXTURE_SPECS)):
        plan = _assert_same(source, name)
        assert plan[0][0] != "whole", f"{name} was not split"


MODULES = {
    "imports then code": 'import os\nfrom x import (a,\n b)\nX = 1\n\n\n\nY=2\nimport re\nZ = 3\n',
    "imports then comment": "import os\n\n\n# c\nX = 1\n",
    "comment attached to def": "X = 1\n# about f\ndef f(): return 1\n# not attached\n\nclass A: pass\nY = 2\n",
    "comment run with blank": "X = 1\n# a\n\n# b\ndef f():\n  pass\nY = [1,\n2]\n",
    "defs and classes": "class A:\n  def f(self): return 1\n  def g(self):\n    return 2\n\n  async def h(self, x,):\n    return x\nclass B(A):\n\n  def f(self): pass\n  def g(self): pass\n",
    "class header exploded": "class C(\n  A,\n  B,\n):\n  def f(self): pass\n  def g(self): pass\n",
    "decorators": "import functools\n@functools.cache\ndef f(): pass\n@functools.cache\ndef g(): pass\nX = 1\n",
    "docstrings": '"""Module."""\nimport os\nclass A:\n  """Only a docstring."""\nclass B:\n  def f(self):\n    """Doc."""\n    return 1\n  def g(self): pass\n"x"\nY = 1\n',
    "stubs": "def f(): ...\ndef g(): ...\nclass P:\n  def a(self): ...\n  def b(self): ...\nX = 1\n",
    "type checking block": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import types\nX: int = 1\n\n\n\n\nY = 2\n",
    "conditional def": "import sys\nif sys.version_info > (3,):\n  def f(): pass\nelse:\n  def f(): pass\nX = 1\n",
    "fmt off": "X = [1,\n 2]\n# fmt: off\nY = [1,\n 2]\n# fmt: on\nZ = 3\n",
    "trailing comments": "X = 1\nY = 2\n# the end\n",
    "dict of items": 'X: dict[str, int] = {\n    "a": f(1, 2),\n    "b": g(\n        3,\n    ),\n    \'c\'  :  4,\n}\nY = 1\n',
    "dict with a long head": "A_VERY_LONG_NAME_FOR_A_TABLE_OF_THINGS: dict[str, tuple[int, int, int, int, int, int]] = {\n    'a': (1,),\n    'b': (2,),\n}\n",
    "dict with comments": "X = {\n    'a': 1,  # one\n    # two\n    'b': 2,\n}\n",
    "comments in a class": "class A:\n  # c\n  def f(self): pass\n  def g(self): pass\n  # end\n",
}


@pytest.mark.parametrize("source", list(MODULES.values()), ids=list(MODULES))
def test_join_rules_match_black(source: str) -> None:
    _assert_same(source, "module.py")


def test_unparsable_source_still_raises_render_error() -> None:
    with pytest.raises(render.RenderError, match="broken.py"):
        blockwise.format_blockwise("def f(:\n", "broken.py")


def test_a_changed_block_is_the_only_one_formatted_again(tmp_path: Path) -> None:
    source = "".join(f"# item {i}\nX_{i} = dict(a={i}, b=[1, 2, 3])\n\n\n" for i in range(30))
    source += "class A:\n" + "".join(f"    def m{i}(self):\n        return {i}\n\n" for i in range(30))
    c = Cache(tmp_path)
    formatter = blockwise.BlockFormatter(c, jobs=1)
    expected = render.format_python(source, "m.py")
    assert formatter.finish({"m.py": formatter(source, "m.py")}) == {"m.py": expected}
    changed = source.replace("X_7 = dict(a=7", "X_7 = dict(a=77").replace("return 12\n", "return 1212\n")
    c = Cache(tmp_path)
    formatter = blockwise.BlockFormatter(c, jobs=1)
    assert formatter.finish({"m.py": formatter(changed, "m.py")}) == {"m.py": render.format_python(changed, "m.py")}
    assert formatter.formatted == 2  # only the two changed blocks went through black
    assert len(blockwise.block_plan(changed)) > 60


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there")
def test_corpus_package_blockwise_equals_whole_file() -> None:
    from generator.parse import parse_paths

    endpoints, _ = parse_paths([CORPUS])
    files, _ = spec_file_texts(endpoints)
    loaded = load_spec_texts(files, Path("specs"))
    split = 0
    for source, name in _sources(loaded):
        plan = _assert_same(source, name)
        split += plan[0][0] != "whole"
    assert split >= 5


def _async_class(names: list[str]) -> str:
    lines = ["class AsyncXApi(AsyncNamespace):", '    """The X endpoints of AsyncClient.', "", "    More words.", '    """',
             "", "    _ops = XApi._ops", ""]
    for name in names:
        lines.append(f"    {name} = awaited(XApi.{name})")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("width", [86, 87, 88, 89, 90, 120])
@pytest.mark.parametrize("split", [False, True])
def test_an_async_class_is_left_to_black_unless_it_is_in_blacks_layout(width: int, split: bool) -> None:
    """`name = awaited(XApi.name)` on one line when it fits in 88 columns, split as black splits it when not."""
    import black

    from generator.black_layout import leaves_alone

    stem = "m_" + "x" * ((width - len("    m_ = awaited(XApi.m_)")) // 2)
    names = ["short", stem, stem + "y"]
    text = _async_class(names)
    text = text if not split else text.replace(f"    {stem} = awaited(XApi.{stem})\n",
                                                f"    {stem} = awaited(\n        XApi.{stem}\n    )\n")
    blacked = black.format_str(text, mode=black.Mode())
    assert leaves_alone("top", text) == (blacked == text)
    assert leaves_alone("top", blacked)


@pytest.mark.parametrize("block", [
    '# One line per method\n# (and more)\n_TABLE = """\na.b GET /x 1 IP - signed\n' + "y " * 80 + '\n"""\n',
    '_T = """\n"""\n',
    '_T = """\n\nends with a quote"\n"""\n',
    '# trailing space \n_T = """\nx\n"""\n',
    '#no space\n_T = """\nx\n"""\n',
    '_T = """\nback\\slash\n"""\n',
    '_T = """x\n"""\n',
    '_T: str = """\nx\n"""\n',
    '_T = """\nx\n"""  # a comment\n',
    "_T = '''\nx\n'''\n",
    '_T = """\nnon-ascii 名称\n"""\n',
    "_" + "T" * 90 + ' = """\nx\n"""\n',
])
def test_a_string_constant_is_taken_as_blacks_layout_only_when_it_is(block: str) -> None:
    from generator import black_layout

    formatted = render.format_python(block, "t.py")
    assert black_layout.leaves_alone("top", block) <= (formatted == block)


def test_the_endpoints_table_needs_no_black() -> None:
    """The block every endpoint change touches (ENDPOINTS' table) is recognised, so a rebuild whose
    other blocks are cached does not import black."""
    from generator import black_layout

    (source,) = [s for s, name in _sources(load_specs(FIXTURE_SPECS)) if name == "_endpoints.py"]
    tables = [text for kind, text, _ in blockwise.block_plan(source) if "_TABLE = " in text]
    assert len(tables) == 1 and black_layout.leaves_alone("top", tables[0])


def _method_block(name: str, params: list[str], layout: str) -> str:
    head = f"    def {name}("
    tail = ") -> types.SomeResponse:"
    if layout == "line":
        signature = f"{head}{', '.join(params)}{tail}\n"
    elif layout == "hug":
        signature = f"{head}\n        {', '.join(params)}\n    {tail}\n"
    else:
        signature = head + "\n" + "".join(f"        {p},\n" for p in params) + f"    {tail}\n"
    doc = '        """Doc.\n\n        More.\n        """\n'
    return signature + doc + f'        return self._call("{name}", locals())\n'


SIGNATURE_PARAMS = [
    ["self", "/", "**unknown: NoReturn"],
    ["self", "/", "*", "symbol: str", "**unknown: NoReturn"],
    ["self", "/", "*", 'side: Literal["BUY", "SELL, or not"] | None = None', "**unknown: NoReturn"],
    ["self", "/", "*", "symbol: str", "limit: int | None = None", "recv_window: int | None = None",
     "**unknown: NoReturn"],
]


@pytest.mark.parametrize("params", SIGNATURE_PARAMS, ids=lambda p: str(len(p)))
@pytest.mark.parametrize("layout", ["line", "hug", "exploded"])
def test_a_signature_is_taken_as_blacks_layout_only_when_it_is(layout: str, params: list[str]) -> None:
    """Method names of every length (up to where the body's own line would need splitting) across
    the 88 columns where black changes the layout of a signature: a block recognised as black's
    layout is one black leaves alone, and for each name one of the three layouts is recognised."""
    from generator import black_layout

    for length in range(1, 50):
        name = "m" * length
        block = "class A:\n" + _method_block(name, params, layout)
        method = _method_block(name, params, layout)
        if black_layout.leaves_alone("method", method):
            assert render.format_python(block, "t.py") == block, f"{layout} taken as black's: {method}"
    both = {length for length in range(1, 50)
            for shape in ("line", "hug", "exploded")
            if black_layout.leaves_alone("method", _method_block("m" * length, params, shape))}
    assert both == set(range(1, 50))


def _long_params() -> list[str]:
    """Parameters a product method takes whose one-line form may pass 88 columns: Literals and
    Sequences of Literals, required and optional, with values of several counts and widths."""
    params = []
    for count in (1, 2, 3, 4, 6, 9):
        for width in (3, 8, 14, 22):
            values = ", ".join(f'"{chr(65 + i) * width}"' for i in range(count))
            for name in ("side", "self_trade_prevention_mode"):
                for annotation in (f"Literal[{values}]", f"Sequence[Literal[{values}]]"):
                    params += [f"{name}: {annotation}", f"{name}: {annotation} | None = None"]
    params += ["limit: Literal[5, 10, 20, 50, 100, 500, 1000, 5000, 10000, 50000, 100000, 500000] | None = None"]
    return params


@pytest.mark.parametrize("param", _long_params())
def test_a_long_parameter_is_laid_out_as_black_lays_it_out(param: str) -> None:
    """black_layout.param_lines gives black's layout of each parameter, the method holding it is
    recognised as black's (so a cold build runs no black on it), and the same method with that
    parameter on one line is recognised only when black would keep it so."""
    from generator import black_layout

    head = "    def post_order(\n        self,\n        /,\n        *,\n"
    # (a parameter too long for the signature to fit on one line of its own: one parameter per line)
    tail = ("        new_client_order_id: str | None = None,\n        **unknown: NoReturn,\n"
            "    ) -> types.SpotPostOrderResponse:\n")
    body = '        """Doc.\n\n        More.\n        """\n        return self._call("post_order", locals())\n'
    laid = head + "".join(line + "\n" for line in black_layout.param_lines(param)) + tail + body
    assert render.format_python("class A:\n" + laid, "t.py") == "class A:\n" + laid
    assert black_layout.leaves_alone("method", laid)
    one_line = head + f"        {param},\n" + tail + body
    if one_line != laid:
        assert not black_layout.leaves_alone("method", one_line)
