"""Over the whole shared corpus (when ../shared exists): no allowed value is invented from prose.

- No value a parameter allows is the name of a parameter of the same endpoint ("Parameter symbol and
  symbols cannot be used in combination" names parameters, not values of `symbol`), and a parameter not
  typed ENUM has values only where its page writes them for it.
- Every rule's parameters, and every condition's parameter, are parameters of the endpoint; a
  conditional rule names values its condition's parameter can take when that parameter has a list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.parse import parse_paths

REPO = Path(__file__).resolve().parents[2]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()

if not CORPUS.is_dir():
    pytest.skip("../shared (the corpus) is not present", allow_module_level=True)


@pytest.fixture(scope="module", params=["binance-a", "binance-b"])
def endpoints(request):
    return parse_paths([CORPUS / request.param])[0]


def _written(value: str, texts: list[str], plural: bool = False) -> bool:
    """The value is written as a word of one of the texts (not inside a longer word)."""
    pattern = re.compile(r"(?<![A-Za-z0-9_])" + re.escape(value) + ("s?" if plural else "") + r"(?![A-Za-z0-9_])",
                         re.I if plural else 0)
    return any(pattern.search(t.replace("\\_", "_")) for t in texts)


def test_no_allowed_value_is_invented(endpoints) -> None:
    """No allowed value is the name of a parameter of the same endpoint; a parameter not typed ENUM
    has values only when its page writes them: in its own description, or in the notes of an endpoint
    whose notes name it ("Supported types:" over one value per line); flags' `true`/`false` aside."""
    bad = []
    for ep in endpoints:
        names = {p.name for p in ep.params}
        lower = {n.lower() for n in names}
        notes = [t for n in ep.notes for t in (n.en, n.zh) if t]
        for p in ep.params:
            for v in p.enum:
                if v in names or (not v.isupper() and v.lower() in lower):
                    bad.append(f"{ep.method} {ep.path} {p.name}: {v} is a parameter's name")
            if p.type == "ENUM" or not p.enum or {v.lower() for v in p.enum} <= {"true", "false"}:
                continue
            own = [t for t in (p.description.en, p.description.zh) if t]
            about = notes if _written(p.name, notes, plural=True) else []
            for texts in (own, about):
                if all(_written(v, texts) for v in p.enum):
                    break
            else:
                bad.append(f"{ep.method} {ep.path} {p.name} ({p.type}): {p.enum} not all written for it")
    assert not bad, bad


def test_rules_name_real_parameters_and_values(endpoints) -> None:
    bad = []
    for ep in endpoints:
        by_name = {p.name: p for p in ep.params}
        for r in ep.rules:
            if not set(r.params) <= set(by_name):
                bad.append(f"{ep.method} {ep.path}: {r.kind} {r.params}")
            if r.when is None:
                continue
            cond = by_name.get(r.when.param)
            if cond is None or r.when.param in r.params:
                bad.append(f"{ep.method} {ep.path}: {r.kind} {r.params} when {r.when.param}")
            elif cond.enum and r.when.equals and not {v.lower() for v in r.when.equals} <= {v.lower() for v in cond.enum}:
                bad.append(f"{ep.method} {ep.path}: {r.kind} when {r.when.param} is {r.when.equals}, not in {cond.enum}")
    assert not bad, bad
