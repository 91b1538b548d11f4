"""Which base URL an endpoint is called on, and so what makes two endpoints the same one.

Most paths name their base URL in their first segment (`/fapi/v1/...` goes to fapi). A few do not:
`/futures/data/basis` is documented by USDⓈ-M futures (served by fapi) and by COIN-M futures
(served by dapi) with different parameters. Those take the base URL of the product whose pages
document them, and an endpoint is identified by (method, path, base URL key).
"""

from __future__ import annotations

from .config import DEFAULT_BASE_URLS
from .model import Endpoint

# First path segments that name a base URL (the runtime's keys; templates/package/binance_api/_core.py).
BASE_KEYS = frozenset(DEFAULT_BASE_URLS)
# The base URL key of a product whose paths do not start with one of BASE_KEYS.
PRODUCT_BASES = {"usds_futures": "fapi", "coin_futures": "dapi", "options": "eapi", "portfolio_margin": "papi",
                 "spot": "api"}


def first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]


def product_base(ep: Endpoint) -> str | None:
    """The base URL key a path that does not name one takes from its product; None for paths that
    name theirs (and for products without a base URL of their own)."""
    if first_segment(ep.path) in BASE_KEYS:
        return None
    return PRODUCT_BASES.get(ep.product)


def base_key(ep: Endpoint) -> str:
    """The base URL key a call goes to ("" when neither the path nor the product says)."""
    return product_base(ep) or (first_segment(ep.path) if first_segment(ep.path) in BASE_KEYS else "")


def endpoint_key(ep: Endpoint) -> tuple[str, str, str]:
    """What identifies an endpoint across pages, spec sets and revisions: (method, path, base URL key)."""
    return ep.method, ep.path, base_key(ep)
