"""An uploaded file copied to a private temporary file, counted and hashed on the way."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 256 * 1024


class TooLarge(Exception):
    pass


@dataclass(frozen=True)
class Received:
    path: Path
    size: int
    sha256: str


def receive(stream: BinaryIO, limit: int) -> Received:
    """Copy `stream` to a temporary file (the caller removes it); TooLarge past `limit` bytes,
    noticed while reading, with the partial file already removed."""
    fd, name = tempfile.mkstemp(prefix="signage-upload-")
    path = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Received(path=path, size=size, sha256=digest.hexdigest())


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
