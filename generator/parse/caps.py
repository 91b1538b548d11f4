"""An endpoint's own cap on calls, in a weight section or a note (EN and ZH), as a RAW_REQUESTS weight
with an interval and a limit: "IP rate limit 1000 requests/5min", "share 500/5min/IP rate limit",
"Request Limitation is 10 times per month", "You can only use this function 500 times per hour",
"存在每月10次的请求限制", "每小时360次，每天500次", "每个母账户每分钟上限2000次".

Windows are named as Binance names them (timeunits.window): a month is counted over its shortest
length, so the client never holds back a call the server would accept. An order-count limit
("Order rate limit 300/10s") is no cap on calls.
"""

from __future__ import annotations

import re

from ..model import Text, Weight
from . import timeunits
from .rules import sentences

_UNIT = r"(?P<u>" + timeunits.WORDS + r"|s|m|h|d)"
CAP_PHRASINGS = (
    # "1000 requests/5min", "500/5min/IP" (with words that say it is a rate limit)
    ("per-slash-window", re.compile(r"(?P<n>\d+)\s*(?:requests?|calls?|times|次)?\s*/\s*(?P<w>\d*)\s*" + _UNIT
                                    + r"(?:\s*/\s*IP)?", re.I), True),
    # "10 times per month", "10 requests per second", "2000 times a minute"
    ("times-per-window", re.compile(r"(?P<n>\d+)\s*(?:times|requests?|calls?)\s+(?:per|a|an|each|every|in\s+a)\s+"
                                    r"(?P<w>\d*)\s*" + _UNIT, re.I), False),
    # "每月10次", "每小时仅能被调用500次", "每分钟上限2000次", "每秒最多请求 10 次"
    ("zh-each-window", re.compile(r"每\s*(?P<w>\d*)\s*(?:个)?\s*" + _UNIT + r"\s*(?:最多|仅能|只能|上限|限制|不超过)?\s*"
                                  r"(?:被)?(?:请求|调用|访问)?\s*(?:为)?\s*(?P<n>\d+)\s*次"), False),
)
_CAP_CONTEXT = re.compile(r"rate limit|限频|频率|共享|\bIP\b", re.I)
_ORDER = re.compile(r"\border|订单", re.I)


def request_caps(texts: list[str], lang: str) -> list[Weight]:
    """The endpoint's own limits on calls per window the texts state (at most one per window)."""
    out: list[Weight] = []
    for text in texts:
        plain = text.replace("**", "").replace("__", "")
        for sentence in sentences(plain):
            if _ORDER.search(sentence):
                continue
            for _name, pattern, needs_context in CAP_PHRASINGS:
                if needs_context and not _CAP_CONTEXT.search(sentence):
                    continue
                for m in pattern.finditer(sentence):
                    interval = timeunits.window(int(m.group("w") or 1), m.group("u"))
                    if interval is None or any(w.interval == interval for w in out):
                        continue
                    out.append(Weight(unit="RAW_REQUESTS", value=1, interval=interval, limit=int(m.group("n")),
                                      raw=Text(**{lang: sentence.strip()})))
    return out
