"""Classify headings into the sections of an endpoint description and find request lines."""

from __future__ import annotations

import re
from functools import lru_cache

from .blocks import Block

# section kinds
DESCRIPTION = "description"
REQUEST = "request"
WEIGHT = "weight"
PARAMS = "params"
RESPONSE = "response"
NOTES = "notes"
LIMIT = "limit"  # an endpoint's own cap on calls ("Request Limit", "访问限制")
OTHER = "other"  # a heading that belongs to the endpoint but that we do not read (data source ...)

_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_SECTION_PATTERNS = [
    (DESCRIPTION, re.compile(r"^(api description|description|接口描述|接口说明|描述)$")),
    (REQUEST, re.compile(r"^(http\s*request|http\s*请求|请求方式|request url|endpoint)$")),
    (WEIGHT, re.compile(r"^(request\s*weight|weight|请求权重|权重|unfilled\s*order\s*count|未成交的?订单计数)"
                        r"(\s*[(（][^)）]*[)）])?([:：].*|\s+\S.*)?$")),
    (PARAMS, re.compile(r"^(request\s*parameters?|parameters?|请求参数|参数)(\s*[(（][^)）]*[)）])?$")),
    (RESPONSE, re.compile(r"^(response\s*examples?|responses?|响应示例|响应|返回示例|返回"
                          r"|response\s*(?:details?|fields?|parameters?)(?:\s*description)?|响应(?:详细)?(?:说明|字段|参数)|返回(?:字段|参数))"
                          r"(\s*[(（][^)）]*[)）])?$")),
    (NOTES, re.compile(r"^(notes?|注意|说明|备注|注意事项)$")),
    (LIMIT, re.compile(r"^(request\s*limits?|rate\s*limits?|访问限制|频率限制|限频|请求限制)$")),
    (OTHER, re.compile(r"^(data\s*source|数据源|method|request)$")),
]

_METHODS = "GET|POST|PUT|DELETE|PATCH"
# a line that is only an HTTP request: `GET /x`, GET `/x`, **GET** `/x`, GET /`x`, (HMAC SHA256) tail
REQUEST_LINE = re.compile(
    r"^[\s>`*]*(" + _METHODS + r")[\s`*]+/?[\s`]*((?:[A-Za-z0-9_.{}\-]+/)+[A-Za-z0-9_.{}\-*]*)"
    r"[\s`]*(\?[^\s`]*)?[\s`]*(\(HMAC SHA256\))?[\s`]*$"
)


def section_kind(block: Block) -> str | None:
    """The section a heading opens, or None when the heading is not a known section heading."""
    return _kind_of(block.text)


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _kind_of(heading: str) -> str | None:
    text = _SPACES.sub(" ", heading.replace("`", "")).strip().rstrip(":：").strip().lower()
    text = _CJK_GAP.sub("", text)
    for kind, pattern in _SECTION_PATTERNS:
        if pattern.match(text):
            return kind
    return None


# what a request line with a malformed path looks like (`GET /api/v3//order`, `GET /a b`): read so that
# path_problem can say what is wrong with it, never to make an endpoint
_LOOSE_REQUEST_LINE = re.compile(r"^[\s>`*]*(" + _METHODS + r")[\s`*]+(/[^`*]*?)[\s`*]*$")


def request_line(text: str) -> tuple[str, str] | None:
    """(METHOD, /path) when the first non-empty line of text is an HTTP request line (a query string
    written after the path is kept: path_problem refuses it)."""
    line = text.lstrip().partition("\n")[0].strip()  # the first line that is not blank (not every line split)
    if not line:
        return None
    m = REQUEST_LINE.match(line)
    if not m:
        loose = _LOOSE_REQUEST_LINE.match(line)
        return (loose.group(1), loose.group(2).strip()) if loose and "/" in loose.group(2)[1:] else None
    path = "/" + m.group(2).strip("/") + (m.group(3) or "")
    return m.group(1), path


_SEGMENT = re.compile(r"[A-Za-z0-9_\-{}.]+")


def path_problem(path: str) -> str | None:
    """Why a request line's path is no absolute API path (a query string, a dot segment, an empty
    segment, a character no API path has), or None."""
    if "?" in path:
        return "a query string"
    if not path.startswith("/") or any(c.isspace() for c in path):
        return "no absolute path"
    segments = path[1:].split("/")
    if any(s in (".", "..") for s in segments):
        return "a dot segment"
    if any(not s for s in segments):
        return "an empty segment"
    if not all(_SEGMENT.fullmatch(s) for s in segments):
        return "a character no API path has"
    return None


def heading_weight_value(block: Block) -> str:
    """The value written into a weight heading itself: `### 请求权重(UID)：2` -> "2"."""
    text = block.text
    m = re.match(r"^.*?(?:weight|权重|order\s*count|订单计数)\s*(?:[(（][^)）]*[)）])?\s*[:：]?\s*(.*)$", text, re.I)
    inline = m.group(1).strip() if m else ""
    return " ".join(x for x in (inline, block.value) if x)
