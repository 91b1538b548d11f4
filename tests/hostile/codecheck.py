"""Pages -> parser -> specs (YAML round trip) -> renderer, and an `ast` audit of the generated code.

The audit's rule: page text may reach a generated module only as data. So every name the module
*uses* (loads, attributes, calls, imports) must be in the generator's own vocabulary (the names its
templates, runtime and view code emit) or be a name the generated package itself *defines*; every
name it defines must be a plain ASCII identifier that is not a keyword; no module-level definition
may rebind a name the module imports; no generated client method may shadow a runtime attribute;
and only the statement and expression kinds of a benign build may occur.
"""

from __future__ import annotations

import ast
import json
import functools
import keyword
import re
from pathlib import Path

from generator.build import load_spec_texts
from generator.model import Diagnostic, Endpoint
from generator.parse import link, parse_page
from generator.render import render_package, templates_root
from generator.spec_yaml import dumps

ROOT = Path(__file__).resolve().parents[2]
ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
RUNTIME_CLASSES = {"CoreClient", "SyncClient", "AsyncClientBase", "Namespace", "AsyncNamespace"}


def build(pages: dict[str, str]) -> tuple[list[Endpoint], list[Diagnostic], dict[str, str]]:
    """Parse pages, write their specs to YAML text, load them back (as `generate` does) and render."""
    endpoints, diagnostics = link([parse_page(text, name) for name, text in pages.items()])
    for d in diagnostics:
        assert isinstance(d, Diagnostic) and d.level in ("error", "warning", "info"), d
        assert d.file in pages and d.line >= 1 and d.code and d.message, d
    texts = {f"{i:03d}.yaml": dumps(ep) for i, ep in enumerate(endpoints)}
    for text in texts.values():
        text.encode("utf-8")  # a spec must be writable as UTF-8
    loaded = load_spec_texts(texts, Path("specs/endpoints"))
    return loaded, diagnostics, render_package(loaded)


def _names_in_strings(source: str) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", node.value))
    return out


def _code_names(source: str) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.keyword) and node.arg:
            out.add(node.arg)
        elif isinstance(node, ast.alias):
            out.update(n for n in node.name.split(".") if n != "*")  # a star import names nothing
            if node.asname:
                out.add(node.asname)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.update(node.module.split("."))
    return out


@functools.lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Names the generator itself writes: identifiers in its templates, in the runtime it copies,
    and in the code fragments views.py builds as strings."""
    words: set[str] = set()
    root = templates_root()
    for path in root.rglob("*"):
        if path.suffix == ".j2":
            words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path.read_text(encoding="utf-8")))
        elif path.suffix == ".py" and "package" in path.relative_to(root).parts:
            words.update(_code_names(path.read_text(encoding="utf-8")))
    words.update(_names_in_strings((ROOT / "generator" / "views.py").read_text(encoding="utf-8")))
    return frozenset(words)


def _defined(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, ast.keyword) and node.arg:
            out.add(node.arg)  # keyword arguments name parameters the package defines
    return out


def _runtime_attributes(files: dict[str, str]) -> set[str]:
    attrs: set[str] = set()
    for name, text in files.items():
        if not (name.startswith("binance_api/_") and name.endswith(".py")) or "/_api_" in name:
            continue
        for cls in ast.walk(_parse(text, name)):
            if isinstance(cls, ast.ClassDef) and cls.name in RUNTIME_CLASSES:
                for node in ast.walk(cls):
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        attrs.add(node.name)
                    elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                          and node.value.id == "self" and isinstance(node.ctx, ast.Store)):
                        attrs.add(node.attr)
    return attrs


def node_kinds(files: dict[str, str]) -> set[str]:
    return {type(n).__name__ for name, text in files.items() if name.endswith(".py") for n in ast.walk(ast.parse(text))}


def generated_modules(files: dict[str, str]) -> dict[str, str]:
    """The rendered (not copied) Python files."""
    static = {p.relative_to(templates_root() / "package").as_posix()
              for p in (templates_root() / "package").rglob("*.py")}
    return {n: t for n, t in files.items() if n.endswith(".py") and n not in static}


@functools.lru_cache(maxsize=64)
def _parse(text: str, name: str) -> ast.Module:
    compile(text, name, "exec")
    return ast.parse(text)


def audit(files: dict[str, str], allowed_kinds: set[str] | None = None) -> list[str]:
    """Problems found in the generated modules (empty when the code holds page text only as data)."""
    problems: list[str] = []
    modules = generated_modules(files)
    trees = {}
    for name, text in files.items():
        if name.endswith(".py"):
            try:
                trees[name] = _parse(text, name)
            except SyntaxError as exc:
                problems.append(f"{name}: does not compile: {exc}")
    if problems:
        return problems
    defined: set[str] = set()
    for name in modules:
        defined |= _defined(trees[name]) | {Path(name).stem}
    vocab = vocabulary()
    runtime = _runtime_attributes(files)
    for name in sorted(modules):
        tree = trees[name]
        for d in _defined(tree):
            if not ASCII_NAME.match(d) or keyword.iskeyword(d):
                problems.append(f"{name}: defines a name that is not a plain identifier: {d!r}")
        for used in _code_names(modules[name]) - vocab - defined:
            problems.append(f"{name}: uses a name the generator never writes: {used!r}")
        imported = {a.asname or a.name for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
        for n in tree.body:
            targets: list[str] = []
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                targets = [n.name]
            elif isinstance(n, (ast.Assign, ast.AnnAssign)):
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                    targets += [x.id for x in ast.walk(t) if isinstance(x, ast.Name)]
            for t in targets:
                if t in imported:
                    problems.append(f"{name}: module-level {t!r} rebinds an imported name")
            if isinstance(n, ast.ClassDef) and name.split("/")[-1].startswith("_api_"):
                for m in n.body:
                    if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name in runtime:
                        problems.append(f"{name}: method {m.name!r} shadows the client runtime's attribute")
        if allowed_kinds is not None:
            extra = node_kinds({name: modules[name]}) - allowed_kinds
            if extra:
                problems.append(f"{name}: syntax a benign build never has: {sorted(extra)}")
    return problems


def strings_in(files: dict[str, str]) -> list[str]:
    """Every string constant of the generated modules, every comment, and every string of the
    operation data files (_ops/*.json), as the data they hold."""
    out: list[str] = []
    for text in generated_modules(files).values():
        out += [n.value for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        out += [ln.split("#", 1)[1] for ln in text.splitlines() if "#" in ln]
    for name, text in files.items():
        if "/_ops/" in name and name.endswith(".json"):
            out += list(_json_strings(json.loads(text)))
    return out


def _json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_json_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []
