"""`specgen diff`: every rule on the fixture pair, output formats, --fail-on, git revisions."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING
import subprocess
from pathlib import Path

import pytest

from generator import diff
from generator.build import load_specs
from generator.cli import main

if TYPE_CHECKING:
    from generator.model import Endpoint

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "diff"

# (rule, endpoint, parameter) for every change between tests/fixtures/diff/old and new
EXPECTED = {
    ("endpoint-removed", "POST /api/v3/gone", ""),
    ("endpoint-added", "POST /api/v3/new", ""),
    ("endpoint-method-changed", "POST /api/v3/x", ""),
    ("endpoint-path-changed", "POST /sapi/v2/moved", ""),
    ("method-name-changed", "GET /api/v3/depth", ""),
    ("param-removed", "GET /api/v3/order", "orderId"),
    ("param-renamed", "GET /api/v3/order", "clientId"),
    ("required-param-added", "GET /api/v3/order", "newRequired"),
    ("optional-param-added", "GET /api/v3/order", "extra"),
    ("param-became-required", "GET /api/v3/order", "recvWindow"),
    ("param-became-optional", "GET /api/v3/depth", "window"),
    ("enum-value-removed", "GET /api/v3/order", "side"),
    ("enum-value-added", "GET /api/v3/order", "side"),
    ("allowed-value-removed", "GET /api/v3/depth", "interval"),
    ("allowed-value-added", "GET /api/v3/depth", "interval"),
    ("type-narrowed", "GET /api/v3/order", "price"),
    ("type-widened", "GET /api/v3/order", "qty"),
    ("type-changed", "GET /api/v3/order", "flag"),
    ("maximum-lowered", "GET /api/v3/order", "limit"),
    ("minimum-raised", "GET /api/v3/order", "limit"),
    ("maximum-raised", "GET /api/v3/depth", "limit"),
    ("minimum-lowered", "GET /api/v3/depth", "limit"),
    ("max-items-lowered", "GET /api/v3/depth", "symbols"),
    ("max-items-raised", "GET /api/v3/depth", "ids"),
    ("list-style-changed", "GET /api/v3/depth", "symbols"),
    ("default-changed", "GET /api/v3/order", "limit"),
    ("param-description-changed", "GET /api/v3/order", "limit"),
    ("signing-added", "GET /api/v3/order", ""),
    ("signing-removed", "GET /api/v3/depth", ""),
    ("security-changed", "GET /api/v3/order", ""),
    ("weight-raised", "GET /api/v3/order", ""),
    ("weight-lowered", "GET /api/v3/depth", ""),
    ("weight-cases-changed", "GET /api/v3/depth", ""),
    ("rule-added", "GET /api/v3/order", ""),
    ("rule-removed", "GET /api/v3/order", ""),
    ("product-changed", "GET /api/v3/depth", ""),
    ("description-changed", "GET /api/v3/order", ""),
    ("response-changed", "GET /api/v3/order", ""),
    # narrowing told from loss, rules that refuse calls, overrides
    ("rule-added-refusing", "GET /api/v3/lost", ""),
    ("enum-values-lost", "GET /api/v3/lost", "side"),
    ("allowed-values-lost", "GET /api/v3/lost", "limit"),
    ("override-removed", "GET /api/v3/lost", ""),
    ("weight-raised", "GET /api/v3/lost", ""),
    ("override-added", "GET /api/v3/lost", ""),
    ("override-page-changed", "GET /api/v3/lost", ""),
    ("rule-added", "GET /api/v3/lost", ""),
    ("rule-removed", "GET /api/v3/lost", ""),
}


@pytest.fixture(scope="module")
def changes() -> list[diff.Change]:
    return diff.compare(load_specs(FIXTURES / "old"), load_specs(FIXTURES / "new"))


def test_each_rule_fires_exactly_where_expected(changes: list[diff.Change]) -> None:
    assert {(c.rule, c.endpoint, c.param) for c in changes} == EXPECTED


def test_every_rule_is_covered_and_levels_follow_the_catalogue(changes: list[diff.Change]) -> None:
    assert {rule for rule, _, _ in EXPECTED} == set(diff.RULES)
    for c in changes:
        assert c.level == diff.RULES[c.rule][0]


@pytest.mark.parametrize("rule", ["endpoint-removed", "param-removed", "param-renamed", "param-became-required",
                                  "enum-value-removed", "type-narrowed", "maximum-lowered", "minimum-raised",
                                  "signing-added", "endpoint-method-changed", "endpoint-path-changed"])
def test_issue_breaking_rules_are_breaking(rule: str) -> None:
    assert diff.RULES[rule][0] == "breaking"


@pytest.mark.parametrize("rule", ["weight-raised", "security-changed"])
def test_issue_warning_rules_are_warnings(rule: str) -> None:
    assert diff.RULES[rule][0] == "warning"


def test_the_same_specs_have_no_changes() -> None:
    specs = load_specs(FIXTURES / "old")
    assert diff.compare(specs, load_specs(FIXTURES / "old")) == []
    assert "No changes" in diff.to_markdown([])


def test_order_is_breaking_first_and_stable(changes: list[diff.Change]) -> None:
    levels = [c.level for c in changes]
    assert levels == sorted(levels, key=diff.LEVELS.index)
    again = diff.compare(load_specs(FIXTURES / "old")[::-1], load_specs(FIXTURES / "new")[::-1])
    assert again == changes


def test_markdown_names_client_methods_and_escapes_pipes(changes: list[diff.Change]) -> None:
    text = diff.to_markdown(changes)
    assert text.startswith("### API changes: 18 breaking, 9 warning, 21 info")
    assert "| `get_order()` | `GET /api/v3/order` | `param-removed` | `orderId` was removed |" in text
    odd = diff.Change("info", "GET /a", "description-changed", "", "a | b", "m")
    assert "a \\| b" in diff.to_markdown([odd])


def test_json_output(changes: list[diff.Change]) -> None:
    data = json.loads(diff.to_json(changes))
    assert data["summary"] == {"breaking": 18, "warning": 9, "info": 21}
    assert {"level", "endpoint", "rule", "param", "message", "method_name", "cause"} == set(data["changes"][0])


@pytest.mark.parametrize("fail_on, code", [(None, 0), ("breaking", 1), ("warning", 1)])
def test_cli_fail_on(fail_on: str | None, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", str(FIXTURES / "old"), str(FIXTURES / "new"), "--format", "json"]
    assert main(args + (["--fail-on", fail_on] if fail_on else [])) == code
    assert json.loads(capsys.readouterr().out)["summary"]["breaking"] == 18


def test_cli_fail_on_warning_ignores_info_only(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(FIXTURES / "old", new)
    shutil.copy(FIXTURES / "new" / "post_api_v3_new.yaml", new)
    assert main(["diff", str(FIXTURES / "old"), str(new), "--fail-on", "warning"]) == 0


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    specs = tmp_path / "specs" / "endpoints"
    shutil.copytree(FIXTURES / "old", specs)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "old")
    shutil.rmtree(specs)
    shutil.copytree(FIXTURES / "new", specs)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "new")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD~1", "HEAD", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"] == {"breaking": 18, "warning": 9, "info": 21}
    assert main(["diff", "HEAD~1:specs/endpoints", "specs/endpoints"]) == 0
    assert "`order_book()`" in capsys.readouterr().out
    assert main(["diff", "no-such-rev", "HEAD"]) == 2
    assert "no-such-rev" in capsys.readouterr().err


def test_order_windows_and_call_caps_are_compared_apart() -> None:
    import copy

    from generator.model import Endpoint, Text, Weight

    old = Endpoint(id="x", method="POST", path="/fapi/v1/x", title=Text(en="X"), product="usds_futures",
                   weight=[Weight("ORDER", 1, interval="10s"), Weight("ORDER", 1, interval="1m"),
                           Weight("RAW_REQUESTS", 1, interval="5m", limit=1000)])
    new = copy.deepcopy(old)
    new.weight[1].value = 2
    new.weight[2].limit = 500
    found = sorted((c.rule, c.message) for c in diff.compare([old], [new]))
    assert found == [("weight-raised", "ORDER/1m weight 1 -> 2"), ("weight-raised", "at most 1000 -> 500 calls per 5m")]


# ------------------------------------------------------------------------------ narrowing and loss


def _ep(path: str, product: str = "spot", page: str = "", **params: list[str]) -> "Endpoint":
    from generator.model import Endpoint, Param, Source, Text

    return Endpoint(id=f"{product}.{path.strip('/').replace('/', '_')}", method="POST", path=path, title=Text(en="x"),
                    product=product, params=[Param(name, "ENUM", enum=list(v)) for name, v in params.items()],
                    source=Source(file=page or f"docs{path}.md"))


def test_values_removed_from_a_list_that_remains_are_breaking() -> None:
    (change,) = diff.compare([_ep("/api/v3/order", side=["BUY", "SELL"])], [_ep("/api/v3/order", side=["BUY"])])
    assert (change.rule, change.level, change.message) == ("enum-value-removed", "breaking", "`side` no longer accepts `SELL`")


def test_a_list_that_disappears_is_a_lost_constraint_with_its_cause() -> None:
    """The issue's case: the new spec of POST /api/v3/order has no values for `side` at all."""
    (change,) = diff.compare([_ep("/api/v3/order", side=["BUY", "SELL"])], [_ep("/api/v3/order", side=[])])
    assert (change.rule, change.level) == ("enum-values-lost", "warning")
    assert "no longer accepts" not in change.message and "`BUY`, `SELL`" in change.message
    assert change.cause == "the page no longer lists the values"


def test_lists_lost_from_one_definitions_page_are_grouped_under_that_cause() -> None:
    paths = ["/api/v3/order", "/api/v3/order/test", "/api/v3/orderList/oco", "/api/v3/sor/order"]
    old = [_ep(p, side=["BUY", "SELL"], type=["LIMIT", "MARKET"]) for p in paths]
    new = [_ep(p, side=[], type=[]) for p in paths]
    old.append(_ep("/fapi/v1/order", "usds_futures", side=["BUY"]))  # one list of its own: not the same cause
    new.append(_ep("/fapi/v1/order", "usds_futures", side=[]))
    changes = diff.compare(old, new)
    assert {c.rule for c in changes} == {"enum-values-lost"} and diff.counts(changes)["warning"] == 9
    grouped, rest = diff.groups(changes)
    ((cause, members),) = grouped
    assert len(members) == 8 and "`spot`" in cause and "common definitions" in cause
    assert [c.endpoint for c in rest] == ["POST /fapi/v1/order"]
    text = diff.to_markdown(changes)
    assert f"**8 changes, one cause: {cause}**" in text
    assert text.count("enum-values-lost") == 9


def test_endpoints_removed_name_the_cause_their_pages_show() -> None:
    old = [_ep("/api/v3/a", page="docs/a.md"), _ep("/api/v3/b", page="docs/b.md")]
    new = [_ep("/api/v3/c", page="docs/a.md")]  # page a now documents another endpoint; page b gives none
    causes = {c.endpoint: c.cause for c in diff.compare(old, new) if c.rule == "endpoint-removed"}
    assert causes["POST /api/v3/a"].startswith("its page now documents other endpoints")
    assert causes["POST /api/v3/b"].startswith("its page gives no endpoint any more")


@pytest.mark.parametrize("old_rules, new_rule, rule", [
    ([], "required (price) when type is LIMIT", "rule-added-refusing"),
    ([], "forbidden (stopPrice) when type is MARKET", "rule-added-refusing"),
    ([], "required (symbol)", "rule-added"),  # symbol is a required parameter already
    (["either (a, b)"], "either (a, b, c)", "rule-added"),  # weaker than the rule it replaces
    (["max_span (startTime, endTime) 1000"], "max_span (startTime, endTime) 2000", "rule-added"),
    (["max_span (startTime, endTime) 2000"], "max_span (startTime, endTime) 1000", "rule-added-refusing"),
    (["required (price)"], "required (price) when type is LIMIT", "rule-added"),
])
def test_an_added_rule_is_breaking_when_it_refuses_calls(old_rules: list[str], new_rule: str, rule: str) -> None:
    from generator.model import Condition, Endpoint, Param, Rule, Text

    def parse(text: str) -> Rule:
        head, _, when = text.partition(" when ")
        kind, _, rest = head.partition(" (")
        params, _, value = rest.partition(")")
        cond = None
        if when:
            name, _, equals = when.partition(" is ")
            cond = Condition(name, equals=[equals])
        return Rule(kind, params.split(", "), int(value) if value.strip() else None, cond)

    def ep(rules: list[str]) -> Endpoint:
        return Endpoint("spot.x", "POST", "/api/v3/x", Text(en="x"), "spot", rules=[parse(r) for r in rules],
                        params=[Param("symbol", "STRING", required=True), Param("price", "DECIMAL")])

    found = [c for c in diff.compare([ep(old_rules)], [ep([new_rule])]) if c.rule.startswith("rule-added")]
    assert [c.rule for c in found] == [rule]
    assert found[0].message.startswith(new_rule)
    assert diff.RULES[rule][0] == ("breaking" if rule == "rule-added-refusing" else "info")


def test_a_reworded_rule_is_no_rule_change() -> None:
    from generator.model import Endpoint, Rule, Text

    a = Endpoint("spot.x", "GET", "/x", Text(en="x"), "spot", rules=[Rule("either", ["a", "b"], text=Text(en="one"))])
    b = Endpoint("spot.x", "GET", "/x", Text(en="x"), "spot", rules=[Rule("either", ["a", "b"], text=Text(en="two"))])
    assert diff.compare([a], [b]) == []


def test_equal_endpoints_have_no_changes() -> None:
    """What comparing only the changed specs rests on (diff.compare_changed): every shipped spec
    compared with an equal copy of itself yields nothing."""
    import copy

    for ep in load_specs(ROOT / "specs" / "endpoints"):
        assert diff.compare_endpoint(ep, copy.deepcopy(ep)) == [], ep.id


def test_a_rebuild_changelog_compares_the_changed_specs_and_says_what_the_whole_sets_say(tmp_path: Path) -> None:
    """cli._changelog loads only the specs that differ (the others by their facts, kept in the cache)
    and writes the entry changelog.updated writes from every spec of both sides."""
    import argparse

    from generator import changelog, cli, outputs
    from generator.build import load_spec_texts
    from generator.cache import Cache
    from generator.hosts import endpoint_key

    old = {p.name: p.read_text(encoding="utf-8") for p in (FIXTURES / "old").glob("*.yaml")}
    new = {p.name: p.read_text(encoding="utf-8") for p in (FIXTURES / "new").glob("*.yaml")}
    folder = Path("specs")
    taken = {endpoint_key(ep) for ep in load_spec_texts({**old, **new}, folder)}
    shipped = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "specs" / "endpoints").glob("*.yaml"))}
    common = {name: text for name, text in shipped.items()
              if name not in old and name not in new and endpoint_key(load_spec_texts({name: text}, folder)[0]) not in taken}
    assert len(common) > 400
    old_files, new_files = {**common, **old}, {**common, **new}
    for existing in (None, "# Changelog\n\nsomething before\n"):  # a cold cache, then a warm one
        cache = Cache(tmp_path / "cache")
        facts = outputs.FactsStore(cache, folder)
        before = outputs.SpecFiles(old_files, folder, cache, facts)
        after = outputs.SpecFiles(new_files, folder, cache, facts)
        unchanged = {name for name, text in before.files.items() if after.files.get(name) == text}
        got = cli._changelog(argparse.Namespace(specs=folder), before, after, unchanged, existing, new_files, cache)
        facts.save()
        assert got == changelog.updated(existing, load_spec_texts(old_files, folder), load_spec_texts(new_files, folder),
                                        new_files)
        assert got is not None and "### Breaking" in got
    assert not set(before._loaded) & set(common) and not set(after._loaded) & set(common)  # warm: the changed loaded
