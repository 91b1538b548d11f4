"""Other scrape formats of the same pages: every variant of the hand-written fixtures parses to the same
endpoints, and small hand-written pages show each shape on its own (no corpus needed)."""

from __future__ import annotations

import pytest

from generator.parse import parse_page
from generator.parse.page import parse_structure

from .formats import LANGUAGE_VARIANTS, VARIANTS, halves
from .pages import FORMAT_A, FORMAT_B, MULTI


def summary(text: str) -> dict:
    out = {}
    for ep in parse_page(text, "page.md").endpoints:
        out[(ep.method, ep.path)] = (
            ep.signed,
            sorted((w.unit, w.value, w.interval, tuple(c.value for c in w.cases)) for w in ep.weight),
            [(p.name, p.type, p.required, sorted(p.enum)) for p in ep.params],
            ep.response.schema is not None,
        )
    return out


FIXTURES = {"A": FORMAT_A, "B": FORMAT_B, "multi": MULTI}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_variant_of_fixture_parses_the_same(variant, fixture):
    text = FIXTURES[fixture]
    changed = VARIANTS[variant](text)
    if changed is None:
        pytest.skip("the variant does not apply to this page")
    want = summary(text)
    if variant in LANGUAGE_VARIANTS and halves(text) is not None:
        front, en, zh = halves(text)
        want = summary("\n".join(front + (en if variant == "english-only" else zh)))
    assert want, "the fixture itself must give endpoints"
    assert summary(changed) == want


# ---------------------------------------------------------------- each shape on its own, hand-written


def page(*, head: str = "---\nsource_url: https://developers.binance.com/docs/wallet/demo/Gadget\n---\n",
         title: str = "# Query Gadget (USER_DATA)", request: str = "## HTTP Request\n\nGET `/sapi/v1/gadget`",
         weight: str = "## Request Weight\n\n**2**", params: str | None = None,
         response: str | None = None, tail: str = "") -> str:
    if params is None:
        params = ("## Request Parameters\n\nName| Type| Mandatory| Description  \n---|---|---|---  \n"
                  "gadgetId| LONG| YES| the gadget  \nkind| ENUM| NO| `ROUND` or `SQUARE`  \n"
                  "timestamp| LONG| YES|   ")
    if response is None:
        response = '## Response Example\n\n```\n{"gadgetId": 7, "kind": "ROUND"}\n```'
    return "\n\n".join(x for x in (head, title, request, weight, params, response, tail) if x) + "\n"


def one(text: str):
    result = parse_page(text, "p.md")
    assert len(result.endpoints) == 1, [d.message for d in result.diagnostics]
    return result.endpoints[0]


EXPECTED = ("GET", "/sapi/v1/gadget", [("gadgetId", "LONG", True), ("kind", "ENUM", False), ("timestamp", "LONG", True)])


def check(text: str, *, enum: bool = True, weight: int = 2) -> None:
    ep = one(text)
    assert (ep.method, ep.path, [(p.name, p.type, p.required) for p in ep.params]) == EXPECTED
    assert ep.signed
    assert [(w.unit, w.value) for w in ep.weight] == [("IP", weight)]
    if enum:
        assert ep.params[1].enum == ["ROUND", "SQUARE"]
    assert ep.response.schema is not None


def test_the_base_page():
    check(page())


def test_setext_headings_and_a_rule_between_the_languages():
    zh = ("查询小工具 (USER_DATA)\n=========\n\nHTTP请求\n------\n\nGET `/sapi/v1/gadget`\n\n"
          "请求权重\n----\n\n**2**\n")
    text = page(title="Query Gadget (USER_DATA)\n========================",
                request="HTTP Request\n------------\n\nGET `/sapi/v1/gadget`",
                weight="Request Weight\n--------------\n\n**2**",
                tail="---\n\n" + zh)
    check(text)
    structure = parse_structure(text)
    assert [h.lang for h in structure.halves] == ["en", "zh"]
    assert structure.halves[1].blocks[0].text == "查询小工具 (USER_DATA)"


def test_a_rule_after_a_paragraph_line_is_a_setext_underline_only_without_a_blank_line():
    blocks = parse_structure("# T\n\nsome text\n\n---\n\nmore\n").halves[0].blocks
    assert [b.kind for b in blocks] == ["heading", "text", "text", "text"]
    blocks = parse_structure("# T\n\nA Section\n---\n\nmore\n").halves[0].blocks
    assert [(b.kind, b.level) for b in blocks[:2]] == [("heading", 1), ("heading", 2)]


def test_reader_service_header_instead_of_front_matter():
    head = ("Title: Query Gadget (USER_DATA)\n\nURL Source: https://developers.binance.com/docs/wallet/demo/Gadget\n\n"
            "Published Time: Thu, 01 Jan 2030 00:00:00 GMT\n\nMarkdown Content:")
    text = page(head=head, title="Query Gadget (USER_DATA)\n===============")
    check(text)
    structure = parse_structure(text)
    assert structure.url == "https://developers.binance.com/docs/wallet/demo/Gadget"
    assert structure.front["title"] == "Query Gadget (USER_DATA)"


def test_title_only_in_the_front_matter():
    head = "---\ntitle: \"Query Gadget (USER_DATA)\"\nurl: https://developers.binance.com/docs/wallet/demo/Gadget\ntags:\n  - wallet\n---"
    ep = one(page(head=head, title=""))
    assert (ep.title.en, ep.security) == ("Query Gadget", "USER_DATA")
    assert ep.source.url == "https://developers.binance.com/docs/wallet/demo/Gadget"


@pytest.mark.parametrize("anchor", [
    "", " [#](#http-request)", "¶", " [¶](#http-request)", " {#http-request}", " §",
    "[](https://developers.binance.com/docs/wallet/demo/Gadget#http-request \"Direct link to HTTP Request\")",
    ' <a href="#http-request" class="hash-link">#</a>',
])
def test_heading_anchor_shapes(anchor):
    check(page(request=f"## HTTP Request{anchor}\n\nGET `/sapi/v1/gadget`", weight=f"## Request Weight{anchor}\n\n**2**"))


PARAM_ROWS = [["Name", "Type", "Mandatory", "Description"], ["gadgetId", "LONG", "YES", "the gadget"],
              ["kind", "ENUM", "NO", "`ROUND` or `SQUARE`"], ["timestamp", "LONG", "YES", ""]]


@pytest.mark.parametrize("table", [
    "| Name | Type | Mandatory | Description |\n|:---|:---:|:---:|---:|\n| gadgetId | LONG | YES | the gadget |\n"
    "| kind | ENUM | NO | `ROUND` or `SQUARE` |\n| timestamp | LONG | YES | |",
    "Name | Type | Mandatory | Description\n---|---|---|---\ngadgetId | LONG | YES | the gadget\n"
    "kind | ENUM | NO | `ROUND` or `SQUARE`\ntimestamp | LONG | YES | ",
    "<table><thead><tr><th>Name</th><th>Type</th><th>Mandatory</th><th>Description</th></tr></thead><tbody>"
    "<tr><td>gadgetId</td><td>LONG</td><td>YES</td><td>the gadget</td></tr><tr><td>kind</td><td>ENUM</td>"
    "<td>NO</td><td><code>ROUND</code> or <code>SQUARE</code></td></tr><tr><td>timestamp</td><td>LONG</td>"
    "<td>YES</td><td></td></tr></tbody></table>",
    "<table>\n  <thead>\n    <tr>\n      <th>Name</th>\n      <th>Type</th>\n      <th>Mandatory</th>\n"
    "      <th>Description</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>gadgetId</td>\n"
    "      <td>LONG</td>\n      <td><strong>YES</strong></td>\n      <td>the <em>gadget</em></td>\n    </tr>\n"
    "    <tr>\n      <td>kind</td>\n      <td>ENUM</td>\n      <td>NO</td>\n"
    "      <td><code>ROUND</code> or <code>SQUARE</code><br>(default none)</td>\n    </tr>\n    <tr>\n      <td>timestamp</td>\n"
    "      <td>LONG</td>\n      <td>YES</td>\n      <td></td>\n    </tr>\n  </tbody>\n</table>",
    "+-----------+------+-----------+------------+\n| Name      | Type | Mandatory | Description|\n"
    "+===========+======+===========+============+\n| gadgetId  | LONG | YES       | the gadget |\n"
    "+-----------+------+-----------+------------+\n| kind      | ENUM | NO        | `ROUND` or |\n"
    "|           |      |           | `SQUARE`   |\n+-----------+------+-----------+------------+\n"
    "| timestamp | LONG | YES       |            |\n+-----------+------+-----------+------------+",
], ids=["pipes-aligned", "html2text", "html-one-line", "html-lines", "grid"])
def test_table_shapes(table):
    check(page(params="## Request Parameters\n\n" + table))


def test_grid_table_with_wide_characters_and_rows_on_their_lines():
    table = ("+------+------+----------+------+\n| 名称 | 类型 | 是否必需 | 描述 |\n+======+======+==========+======+\n"
             "| gadgetId | LONG | YES | 编号 |\n+------+------+----------+------+\n| kind | ENUM | NO | ROUND 或 SQUARE |\n"
             "+------+------+----------+------+\n| timestamp | LONG | YES | |\n+------+------+----------+------+")
    structure = parse_structure("# 查询 (USER_DATA)\n\n## 请求参数\n\n" + table + "\n")
    block = [b for b in structure.halves[0].blocks if b.kind == "table"][0]
    assert block.rows[0] == ["名称", "类型", "是否必需", "描述"]
    assert [r[0] for r in block.rows[1:]] == ["gadgetId", "kind", "timestamp"]
    assert block.row_lines == [6, 8, 10, 12]


@pytest.mark.parametrize("code", [
    '```json\n{"gadgetId": 7, "kind": "ROUND"}\n```',
    '~~~\n{"gadgetId": 7, "kind": "ROUND"}\n~~~',
    '````js\n{"gadgetId": 7, "kind": "ROUND"}\n````',
    '<pre><code class="language-json">{\n  &quot;gadgetId&quot;: 7,\n  &quot;kind&quot;: &quot;ROUND&quot;\n}</code></pre>',
    '<pre>{<span class="token">&quot;gadgetId&quot;</span>: 7, &quot;kind&quot;: &quot;ROUND&quot;}</pre>',
    '    {\n        "gadgetId": 7,\n        "kind": "ROUND"\n    }',
    '\t{\n\t\t"gadgetId": 7,\n\t\t"kind": "ROUND"\n\t}',
], ids=["json-fence", "tilde", "long-fence", "pre-code", "pre-spans", "indented", "tab-indented"])
def test_code_shapes(code):
    ep = one(page(response="## Response Example\n\n" + code))
    assert ep.response.schema is not None
    assert set(ep.response.schema["properties"]) == {"gadgetId", "kind"}


def test_underscore_bold_and_either_bullet():
    text = page(weight="## Request Weight\n\n__2__", tail="> - first note\n> + second note\n\n__Data Source:__ Memory")
    check(text)
    structure = parse_structure(text)
    items = [b.text for b in structure.halves[0].blocks if b.kind == "item"]
    assert items == ["first note", "second note"]
    assert any(b.kind == "heading" and b.level == 7 and b.value == "Memory" for b in structure.halves[0].blocks)


def test_bold_line_naming_a_section_is_a_heading():
    check(page(request="**HTTP Request**\n\nGET `/sapi/v1/gadget`", weight="**Request Weight**\n\n**2**",
               params=None, response='**Response Example**\n\n```\n{"gadgetId": 7, "kind": "ROUND"}\n```'))
    blocks = parse_structure("# T\n\n**Important**\n\ntext\n").halves[0].blocks
    assert [b.kind for b in blocks] == ["heading", "text", "text"]


def test_html_entities_in_text_cells_and_code():
    params = ("## Request Parameters\n\nName| Type| Mandatory| Description  \n---|---|---|---  \n"
              "gadgetId| LONG| YES| the&nbsp;gadget &amp; more  \nkind| ENUM| NO| `ROUND` or `SQUARE` &#39;quoted&#39;  \n"
              "ids| LIST&lt;LONG&gt;| NO|   \ntimestamp| LONG| YES|   ")
    response = "## Response Example\n\n```\n{&quot;gadgetId&quot;: 7, &quot;kind&quot;: &quot;ROUND&quot;}\n```"
    ep = one(page(params=params, response=response, request="## HTTP&nbsp;Request\n\nGET&nbsp;`/sapi/v1/gadget`"))
    assert [(p.name, p.type) for p in ep.params][2] == ("ids", "LIST<LONG>")
    assert ep.params[0].description.en == "the gadget & more"
    assert ep.response.schema is not None


def test_an_ampersand_word_in_a_query_string_is_not_an_entity():
    blocks = parse_structure("# T\n\nsymbol=X&timestamp=1&amp;notanentity&copy=2\n").halves[0].blocks
    assert blocks[1].text == "symbol=X&timestamp=1&notanentity&copy=2"


def test_backslash_escapes():
    params = ("## Request Parameters\n\nName| Type| Mandatory| Description  \n---|---|---|---  \n"
              "gadgetId| LONG| YES| the gadget, a\\|b  \nkind| ENUM| NO| `ROUND` or `SQUARE` \\[see\\] \\*  \n"
              "timestamp| LONG| YES|   ")
    ep = one(page(params=params, title="# Query Gadget (USER\\_DATA)",
                  weight="## Request Weight\n\nLIMIT| weight  \n---|---  \n\\[1,100)| 2  "))
    assert ep.params[0].description.en == "the gadget, a|b"
    assert ep.params[1].description.en == "`ROUND` or `SQUARE` [see] *"
    assert ep.security == "USER_DATA"
    blocks = parse_structure("# T\n\n2\\. not a list item\n\n\\# not a heading\n\n`a\\_b` stays\n").halves[0].blocks
    assert [(b.kind, b.text) for b in blocks[1:]] == [("text", "2. not a list item"), ("text", "# not a heading"),
                                                      ("text", "`a\\_b` stays")]


@pytest.mark.parametrize("change", [
    lambda t: t.replace("\n", "\r\n"),
    lambda t: t.replace("\n", "\r"),
    lambda t: "\n".join(x + "  \t " for x in t.split("\n")),
    lambda t: t.replace(" `", "\u00a0`").replace("HTTP Request", "HTTP\u00a0Request").replace("the gadget", "the\u00a0gadget"),
    lambda t: t.replace("| ", "\t|\t"),
], ids=["crlf", "cr", "trailing-whitespace", "nbsp", "tabs"])
def test_whitespace_variants(change):
    check(change(page()))


def test_wrapped_paragraph_lines_join_with_a_space():
    weight = ("## Request Weight\n\n**2** for a single gadget when the gadgetId parameter is sent, and **2** when\n"
              "it is omitted from the request")
    ep = one(page(weight=weight))
    assert [(w.unit, w.value) for w in ep.weight] == [("IP", 2)]
    blocks = parse_structure("# T\n\n" + weight.split("\n\n")[1] + "\n").halves[0].blocks
    assert "\n" not in blocks[1].text
    blocks = parse_structure("# T\n\nshort line\nnext line  \nthird\n").halves[0].blocks
    assert blocks[1].text == "short line\nnext line\nthird"


def test_english_only_and_chinese_only_without_front_matter():
    en = page()
    check(en)
    zh = ("# 查询小工具 (USER_DATA)\n\n## HTTP请求\n\nGET `/sapi/v1/gadget`\n\n## 请求权重\n\n**2**\n\n## 请求参数\n\n"
          "| 名称 | 类型 | 是否必需 | 描述 |\n| --- | --- | --- | --- |\n| gadgetId | LONG | YES | 编号 |\n"
          "| kind | ENUM | NO | ROUND 或 SQUARE |\n| timestamp | LONG | YES |  |\n\n## 响应示例\n\n"
          "```\n{\"gadgetId\": 7, \"kind\": \"ROUND\"}\n```\n")
    check(zh)
    structure = parse_structure(zh)
    assert [h.lang for h in structure.halves] == ["zh"]
    assert structure.url is None
