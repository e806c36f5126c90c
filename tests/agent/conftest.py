from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agent.agent_support import Kiosk


@pytest.fixture
def kiosk_factory(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    made: list[Kiosk] = []

    def make(**settings: str) -> Kiosk:
        kiosk = Kiosk.create(tmp_path / f"kiosk{len(made)}", **settings)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.stop()


@pytest.fixture
def agent(kiosk_factory) -> Kiosk:  # type: ignore[no-untyped-def]
    """A running agent with generous flood limits (no launcher, no browser)."""
    kiosk = kiosk_factory()
    kiosk.run()
    return kiosk
