"""Property: mutated real-looking pages give diagnostics, never an exception, and whatever endpoints
come out render to code that compiles and passes the ast audit. `scripts/fuzz_long.py` runs the same
property for tens of thousands of examples."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from .mutate import check_page, pages, seeds


def test_seeds_pass_the_property() -> None:
    assert sum(check_page(s) for s in seeds()) >= len(seeds())  # every seed is an endpoint page


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pages())
def test_mutated_pages(text: str) -> None:
    check_page(text)


def test_one_mutated_page_through_black() -> None:
    text = seeds()[1].replace("Name| Type", "Name|\ufeff Type").replace("**1**", '**1** """ {{ x }}')
    check_page(text, black=True)
