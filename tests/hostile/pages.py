"""Page builders in the two scrape formats, written for these tests (not copies of real pages).

Every piece of text a page can carry is a keyword argument, so a test can put hostile text into
exactly one place and keep the rest of the page realistic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANCHOR = "[\u200b](/docs/demo/gadgets/{slug}#{frag} \"Direct link to {label}\")"


def _a(title: str, slug: str) -> str:
    frag = "".join(c if c.isalnum() else "-" for c in title.lower())
    return title + ANCHOR.format(slug=slug, frag=frag, label=title.replace("(", "\\(").replace(")", "\\)"))


@dataclass
class Page:
    title: str = "Query Gadget Orders (USER_DATA)"
    title_zh: str = "查询小工具订单 (USER_DATA)"
    description: str = "Query the gadget orders of the account."
    method: str = "GET"
    path: str = "/sapi/v1/gadget/orders"
    weight: str = "**20**"
    url: str = "https://developers.binance.com/docs/gadget/account/Query-Gadget-Orders"
    # (name, type, mandatory, description)
    params: list[tuple[str, str, str, str]] = field(default_factory=lambda: [
        ("symbol", "STRING", "YES", ""),
        ("side", "ENUM", "NO", "`BUY` or `SELL`"),
        ("status", "STRING", "NO", "NEW, FILLED or CANCELED; default NEW"),
        ("limit", "INT", "NO", "Default 100; max 1000"),
        ("orderIds", "LIST<LONG>", "NO", "separated by commas"),
        ("startTime", "LONG", "NO", ""),
        ("endTime", "LONG", "NO", ""),
        ("recvWindow", "LONG", "NO", "The value cannot be greater than `60000`"),
        ("timestamp", "LONG", "YES", ""),
    ])
    notes: list[str] = field(default_factory=lambda: [
        "The max interval between startTime and endTime is 30 days.",
        "Only orders of the last 90 days are returned.",
    ])
    response: str = (
        '[\n  {\n    "orderId": 4021, // the order id\n    "symbol": "BTCUSDT",\n'
        '    "price": "0.10",\n    "filled": true,\n    "fills": [{"qty": "1"}]\n  }\n]'
    )

    def format_a(self, slug: str = "Query-Gadget-Orders") -> str:
        """Front matter, English half, `---`, Chinese half; pipe-less tables; indented examples."""
        def half(zh: bool) -> list[str]:
            h = (lambda en, cn: cn if zh else en)
            out = [f"# {self.title_zh if zh else self.title}", "",
                   "## " + _a(h("API Description", "接口描述"), slug), "", self.description, "",
                   "## " + _a(h("HTTP Request", "HTTP请求"), slug), "", f"{self.method} `{self.path}`", "",
                   "## " + _a(h("Request Weight(IP)", "请求权重(IP)"), slug), "", self.weight, "",
                   "## " + _a(h("Request Parameters", "请求参数"), slug), "",
                   h("Name| Type| Mandatory| Description  ", "名称| 类型| 是否必需| 描述  "),
                   "---|---|---|---  "]
            out += [f"{n}| {t}| {m}| {d}  " for n, t, m, d in self.params]
            out += ["  "] + [f"  * {n}" for n in self.notes] + ["", "",
                    "## " + _a(h("Response Example", "响应示例"), slug), "    ", "    "]
            out += ["    " + ln + "  " for ln in self.response.splitlines()]
            return out
        front = ["---", "exchange: binance", f"source_url: {self.url}", "api_type: Account",
                 "updated_at: 2031-02-03T04:05:06.000001", "---", ""]
        return "\n".join(front + half(False) + ["", "---", ""] + half(True)) + "\n"

    def format_b(self) -> str:
        """Source comment, breadcrumbs, Chinese headings, `| a | b |` tables, fenced examples."""
        out = [f"<!-- Source: {self.url} -->", "", "* 衍生品", "* 小工具", f"* {self.title_zh}", "", "本页总览", "",
               f"# {self.title_zh}", "", "## 接口描述", "", self.description, "", "## HTTP请求", "",
               f"{self.method} `{self.path}`", "", "## 请求权重", "", self.weight, "", "## 请求参数", "",
               "| 名称 | 类型 | 是否必需 | 描述 |", "| --- | --- | --- | --- |"]
        out += [f"| {n} | {t} | {m} | {d} |" for n, t, m, d in self.params]
        out += [""] + [f"  * {n}" for n in self.notes] + ["", "## 响应示例", "", "```", *self.response.splitlines(),
                "```", "", "[上一页", "", "别的页](/docs/zh-CN/x)"]
        return "\n".join(out) + "\n"
