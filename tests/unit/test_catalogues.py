"""Every text the code, the templates and the player mark for translation is in both catalogues,
translated, with the same placeholders (CONTRACT §14). Extracted with pybabel, as a translator
would. The player's texts carry the msgctxt "player" (static/player/src/i18n)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "signage" / "translations"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[object, object], object]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "N_plural:1,2", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as fh:
        # Keyed (context, msgid): the same English may be the console's and the player's.
        return {(message.context, message.id): message for message in read_po(fh) if message.id}


def catalogue(locale: str):  # type: ignore[no-untyped-def]
    with (CATALOGUES / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def test_extraction_finds_the_console(extracted) -> None:
    # A broken babel.cfg would extract nothing and let every catalogue pass.
    for text in (
        "Skip to content",
        "Sign in to Signage",
        "Screens",
        "Update available",
        "Wrong email or password.",
    ):
        assert (None, text) in extracted
    assert ("player", "Content unavailable") in extracted
    assert len(extracted) > 300


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_every_text_is_translated(extracted, locale: str) -> None:
    messages = catalogue(locale)
    missing = [key for key in extracted if _get(messages, key) is None]
    assert not missing, f"{locale} lacks {len(missing)}: {missing[:10]} (see signage/translations/README.md)"
    empty = [key for key in extracted if not all(_strings(_get(messages, key)))]
    assert not empty, f"{locale} leaves untranslated: {empty[:10]}"
    fuzzy = [key for key in extracted if _get(messages, key).fuzzy]
    assert not fuzzy, f"{locale} has unconfirmed (fuzzy) translations: {fuzzy[:10]}"


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_translations_keep_the_placeholders(extracted, locale: str) -> None:
    messages = catalogue(locale)
    for key in extracted:
        msgid = key[1]
        english = msgid if isinstance(msgid, str) else msgid[-1]
        expected = set(PLACEHOLDER.findall(english))
        for text in _strings(_get(messages, key)):
            assert set(PLACEHOLDER.findall(text)) == expected, (locale, key, text)


def test_french_uses_the_products_own_words() -> None:
    french = catalogue("fr")
    for english, words in {
        "Screens": "Écrans",
        "Media": "Médias",
        "Playlists": "Listes de lecture",
        "Schedules": "Planification",
        "Alerts": "Alertes",
        "Monitoring": "Surveillance",
        "Update available": "Mise à jour disponible",
        "ONLINE": "En ligne",
        "OFFLINE": "Hors ligne",
        "WARNING": "Inactif",
    }.items():
        assert french.get(english).string == words


def test_the_player_speaks_french() -> None:
    assert catalogue("fr").get("Content unavailable", context="player").string == "Contenu indisponible"


def _get(messages, key):  # type: ignore[no-untyped-def]
    context, msgid = key
    return messages.get(msgid, context=context)


def _strings(message) -> list[str]:  # type: ignore[no-untyped-def]
    value = message.string
    return list(value) if isinstance(value, tuple) else [value]
