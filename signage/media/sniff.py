"""What an uploaded file is, from its bytes (never its name or the client's Content-Type)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from signage.core.errors import N_, Text
from signage.media.keys import is_site_path
from signage.models.enums import MediaType

# Above this many pixels an image is refused before it is decoded: a small PNG can claim
# a size that would take gigabytes of memory to open (a decompression bomb).
MAX_IMAGE_PIXELS = 64_000_000
# A .zip bundle: bounded by entries and by what it expands to.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED = 512 * 1024 * 1024
# Web pages, scripts and styles deflate 3 to 10 times, media not at all: a bundle that claims
# to expand 100 times over (past a few MB, where the ratio starts to matter) is a bomb.
MAX_ZIP_RATIO = 100
ZIP_RATIO_FLOOR = 16 * 1024 * 1024
HTML_SNIFF_BYTES = 4096

IMAGE_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif"),
                 "WEBP": ("image/webp", "webp")}  # fmt: skip


class Unsupported(Exception):
    """The file is not something the library can show (415); the message says why."""


@dataclass(frozen=True)
class Detected:
    type: MediaType
    mime_type: str
    ext: str
    width: int | None = None
    height: int | None = None


def detect(path: Path) -> Detected:
    with open(path, "rb") as src:
        head = src.read(HTML_SNIFF_BYTES)
    if not head:
        raise Unsupported(N_("The file is empty."))
    if head.startswith(b"%PDF-"):
        return Detected(MediaType.PDF, "application/pdf", "pdf")
    video = _video_container(head)
    if video:
        return Detected(MediaType.VIDEO, video[0], video[1])
    if head.startswith(b"PK\x03\x04"):
        _check_bundle(path)
        return Detected(MediaType.HTML, "application/zip", "zip")
    if _looks_like_html(head):
        return Detected(MediaType.HTML, "text/html", "html")
    return _image(path)


def _video_container(head: bytes) -> tuple[str, str] | None:
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand.startswith(b"qt"):
            return "video/quicktime", "mov"
        if brand.startswith((b"heic", b"heix", b"mif1", b"msf1", b"avif")):
            return None  # still images in an ISO container: not videos
        return "video/mp4", "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm", "webm"
    return None


def _looks_like_html(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # The sniff window may cut a multi-byte character: retry without the last 3 bytes.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    start = text.lstrip("\ufeff \t\r\n").lower()
    return start.startswith(("<!doctype html", "<html")) or (start.startswith("<") and "<html" in start)


def _check_bundle(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as bundle:
            entries = bundle.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unsupported(N_("The .zip file cannot be read.")) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise Unsupported(Text(N_("The .zip bundle has more than %(count)s files."), count=MAX_ZIP_ENTRIES))
    expanded = sum(entry.file_size for entry in entries)
    if expanded > MAX_ZIP_EXPANDED:
        raise Unsupported(N_("The .zip bundle expands to more than 512 MB."))
    if expanded > ZIP_RATIO_FLOOR and expanded > MAX_ZIP_RATIO * max(1, path.stat().st_size):
        raise Unsupported(
            Text(
                N_("The .zip bundle expands more than %(ratio)s times its size: refused as a zip bomb."),
                ratio=MAX_ZIP_RATIO,
            )
        )
    names = {entry.filename for entry in entries}
    for name in names:
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise Unsupported(N_("The .zip bundle has a file outside its own folder."))
    for entry in entries:
        if not entry.is_dir() and not is_site_path(entry.filename):
            raise Unsupported(
                Text(
                    N_(
                        "The .zip bundle has a file name this server cannot serve: %(name)s "
                        "(use letters, digits, spaces and _ . ( ) + - ; no hidden files)."
                    ),
                    name=repr(entry.filename[:100]),
                )
            )
    if "index.html" not in names:
        raise Unsupported(N_("A .zip bundle must hold an index.html at its root."))


def _image(path: Path) -> Detected:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            fmt = image.format or ""
            width, height = image.size
            if fmt not in IMAGE_FORMATS:
                raise Unsupported(Text(N_("Unsupported image format %(format)s."), format=fmt or "unknown"))
            if width * height > MAX_IMAGE_PIXELS:
                raise Unsupported(
                    Text(
                        N_("The image is %(width)s×%(height)s pixels: at most %(maximum)s pixels."),
                        width=width,
                        height=height,
                        maximum=MAX_IMAGE_PIXELS,
                    )
                )
            image.verify()
    except Unsupported:
        raise
    except Image.DecompressionBombError as exc:
        raise Unsupported(N_("The image claims an unreasonable size (decompression bomb).")) from exc
    except UnidentifiedImageError as exc:
        raise Unsupported(
            N_(
                "Unsupported file: images (PNG, JPEG, GIF, WebP), videos (MP4, MOV, WebM), PDF and HTML "
                "are accepted."
            )
        ) from exc
    except Exception as exc:  # a truncated or corrupt image fails verify() in many ways
        raise Unsupported(N_("The image is damaged and cannot be read.")) from exc
    mime, ext = IMAGE_FORMATS[fmt]
    return Detected(MediaType.IMAGE, mime, ext, width, height)
