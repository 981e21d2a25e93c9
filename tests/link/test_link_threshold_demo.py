"""Claim linking at the default threshold on the demo corpus (bench/linking.py measures the
whole sweep): the withdrawal rumour's wordings, picked out by the bench's keyword rule,
mostly form one canonical claim, and no claim of the unrelated news joins it."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "linking.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_linking", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[Any], dict[str, str]]:
    from claimwatch.link.embed import embed
    from claimwatch.settings import Settings

    bench = _bench()
    items = bench.demo_claims(tmp_path_factory.mktemp("link-threshold"))
    vectors = embed([c.text for c in items])
    return bench, items, bench.link_demo(items, vectors, Settings().link_threshold)


@pytest.mark.slow
def test_link_threshold_demo_rumour_wordings_mostly_form_one_claim(linked):
    bench, items, links = linked
    cluster = bench.rumour_cluster(items, links)
    assert cluster.rumour_total >= 35  # the keyword rule still finds the wordings
    assert cluster.rumour / cluster.rumour_total >= 0.6  # 27 of 41 in March 2026
    assert cluster.articles >= 12


@pytest.mark.slow
def test_link_threshold_demo_no_unrelated_claim_joins_the_rumour(linked):
    bench, items, links = linked
    cluster = bench.rumour_cluster(items, links)
    assert cluster.intruders == 0
    rumour = Counter(links[c.id] for c in items if c.label == "rumour").most_common(1)[0][0]
    fuel = Counter(links[c.id] for c in items if c.label == "fuel").most_common(1)[0][0]
    assert rumour != fuel
