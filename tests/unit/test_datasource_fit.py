"""Which data sources a feed or a dataset media reads (datasources.rules.fit_problem)."""

from __future__ import annotations

import pytest

from signage.datasources.rules import fit_problem


@pytest.mark.parametrize(("media", "source"), [("RSS", "RSS"), ("DATASET", "CSV"), ("DATASET", "JSON_URL")])
def test_fitting_sources(media: str, source: str) -> None:
    assert fit_problem(media, source) is None


@pytest.mark.parametrize(
    ("media", "source"), [("RSS", "CSV"), ("RSS", "JSON_URL"), ("DATASET", "RSS"), ("WEBPAGE", "RSS")]
)
def test_other_pairs_are_refused(media: str, source: str) -> None:
    assert fit_problem(media, source) == "This data source cannot feed this type of media."
