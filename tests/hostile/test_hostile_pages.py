"""Hostile pages through the real parser, YAML specs and renderer: each one either becomes code that
compiles and holds the page's text only as data, or is refused with a diagnostic."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import specs_from_pages, write_folder
from generator.parse import parse_paths
from generator.spec_yaml import spec_filename

from generator import naming

from .codecheck import audit, build, node_kinds, strings_in
from .pages import Page


@pytest.fixture(scope="module")
def benign_kinds() -> set[str]:
    _, diags, files = build({"a.md": Page().format_a(), "b.md": Page(path="/sapi/v1/gadget/b").format_b()})
    assert not [d for d in diags if d.level == "error"]
    return node_kinds(files)


def check(pages: dict[str, str], kinds: set[str]) -> tuple[list, list, dict[str, str]]:
    endpoints, diags, files = build(pages)
    problems = audit(files, kinds)
    assert not problems, "\n".join(problems)
    return endpoints, diags, files


def _data(files: dict[str, str]) -> str:
    return "\n".join(strings_in(files))


HOSTILE_TEXT = [
    'ends with quotes """',
    "three \"\"\" quotes and a backslash \\ and \\\"\"\" escaped",
    "\\",
    "'''single''' triple",
    "{{ __import__('os').system('id') }}",
    "{% for x in range(3) %}loop{% endfor %} {# comment #}",
    "\")\nimport os\nos.system('id')\n#",
    "'; raise SystemExit; '",
    "tab\tand form\x0cfeed and vertical\x0btab and \x85 NEL and \u2028 separator",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
@pytest.mark.parametrize("where", ["title", "description", "note", "param_description"])
@pytest.mark.parametrize("fmt", ["a", "b"])
def test_hostile_text_stays_data(text: str, where: str, fmt: str, benign_kinds: set[str]) -> None:
    page = Page()
    if where == "title":
        page.title = page.title_zh = "Gadget " + text.replace("\n", " ") + " (USER_DATA)"
    elif where == "description":
        page.description = text
    elif where == "note":
        page.notes = [text.replace("\n", " ")]
    else:
        page.params = [*page.params[:1], ("note", "STRING", "NO", text.replace("\n", " ")), *page.params[1:]]
    src = page.format_a() if fmt == "a" else page.format_b()
    endpoints, _, files = check({"p.md": src}, benign_kinds)
    assert len(endpoints) == 1
    data = _data(files)
    # the distinctive part of the text survives somewhere as data (docstring, literal or comment)
    words = re.findall(r"[A-Za-z]{3,}", text)
    if words:
        assert max(words, key=len) in data
    flat = " ".join(data.split())
    assert naming.comment(endpoints[0].title.best(), 10**6) in flat


@pytest.mark.parametrize("values", [
    ['A"B', "C'D"], ['E\\F', 'G"""H'], ["{{x}}", "{%y%}"], ["NEW\nLINE", "TAB"],
])
def test_hostile_enum_values(values: list[str], benign_kinds: set[str]) -> None:
    desc = " or ".join(f"`{v}`" for v in values)
    page = Page(params=[("symbol", "STRING", "YES", ""), ("kind", "ENUM", "NO", desc), ("timestamp", "LONG", "YES", "")])
    endpoints, _, files = check({"p.md": page.format_a()}, benign_kinds)
    (ep,) = endpoints
    kind = ep.param("kind")
    assert kind is not None
    data = _data(files)
    for v in kind.enum:  # whatever the parser took as values is kept verbatim, as data
        assert v in data


@pytest.mark.parametrize("name", [
    'sym"bol', "sym'bol", 'a"""b', "x\\y", "{{name}}", "na\x00me", "os.system('id')", "a b", "1st", "名称",
])
def test_hostile_parameter_names(name: str, benign_kinds: set[str]) -> None:
    page = Page(params=[("symbol", "STRING", "YES", ""), (name, "STRING", "NO", "hostile"), ("timestamp", "LONG", "YES", "")])
    for src in (page.format_a(), page.format_b()):
        endpoints, _, files = check({"p.md": src}, benign_kinds)
        (ep,) = endpoints
        constants = set(strings_in(files))
        for p in ep.params:  # a name the parser kept reaches code as a literal
            assert p.name in constants or p.name == "timestamp"


@pytest.mark.parametrize("title", [
    "Close (USER_DATA)", "Json (USER_DATA)", "Class (USER_DATA)", "Build (USER_DATA)", "Url For (USER_DATA)",
    "1st Order (USER_DATA)", "获取订单 (USER_DATA)", "Type Checking (USER_DATA)", "String (USER_DATA)",
    "__init__ (USER_DATA)", "self (USER_DATA)", "Api Key (USER_DATA)",
])
def test_identifiers_from_titles(title: str, benign_kinds: set[str]) -> None:
    check({"p.md": Page(title=title, title_zh=title).format_a()}, benign_kinds)


def test_names_that_differ_only_in_case(benign_kinds: set[str]) -> None:
    pages = {
        "a.md": Page(title="Gadget Order (TRADE)", path="/sapi/v1/gadget/order").format_a(),
        "b.md": Page(title="GADGET ORDER (TRADE)", path="/sapi/v1/gadget/ORDER").format_a(),
        "c.md": Page(title="gadget_order (TRADE)", path="/sapi/v2/gadget/order",
                     params=[("symbol", "STRING", "YES", ""), ("Symbol", "STRING", "NO", ""), ("SYMBOL", "LONG", "NO", ""),
                             ("from", "STRING", "NO", ""), ("lambda", "INT", "NO", ""), ("id", "LONG", "NO", ""),
                             ("list", "STRING", "NO", ""), ("self", "STRING", "NO", ""), ("timestamp", "LONG", "YES", "")]).format_a(),
    }
    endpoints, _, files = check(pages, benign_kinds)
    api = "\n".join(t for n, t in files.items() if "/_api_" in n)
    methods = re.findall(r"^    def (\w+)\(", api, re.M)
    assert len(methods) == len({m.lower() for m in methods}) == len(endpoints)
    # different wire names stay different keyword arguments
    declared = [p for n, t in files.items() if "/_ops/" in n for op in json.loads(t).values() for p in op["params"]]
    wires = [p[0] for p in declared]
    pys = [p[1] for p in declared]
    for wire in ("symbol", "Symbol", "SYMBOL", "from", "lambda", "id", "list", "self"):
        assert wire in wires
    assert len(set(pys)) == len({p.lower() for p in pys})


@pytest.mark.parametrize("path", [
    "/sapi/v1/../../../etc/passwd", "/../../outside", "//etc/passwd", "/sapi/v1/gadget/..", "/sapi/v1/%2e%2e/x",
    "/C:/Windows/system32", "/sapi/v1/gadget\\..\\..\\x",
])
def test_paths_never_escape_the_output_folder(path: str, tmp_path: Path, benign_kinds: set[str]) -> None:
    page = Page(path=path, url="file:///etc/passwd", title="../../../etc/evil (USER_DATA)", title_zh="/etc/evil")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(page.format_a(), encoding="utf-8")
    specs = specs_from_pages([docs])
    endpoints, _, files = check({"p.md": page.format_a()}, benign_kinds)
    for ep in specs.endpoints:
        assert re.fullmatch(r"[a-z]+_[A-Za-z0-9._-]+\.yaml", spec_filename(ep)) and "/" not in spec_filename(ep)
    out_specs, out_pkg = tmp_path / "project" / "specs", tmp_path / "project" / "generated"
    write_folder(out_specs, specs.files)
    write_folder(out_pkg, files)
    everything = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    for p in everything:
        assert p.resolve().is_relative_to(tmp_path.resolve())
        assert p.parent == docs or out_specs in p.parents or out_pkg in p.parents, p
    for name in files:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", name) and ".." not in name.split("/"), name


NUMBERS = ['"ratio": 1e999', '"ratio": -1e999', '"ratio": NaN', '"ratio": Infinity', '"ratio": -Infinity',
           '"ratio": 1' + "0" * 400 + ".5"]


@pytest.mark.parametrize("member", NUMBERS)
@pytest.mark.parametrize("strict_json", [True, False])
def test_numbers_that_are_not_finite(member: str, strict_json: bool, benign_kinds: set[str]) -> None:
    body = '{"orderId": 1, ' + member + "}" if strict_json else '{\n  "orderId": 1, // id\n  ' + member + "\n}"
    page = Page(response=body, params=[("symbol", "STRING", "YES", "Default 1" + "9" * 400 + "; max 1e999"),
                                        ("timestamp", "LONG", "YES", "")])
    check({"p.md": page.format_a()}, benign_kinds)


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\u2028"])
def test_escapes_in_response_examples(escape: str, benign_kinds: set[str]) -> None:
    for body in ('{"asset": "x' + escape + '"}', '{"asset": "x' + escape + '", // lenient\n}'):
        check({"p.md": Page(response=body).format_a()}, benign_kinds)


def test_bytes_nul_bom_crlf_and_invalid_utf8(tmp_path: Path, benign_kinds: set[str]) -> None:
    def good(name: str) -> str:  # one endpoint path per file, so that none is a duplicate of another
        return Page(path=f"/sapi/v1/gadget/{name}").format_a()

    variants = {
        "nul.md": good("nul").replace("Query the gadget", "Query\x00 the\x00 gadget").encode(),
        "bom.md": b"\xef\xbb\xbf" + good("bom").encode(),
        "crlf.md": good("crlf").replace("\n", "\r\n").encode(),
        "cr.md": good("cr").replace("\n", "\r").encode(),
        "latin1.md": good("latin").replace("Query the gadget orders", "Qu\xe9ry the gadget orders").encode("latin-1", "replace"),
        "broken.md": good("broken").encode()[:1000] + b"\xff\xfe\xc3(" + good("broken").encode()[1000:],
        "empty.md": b"",
        "only-nul.md": b"\x00" * 4096,
        "binary.md": bytes(range(256)) * 64,
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    endpoints, diags = parse_paths([tmp_path])
    by_file: dict[str, list] = {}
    for d in diags:
        by_file.setdefault(Path(d.file).name, []).append(d)
    assert {Path(e.source.file).name for e in endpoints} >= {"bom.md", "crlf.md", "nul.md"}
    for name in ("broken.md", "latin1.md", "binary.md"):
        assert any(d.code == "encoding-error" and d.level == "warning" for d in by_file[name]), name
    for name in ("empty.md", "only-nul.md"):
        assert by_file[name], name  # refused with a diagnostic
    for d in diags:
        assert d.line >= 1 and d.code and d.message.strip() and "\n" not in d.format()
    # every page that produced an endpoint renders to clean code
    for name, data in variants.items():
        text = data.decode("utf-8", errors="replace")
        check({name: text}, benign_kinds)


def test_fifty_megabyte_page(tmp_path: Path, benign_kinds: set[str]) -> None:
    filler = "Gadget prose with `code`, | pipes |, **bold**, {{ braces }} and \"\"\" quotes. " * 16 + "\n\n"
    page = Page().format_a()
    big = tmp_path / "big.md"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write(page)
        fh.write(filler * (50_000_000 // len(filler) + 1))
    assert big.stat().st_size > 50_000_000
    endpoints, diags = parse_paths([big])
    assert len(endpoints) == 1 or any(d.level == "error" for d in diags)
    check({"big.md": page + filler * 2}, benign_kinds)  # the rendered part, at a size black handles quickly


def test_page_that_is_one_huge_table(benign_kinds: set[str]) -> None:
    rows = "".join(f"p{i}| STRING| NO| row {i} with \"\"\" and {{{{x}}}}\n" for i in range(20000))
    table_only = "Name| Type| Mandatory| Description\n---|---|---|---\n" + rows
    endpoints, diags, _ = check({"t.md": table_only}, benign_kinds)
    assert not endpoints and diags
    # the same table inside an endpoint page: refused with a diagnostic instead of a 20 000-argument method
    page = Page().format_a().replace("timestamp| LONG| YES|   ", "timestamp| LONG| YES|   \n" + rows)
    endpoints, diags, _ = check({"t.md": page}, benign_kinds)
    assert not endpoints
    assert any(d.level == "error" and d.code == "too-many-params" for d in diags)
