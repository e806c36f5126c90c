"""HTML bundles: a .zip with an index.html, unpacked beside the .zip so its files are served
at `/media/m/<folder>/site/<path>` and relative links inside the bundle just work."""

from __future__ import annotations

import mimetypes
import shutil
import tempfile
import zipfile
from pathlib import Path

from signage.media.keys import folder_of, site_key
from signage.media.storage import Storage

CHUNK = 1024 * 1024


def unpack(storage: Storage, bundle_key: str, bundle_path: Path) -> list[str]:
    """Store every file of the bundle (already checked by sniff) and return their keys. On
    failure the files stored so far are removed again."""
    folder = folder_of(bundle_key)
    keys: list[str] = []
    try:
        with zipfile.ZipFile(bundle_path) as bundle, tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "entry"
            for entry in bundle.infolist():
                if entry.is_dir():
                    continue
                key = site_key(folder, entry.filename)
                with bundle.open(entry) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, CHUNK)
                content_type = mimetypes.guess_type(entry.filename)[0] or "application/octet-stream"
                storage.put_file(key, target, content_type)
                keys.append(key)
    except BaseException:
        storage.delete(keys)
        raise
    return keys
