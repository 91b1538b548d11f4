"""One language half -> endpoint drafts: find the request lines, cut the half into one segment per
endpoint and sort each segment's blocks into sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Param, Rule, Weight
from . import caps, conditions, constraints, params as params_mod, phrasings, response, rules, values as values_mod, weight as weight_mod
from .blocks import Block, Half
from .sections import (
    DESCRIPTION, LIMIT, NOTES, OTHER, PARAMS, REQUEST, RESPONSE, WEIGHT, heading_weight_value, request_line,
    section_kind,
)

_SECURITY = re.compile(
    r"\s*[(（]\s*(TRADE|USER[_\-\s]?DATA|MARKET[_\-\s]?DATA|USER[_\-\s]?STREAM|MARGIN|NONE|SIGNED|HMAC SHA256)\s*[)）]\s*$",
    re.I,
)
_PSEUDO_SKIP = re.compile(r"^(data\s*source|数据源)", re.I)


@dataclass
class Draft:
    """An endpoint as read from one language half."""

    lang: str
    method: str
    path: str
    line: int
    title: str = ""
    security: str | None = None
    description: list[str] = field(default_factory=list)
    weights: list[Weight] = field(default_factory=list)
    weight_line: int = 0
    weight_seen: bool = False
    weight_sections: list[weight_mod.WeightSection] = field(default_factory=list)  # one per weight heading
    params: list[Param] = field(default_factory=list)
    params_line: int = 0
    params_seen: bool = False
    params_none: bool = False
    params_unread: bool = False
    params_blocks: int = 0  # blocks under the parameter heading(s)
    notes: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    examples: list[Any] = field(default_factory=list)
    comments: dict[tuple[str, ...], str] = field(default_factory=dict)
    field_rows: list[list[str]] = field(default_factory=list)  # a response field table
    example_problems: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, problem, recovered)
    # tables of parameters mandatory for a value of another ("Type | Additional mandatory parameters"),
    # each with the words before it ("based on `type`:")
    condition_tables: list[tuple[list[list[str]], str]] = field(default_factory=list)
    scoped: list[tuple[str, str]] = field(default_factory=list)  # (item ending with a colon, item nested in it)
    covered: set[conditions.WhenKey] = field(default_factory=set)  # conditions a condition table speaks of
    references: list[tuple[str, str]] = field(default_factory=list)  # endpoints whose parameters it also takes
    value_tables: list[list[list[str]]] = field(default_factory=list)  # tables beside the parameters
    # items under an item ending with a colon, nested or (in a flattened list) at its level: (label, items)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)  # a section on the endpoint's own cap on calls
    response_seen: bool = False


def split_title(title: str) -> tuple[str, str | None]:
    """`Query Order (USER_DATA)` -> ("Query Order", "USER_DATA")."""
    security = None
    while True:
        m = _SECURITY.search(title)
        if not m:
            break
        word = re.sub(r"[\s\-]", "_", m.group(1).upper())
        if word not in ("SIGNED", "HMAC_SHA256"):
            security = security or word
        title = title[: m.start()].rstrip()
    return title.strip(), security


def _title_index(blocks: list[Block], section_index: int, floor: int = 0) -> int | None:
    """The heading naming the endpoint whose section starts at section_index, looking back no further
    than `floor` (the previous endpoint's request line). A bold line stands for the title when it names
    a security type, or when no heading does (pages whose every heading was flattened to bold)."""
    level = blocks[section_index].level
    for k in range(section_index - 1, floor - 1, -1):
        b = blocks[k]
        if b.kind != "heading" or section_kind(b) is not None:
            continue
        if b.level >= 7 and not split_title(b.text)[1]:
            continue
        if b.level < level or level >= 7:
            return k
    for k in range(section_index - 1, floor - 1, -1):
        b = blocks[k]
        if b.kind == "heading" and b.level >= 7 and section_kind(b) is None and not _NOT_A_TITLE.search(b.text):
            return k
    return None


def _bold_title(b: Block) -> bool:
    """A paragraph that is one short bold line (`**Test connectivity**`): a heading some scrapers
    flatten, when a request line follows it."""
    return b.kind == "text" and bool(re.fullmatch(r"\*\*[^*\n]{2,100}\*\*", b.text.strip())) \
        and not _NOT_A_TITLE.search(b.text) and section_kind(Block("heading", b.line, text=b.text.strip("* "))) is None


# bold lines that introduce an example, not an endpoint
_NOT_A_TITLE = re.compile(r"example|e\.g\.|示例|例如|sample", re.I)


def find_anchors(blocks: list[Block]) -> list[tuple[int, int | None, str, str]]:
    """(block index, title heading index, method, path) of every request line of the half."""
    anchors: list[tuple[int, int | None, str, str]] = []
    current = None
    current_index = -1
    seen_in_section = False
    for k, b in enumerate(blocks):
        if b.kind == "heading":
            kind = section_kind(b)
            current = kind
            current_index = k
            seen_in_section = False
            continue
        if b.kind not in ("code", "text"):
            continue
        req = request_line(b.text)
        if req is None:
            continue
        prev = blocks[k - 1] if k else None
        floor = anchors[-1][0] + 1 if anchors else 0
        if current == REQUEST and not seen_in_section:
            anchors.append((k, _title_index(blocks, current_index, floor), req[0], req[1]))
            seen_in_section = True
        elif prev is not None and prev.kind == "heading" and section_kind(prev) is None \
                and (prev.level < 7 or not _NOT_A_TITLE.search(prev.text)):
            anchors.append((k, k - 1, req[0], req[1]))
        elif prev is not None and _bold_title(prev):
            anchors.append((k, k - 1, req[0], req[1]))
    return anchors


def drafts_of_half(half: Half) -> list[Draft]:
    """Every endpoint written in this half, in page order."""
    blocks = half.blocks
    anchors = find_anchors(blocks)
    if not anchors:
        return []
    starts = []
    for a in anchors:
        starts.append(a[1] if a[1] is not None else 0)
    drafts = []
    for n, (k, title_k, method, path) in enumerate(anchors):
        start = starts[n]
        end = len(blocks)
        for later in starts[n + 1:]:
            if later > start:
                end = later
                break
        d = Draft(lang=half.lang, method=method, path=path, line=blocks[k].line)
        if title_k is not None:
            d.title, d.security = split_title(blocks[title_k].text.strip("* "))
            end = _next_operation(blocks, title_k, max(k, title_k) + 1, end)
        body_start = title_k + 1 if title_k is not None else 0
        _read_segment(d, blocks[body_start:end], k)
        drafts.append(d)
    return drafts


def _next_operation(blocks: list[Block], title_k: int, start: int, end: int) -> int:
    """Where the next titled operation without a request line begins (a WebSocket method documented
    under the endpoint, say): a heading at the title's level or above whose title names a security type.
    Its weight and parameters belong to it, not to the endpoint before it."""
    level = blocks[title_k].level
    for k in range(start, end):
        b = blocks[k]
        if b.kind == "heading" and b.level <= level and section_kind(b) is None and split_title(b.text)[1]:
            return k
    return end


def _read_segment(d: Draft, blocks: list[Block], _anchor: int) -> None:
    current: str | None = None
    weights: list[tuple[Block, str, list[Block]]] = []  # (heading, value in the heading, body)
    pending_flat: list[Block] = []
    items: list[Block] = []  # the list items open above this one: its parents
    last_text = ""
    label: Block | None = None  # the last item that ends with a colon
    for b in blocks:
        if b.kind == "item":
            items = [x for x in items if x.indent < b.indent and x.quoted == b.quoted]
            if items and current not in (RESPONSE, WEIGHT):
                d.scoped.append((items[-1].text, b.text))
            items.append(b)
            if label is not None and (b.indent > label.indent or values_mod.starts_with_value(b.text)):
                d.lists[-1][1].append(b.text)
            elif b.text.rstrip().endswith((":", "：")) and current not in (RESPONSE, WEIGHT):
                label = b
                d.lists.append((b.text, []))
            else:
                label = None
        elif b.kind != "table":
            items = []
            label = None
        if b.kind == "table" and current not in (RESPONSE, WEIGHT):
            if conditions.is_condition_table(b.rows):
                d.condition_tables.append((b.rows, last_text))
            else:
                d.value_tables.append(b.rows)
        if b.kind in ("text", "item"):
            last_text = b.text
            if current not in (RESPONSE, WEIGHT):
                d.references += [r for r in phrasings.references(b.text) if r not in d.references]
        if b.kind == "heading":
            kind = section_kind(b)
            if kind is None and b.level >= 7:
                if _PSEUDO_SKIP.match(b.text):
                    current = OTHER
                continue  # pseudo-headings inside a section (e.g. a secondary table's title)
            if kind == WEIGHT:
                weights.append((b, heading_weight_value(b), []))
                d.weight_seen = True
                d.weight_line = d.weight_line or b.line
            elif kind == PARAMS:
                d.params_seen = True
                d.params_line = d.params_line or b.line
                if b.value and params_mod.says_no_params(b.value):
                    d.params_none = True
            elif kind == RESPONSE:
                d.response_seen = True
            elif kind == NOTES and b.value:
                d.notes.append(b.value)  # `**Note:** The time between ... 24 hours.`
            current = kind if kind is not None else OTHER
            continue
        if b.kind in ("code", "text") and request_line(b.text) is not None and current in (None, REQUEST):
            continue
        if current is None or current == DESCRIPTION:
            if b.kind in ("text", "item"):
                d.description.append(b.text)
            elif b.kind == "table" and current is None and params_mod.is_param_table(b.rows):
                d.params.extend(params_mod.params_from_table(b))
        elif current == WEIGHT:
            if b.kind == "table" and not d.params and params_mod.is_param_table(b.rows):
                # a parameter table under the weight: its heading was lost (`**1**` then `名称| 类型| ...`)
                current = PARAMS
                d.params_seen = True
                d.params_line = d.params_line or b.line
                _read_param_block(d, b, pending_flat)
                continue
            weights[-1][2].append(b)
        elif current == PARAMS:
            d.params_blocks += 1
            _read_param_block(d, b, pending_flat)
        elif current == RESPONSE:
            _read_response_block(d, b)
        elif current in (NOTES, REQUEST):
            if b.kind in ("text", "item"):
                d.notes.append(b.text)
        elif current == LIMIT:
            if b.kind in ("text", "item"):
                d.limits.append(b.text)
    if pending_flat and not d.params:
        text = " ".join(x.text if x.kind != "table" else " | ".join(" | ".join(r) for r in x.rows) for x in pending_flat)
        d.params = params_mod.flat_params(text, pending_flat[0].line)
    d.weight_sections = [weight_mod.collect(heading, body, inline) for heading, inline, body in weights]
    if d.lang == "zh":
        for p in d.params:
            if p.description.en:
                p.description.zh, p.description.en = p.description.en, None


def _page_lists(d: Draft, names: set[str], by_name: dict[str, Param]) -> None:
    """Values the page lists for a parameter beside its table: a column headed by its name, or a list
    nested under a label naming it; merged after the values its description gives."""
    found: list[tuple[str, list[str]]] = []
    for rows in d.value_tables:
        found += list(values_mod.table_values(rows, names).items())
    descriptions = {p.name: p.description.en or p.description.zh or "" for p in d.params}
    for parent, kids in d.lists:
        hit = values_mod.nested_values(parent, kids, names, descriptions)
        if hit:
            found.append(hit)
    for name, values in found:
        p = by_name[name]
        if p.type in ("ENUM", "STRING"):
            p.enum = p.enum + [v for v in values if v not in p.enum]


def _read_param_block(d: Draft, b: Block, pending_flat: list[Block]) -> None:
    if b.kind == "table":
        if params_mod.is_param_table(b.rows) and not d.params:
            d.params.extend(params_mod.params_from_table(b))
            if not d.params and len(b.rows) <= 1:
                pending_flat.append(b)
        elif not d.params and "|" in "".join(b.raw):
            pending_flat.append(b)
        else:
            d.notes.append("\n".join(" | ".join(r) for r in b.rows))
        return
    if b.kind == "code":
        if "|" in b.text and not d.params:
            pending_flat.append(b)
        return
    text = b.text
    if not d.params and params_mod.says_no_params(text):
        d.params_none = True
        return
    if pending_flat and not d.params and "|" in text:
        pending_flat.append(b)
        return
    if not d.params and "|" in text and not pending_flat and params_mod.rows_from_flat_text(text, b.line):
        pending_flat.append(b)
        return
    d.notes.append(text)


def _read_response_block(d: Draft, b: Block) -> None:
    if b.kind == "code":
        if not b.text.strip() or ("[" not in b.text and "{" not in b.text):
            return
        parsed = response.read_example(b.text)
        if parsed.values:
            d.examples.extend(parsed.values)
            for k, v in parsed.comments.items():
                d.comments.setdefault(k, v)
            if not parsed.strict:
                d.example_problems.append((b.line, ", ".join(parsed.problems) or "not strict JSON", True))
        if parsed.problems and not parsed.values:
            d.example_problems.append((b.line, "; ".join(parsed.problems), False))
        elif any(p.startswith(("unexpected", "expected")) for p in parsed.problems):
            d.example_problems.append((b.line, "; ".join(parsed.problems), False))
    elif b.kind == "table" and not d.field_rows:
        d.field_rows = b.rows  # a field table: the schema when there is no example, else notes on it


# No Binance endpoint takes more than a few dozen parameters; a table far longer than this is a
# scrape gone wrong, and rendering it would make a method with thousands of arguments.
MAX_PARAMS = 200


def apply_constraints(d: Draft) -> None:
    """Prose constraints from each param's description, rules from the notes, then the weights.
    A draft with more than MAX_PARAMS parameters is refused later: its prose is not read (reading
    it costs time that grows with the square of the table)."""
    if len(d.params) > MAX_PARAMS:
        return
    names = {p.name for p in d.params}
    by_name = {p.name: p for p in d.params}
    borrowed: list[tuple[Param, str]] = []
    for p in d.params:
        own, about = constraints.split_by_subject(p.name, p.description.en or p.description.zh or "", names)
        constraints.apply(p, own, names)
        borrowed += [(by_name[name], text) for name, text in about.items()]
    for p, text in borrowed:  # what another parameter's description says of this one (its own comes first)
        constraints.apply(p, text, names)
    comma_lists = [p for p in d.params if p.list is not None and p.list.style != "json"]
    for note in d.notes + d.description:
        d.rules.extend(rules.find_rules(note, d.lang, names))
        for p in comma_lists:
            constraints.list_from_note(p, note)
    for p in d.params:
        desc = p.description.en or p.description.zh or ""
        if desc:
            d.rules.extend(rules.find_rules(desc, d.lang, names, subject=p.name))
    _page_lists(d, names, by_name)
    enums = {p.name: p.enum for p in d.params}
    for rows, hint in d.condition_tables:
        table_rules, covered = conditions.table_rules(rows, hint, names, enums, d.lang)
        d.rules.extend(table_rules)
        d.covered |= covered
    for parent, child in d.scoped:
        d.rules.extend(conditions.scoped_rules(parent, child, names, d.lang))
    # after the constraints: conditional weights need the parameters' defaults
    defaults: dict[str, object] = {p.name: ("<given>" if p.required else p.default) for p in d.params}
    lists = {p.name for p in d.params if p.list is not None or p.type.startswith("LIST<")}
    found: list[Weight] = []
    for section in d.weight_sections:
        # one section per limit (`Request Weight(IP)`, then `Request Weight(UID)`)
        found += weight_mod.parse_weight(section, defaults, lists)
    if d.lang == "zh":
        for w in found:
            w.raw.zh, w.raw.en = w.raw.en, None
    # a cap on the endpoint's own calls, in the weight section or a note: after the weights it sits beside
    texts = [t for section in d.weight_sections for t in section.texts] + d.limits + d.notes
    for w in found + caps.request_caps(texts, d.lang):
        if not any((w.unit, w.interval) == (kept.unit, kept.interval) for kept in d.weights):
            d.weights.append(w)  # a limit stated twice keeps its first statement
