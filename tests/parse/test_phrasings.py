"""Every phrasing of a rule (generator/parse/phrasings.py) reads each of its own examples, English and
Chinese, into the rule the example names; and the precedence between rules is the one stated."""

from __future__ import annotations

import re

import pytest

from generator.model import Condition, Rule, Text
from generator.parse import rules
from generator.parse.phrasings import (OPTIONAL_UNDER_CONDITION, PHRASINGS, REFERENCES, SCOPED, SPANS, Example,
                                      Phrasing, references)

ALL = PHRASINGS + SPANS + OPTIONAL_UNDER_CONDITION + SCOPED
CASES = [pytest.param(ph, ex, id=f"{ph.name}-{k}") for ph in ALL for k, ex in enumerate(ph.examples)]
_RULE = re.compile(r"^(\w+) ([\w ]+?)(?: (\d+))?(?: when (\w+)(?:=([\w,]+)| (sent)))?$")


def _expected(spec: str) -> list[tuple[str, tuple[str, ...], int | None, tuple[str, tuple[str, ...], bool | None] | None]]:
    out = []
    for part in spec.split(";"):
        m = _RULE.match(part.strip())
        assert m, f"example rule not understood: {part!r}"
        kind, params, value, cond, vals, sent = m.groups()
        when = None
        if cond:
            when = (cond, tuple(vals.split(",")) if vals else (), True if sent else None)
        out.append((kind, tuple(params.split()), int(value) if value else None, when))
    return out


def _names(ex: Example) -> set[str]:
    names: set[str] = set()
    for kind, params, _, when in _expected(ex.rule):
        names.update(params)
        if when:
            names.add(when[0])
    return names | ({ex.subject} if ex.subject else set())


def _got(rule: Rule) -> tuple[str, tuple[str, ...], int | None, tuple[str, tuple[str, ...], bool | None] | None]:
    when = None
    if rule.when is not None:
        when = (rule.when.param, tuple(rule.when.equals), rule.when.present if not rule.when.equals else None)
    return rule.kind, tuple(rule.params), rule.value, when


@pytest.mark.parametrize(("phrasing", "example"), CASES)
def test_phrasing_reads_its_example(phrasing: Phrasing, example: Example) -> None:
    names = _names(example) | {"recvWindow", "timestamp"}  # other parameters never hurt
    found = [(name, _got(rule)) for name, rule in rules.read(example.text, names, example.subject, phrasings=ALL)]
    mine = [got for name, got in found if name == phrasing.name]
    for expected in _expected(example.rule):
        assert expected in mine, f"{phrasing.name} read {example.text!r} as {mine} (all: {found})"


def test_every_phrasing_has_an_example() -> None:
    assert all(ph.examples for ph in ALL + REFERENCES)
    assert len({ph.name for ph in ALL + REFERENCES}) == len(ALL + REFERENCES)
    # every phrasing names the words it needs, and each of its examples holds one
    for ph in ALL:
        assert ph.cues, ph.name
        for ex in ph.examples:
            assert any(c in ex.text.lower() for c in ph.cues), (ph.name, ex.text)
    # a phrasing whose every example is Chinese is named as one (it is read only where Chinese is written)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for ph in ALL:
        if all(cjk.search(ex.text) for ex in ph.examples) and cjk.search(ph.pattern.pattern):
            assert ph.chinese, ph.name


@pytest.mark.parametrize(("phrasing", "example"), [pytest.param(ph, ex, id=f"{ph.name}-{k}")
                                                   for ph in REFERENCES for k, ex in enumerate(ph.examples)])
def test_reference_phrasing_reads_its_example(phrasing: Phrasing, example: Example) -> None:
    _, method, path = example.rule.split()
    assert phrasing.pattern.search(example.text)
    assert (method, path) in references(example.text)


def test_either_and_not_together_over_the_same_parameters_are_one_of() -> None:
    said = Text(en="x")
    resolved = rules.resolve([Rule("either", ["a", "b"], text=said), Rule("not_together", ["b", "a"], text=said),
                              Rule("either", ["a", "c"], text=said)])
    assert [(r.kind, r.params) for r in resolved] == [("one_of", ["a", "b"]), ("either", ["a", "c"])]
    resolved = rules.resolve([Rule("one_of", ["a", "b"], text=said), Rule("either", ["a", "b"], text=said)])
    assert [r.kind for r in resolved] == ["one_of"]


def test_a_rule_said_twice_is_kept_once_but_conditions_make_rules_differ() -> None:
    said = Text(en="x")
    when = Condition("type", equals=["LIMIT"])
    resolved = rules.resolve([Rule("required", ["price"], when=when, text=said),
                              Rule("required", ["price"], when=Condition("type", equals=["LIMIT"]), text=said),
                              Rule("required", ["price"], when=Condition("type", equals=["STOP"]), text=said)])
    assert len(resolved) == 2


def test_a_conditional_rule_is_never_made_unconditional() -> None:
    names = {"orderId", "startTime", "endTime", "symbol", "pair", "type"}
    assert rules.find_rules("If `orderId` is sent, `startTime` and `endTime` cannot be sent together", "en", names) == []
    assert rules.find_rules("如果发送了`orderId`，`startTime`和`endTime`不能同时发送", "zh", names) == []
    assert rules.find_rules("`symbol` and `pair` cannot be sent together when `type` is `MARKET`", "en", names) == []
    # a trailing clause of its own ("..., and X will prevail if both are sent") is no condition on the rule
    found = rules.find_rules("Either `symbol` or `pair` must be sent, and `symbol` will prevail if both are sent",
                             "en", names)
    assert [(r.kind, r.params, r.when) for r in found] == [("either", ["symbol", "pair"], None)]
