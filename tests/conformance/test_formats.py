"""Every corpus page (when ../shared exists), rewritten into other scrape formats, must parse to the same
endpoints as the page itself: method, path, signed, weight, parameter names/types/required flags, enum
values and whether a response schema was found.

Run as a script for the full report: `python -m tests.conformance.test_formats [--all] [VARIANT...]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.parse import parse_page
from tests.parse.formats import LANGUAGE_VARIANTS, VARIANTS, halves, roundtrip

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
# each variant sees every SAMPLE-th page (a different residue per variant), which keeps the whole
# test near 15 s; the script's --all checks every page
SAMPLE = 4


ALL = {"roundtrip": roundtrip, **VARIANTS}


def corpus_pages() -> list[Path]:
    return sorted(p for folder in ("binance-a", "binance-b") for p in (CORPUS / folder).rglob("*") if p.is_file())


def summary(text: str) -> dict[tuple[str, str], dict]:
    """What the comparison looks at, per (method, path)."""
    out = {}
    for ep in parse_page(text, "page.md").endpoints:
        out[(ep.method, ep.path)] = {
            "signed": ep.signed,
            "weight": sorted((w.unit, w.value, w.interval, tuple(c.value for c in w.cases)) for w in ep.weight),
            "params": [(p.name, p.type, p.required, tuple(sorted(p.enum))) for p in ep.params],
            "response": ep.response.schema is not None,
        }
    return out


def differences(want: dict, got: dict) -> list[str]:
    diffs = []
    for key in sorted(set(want) | set(got)):
        name = " ".join(key)
        if key not in got:
            diffs.append(f"{name}: missing")
        elif key not in want:
            diffs.append(f"{name}: extra endpoint")
        else:
            for field, value in want[key].items():
                if got[key][field] != value:
                    diffs.append(f"{name}: {field} {value!r} -> {got[key][field]!r}")
    return diffs


def compare(pages: list[Path], names: list[str], sample: int) -> dict[str, dict]:
    """Per variant: pages checked, pages differing and the differences."""
    report: dict[str, dict] = {n: {"pages": 0, "bad": [], "diffs": 0} for n in names}
    for index, path in enumerate(pages):
        text = path.read_text(encoding="utf-8", errors="replace")
        want = None
        for vi, name in enumerate(names):
            if sample > 1 and index % sample != vi % sample:
                continue
            variant = ALL[name](text)
            if variant is None:
                continue
            if want is None:
                want = summary(text)
            expected = want
            if name in LANGUAGE_VARIANTS:
                expected = _language_reference(name, text, want)
            diffs = differences(expected, summary(variant))
            report[name]["pages"] += 1
            if diffs:
                report[name]["bad"].append((path.relative_to(CORPUS).as_posix(), diffs))
                report[name]["diffs"] += len(diffs)
    return report


def _language_reference(name: str, text: str, want: dict) -> dict:
    """A language variant is compared with the page parsed from that half alone, front matter kept:
    what the variant must add is only that it parses without the other half (and, for Chinese, without
    front matter)."""
    parts = halves(text)
    if parts is None:
        return want
    front, en, zh = parts
    return summary("\n".join(front + (en if name == "english-only" else zh)))


def format_report(report: dict[str, dict], limit: int = 5) -> str:
    lines = []
    for name, r in report.items():
        lines.append(f"{name:24} {r['pages']:4} pages  {len(r['bad']):4} differ  {r['diffs']:5} differences")
        for page, diffs in r["bad"][:limit]:
            lines.append(f"    {page}: {'; '.join(diffs[:3])}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a reporting aid
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    full = "--all" in sys.argv
    result = compare(corpus_pages(), args or list(ALL), 1 if full else SAMPLE)
    print(format_report(result, 50 if "-v" in sys.argv or "--verbose" in sys.argv else 5))
    sys.exit(0)


if not CORPUS.is_dir():
    pytest.skip("../shared (the corpus) is not present", allow_module_level=True)


# known limits (pages that may differ, over the whole corpus), each with why
ALLOWED = {
    # a parameter table run together on one line (a broken scrape) and then wrapped reads back in
    # another order
    "wrapped": 1,
}


@pytest.fixture(scope="module")
def report() -> dict[str, dict]:
    return compare(corpus_pages(), list(ALL), SAMPLE)


@pytest.mark.parametrize("name", list(ALL))
def test_variant_parses_like_the_original(name, report):
    r = report[name]
    assert r["pages"] > 0
    assert len(r["bad"]) <= ALLOWED.get(name, 0), \
        f"{name}: {len(r['bad'])} of {r['pages']} pages differ\n" + format_report({name: r}, 10)
