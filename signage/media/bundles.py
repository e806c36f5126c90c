"""HTML bundles: a .zip with an index.html, unpacked beside the .zip so its files are served
at `/media/m/<folder>/site/<path>` and relative links inside the bundle just work.

A zip's directory can lie: an entry may inflate to far more than the size it declares. Each
entry is therefore extracted with a running count of the bytes it really produces, refused as
soon as it passes its declared size or the bundle passes MAX_ZIP_EXPANDED, and a corrupt one
is refused (415) like any unreadable upload. Inflating is CPU work: it runs on a native thread
(signage.offload), the storage writes stay on the caller's greenlet.
"""

from __future__ import annotations

import mimetypes
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import IO

from signage.media.keys import folder_of, site_key
from signage.media.sniff import MAX_ZIP_EXPANDED, Unsupported
from signage.media.storage import Storage
from signage.offload import in_thread

CHUNK = 1024 * 1024


def extract(bundle_path: Path, target_dir: Path) -> list[tuple[str, Path]]:
    """Every file of the bundle written under `target_dir`, as (name in the bundle, path);
    Unsupported when an entry lies about its size, the whole passes MAX_ZIP_EXPANDED, or the
    archive is corrupt."""
    files: list[tuple[str, Path]] = []
    total = 0
    try:
        with zipfile.ZipFile(bundle_path) as bundle:
            for number, entry in enumerate(bundle.infolist()):
                if entry.is_dir():
                    continue
                path = target_dir / f"{number:05d}"
                with bundle.open(entry) as source, open(path, "wb") as out:
                    total += _copy_counted(source, out, entry, MAX_ZIP_EXPANDED - total)
                files.append((entry.filename, path))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # Bad CRC, truncated or encrypted entries, unknown compression methods.
        raise Unsupported(f"The .zip bundle is corrupt or encrypted: {str(exc)[:200]}") from exc
    return files


def _copy_counted(source: IO[bytes], out: IO[bytes], entry: zipfile.ZipInfo, budget: int) -> int:
    """Copy one entry, stopping as soon as it passes its declared size or the bundle's budget."""
    written = 0
    while chunk := source.read(CHUNK):
        written += len(chunk)
        if written > entry.file_size:
            name = entry.filename[:100]
            raise Unsupported(f"The .zip bundle is corrupt: {name!r} is larger than it declares.")
        if written > budget:
            raise Unsupported("The .zip bundle expands to more than 512 MB.")
        out.write(chunk)
    return written


def unpack(storage: Storage, bundle_key: str, bundle_path: Path) -> list[str]:
    """Store every file of the bundle (already checked by sniff) and return their keys. On
    failure the files stored so far are removed again."""
    folder = folder_of(bundle_key)
    keys: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = in_thread(extract, bundle_path, Path(tmp))
        try:
            for name, path in files:
                key = site_key(folder, name)
                content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                storage.put_file(key, path, content_type)
                keys.append(key)
        except BaseException:
            storage.delete(keys)
            raise
    return keys
