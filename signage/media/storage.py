"""The storage interface and the one way to get the app's backend.

Two backends hold the same objects under the same keys (signage.media.keys): a local folder
(STORAGE=local, the default) and an S3 bucket (STORAGE=s3, any S3-compatible service).
Callers never learn which one they talk to; the contract tests run against both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

from signage.config import Settings
from signage.media.objects import ObjectInfo
from signage.media.storage_local import LocalStorage
from signage.media.storage_s3 import S3Storage

EXTENSION_KEY = "signage.storage"


class Storage(Protocol):
    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Store the file at `path` under `key` (replacing any object there)."""

    def download(self, key: str, dest: Path) -> None:
        """Copy the object to `dest`; FileNotFoundError when it does not exist."""

    def stat(self, key: str) -> ObjectInfo | None: ...

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """The bytes [start, stop) of the object, in chunks."""

    def list(self, prefix: str) -> list[str]:
        """The keys under `prefix`, sorted."""

    def delete(self, keys: list[str]) -> None:
        """Remove these objects; missing ones are not an error."""

    def local_path(self, key: str) -> Path | None:
        """The object as a file on this machine, when the backend has one (so the web server
        can send it with sendfile); None otherwise."""


def build_storage(settings: Settings) -> Storage:
    if settings.storage == "s3":
        return S3Storage(
            bucket=settings.s3_bucket or "",
            region=settings.s3_region,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key,
            endpoint_url=settings.s3_endpoint_url,
        )
    return LocalStorage(Path(settings.storage_dir))


def get_storage(app: Flask | None = None) -> Storage:
    """The app's backend, built on first use (no connection is made at start)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    storage = app.extensions.get(EXTENSION_KEY)
    if storage is None:
        storage = app.extensions[EXTENSION_KEY] = build_storage(app.config["SIGNAGE"])
    return storage
