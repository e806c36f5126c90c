"""STORAGE=local: objects are files under STORAGE_DIR, one per key."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from signage.media.keys import is_storage_key
from signage.media.objects import ObjectInfo

CHUNK = 256 * 1024


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        # Keys are validated, so a key can never climb out of the root.
        if not is_storage_key(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy then rename: a reader never sees half an object.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".put-")
        try:
            with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
                shutil.copyfileobj(src, out, CHUNK)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def download(self, key: str, dest: Path) -> None:
        shutil.copyfile(self._path(key), dest)

    def stat(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return None
        # The key carries the content digest: it is the object's strong validator.
        etag = hashlib.sha256(key.encode()).hexdigest()[:32]
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        return ObjectInfo(size=size, etag=etag, content_type=content_type)

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        with open(self._path(key), "rb") as src:
            src.seek(start)
            remaining = None if stop is None else stop - start
            while remaining is None or remaining > 0:
                chunk = src.read(CHUNK if remaining is None else min(CHUNK, remaining))
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk

    def list(self, prefix: str) -> list[str]:
        base = self.root / prefix.rsplit("/", 1)[0] if "/" in prefix else self.root
        if not base.is_dir():
            return []
        keys = []
        for path in base.rglob("*"):
            if path.is_file():
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix) and is_storage_key(key):
                    keys.append(key)
        return sorted(keys)

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            path = self._path(key)
            path.unlink(missing_ok=True)
            try:
                path.parent.rmdir()  # the media's folder, once empty
            except OSError:
                pass

    def local_path(self, key: str) -> Path | None:
        return self._path(key)
