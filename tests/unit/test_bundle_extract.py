"""Extraction counts the bytes each entry really produces."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from signage.media import bundles
from signage.media.sniff import Unsupported


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_files_come_out_with_their_names(tmp_path: Path) -> None:
    source = tmp_path / "b.zip"
    source.write_bytes(_zip({"index.html": b"<html></html>", "css/": b"", "css/a.css": b"a{}"}))
    out = tmp_path / "out"
    out.mkdir()
    files = bundles.extract(source, out)
    assert [(name, path.read_bytes()) for name, path in files] == [
        ("index.html", b"<html></html>"),
        ("css/a.css", b"a{}"),
    ]


def test_the_running_total_stops_the_bundle_at_its_budget(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(bundles, "MAX_ZIP_EXPANDED", 3 * bundles.CHUNK)
    source = tmp_path / "b.zip"
    source.write_bytes(_zip({"a.bin": bytes(2 * bundles.CHUNK), "b.bin": bytes(2 * bundles.CHUNK)}))
    with pytest.raises(Unsupported, match="more than 512 MB"):
        bundles.extract(source, tmp_path)
