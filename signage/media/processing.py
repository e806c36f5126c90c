"""Work on media files on this machine: probe and transcode videos (ffmpeg), thumbnails of
images (EXIF orientation applied) and videos, PDF pages rendered as images (pypdfium2).

Functions take and return paths; storage and the database are the job's business
(signage.content.jobs). Every failure is a ProcessingError whose message a user can read.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from signage.media import ffmpeg_args
from signage.media.ffmpeg_args import Probe
from signage.media.sniff import MAX_IMAGE_PIXELS

THUMB_SIZE = (ffmpeg_args.THUMB_WIDTH, ffmpeg_args.THUMB_WIDTH)
# PDF pages are rendered to fit a 1920×1080 (or 1080×1920) screen.
PAGE_LONG_SIDE = 1920
MAX_PDF_PAGES = 200
PROBE_TIMEOUT = 60
# Below the RQ job timeout (signage.jobs.queue), so ffmpeg is stopped and the job ends in
# ERROR rather than being killed with the status left at PROCESSING.
ENCODE_TIMEOUT = 25 * 60


class ProcessingError(Exception):
    """The file could not be processed; the message is kept as the media's encodingError."""


def ffmpeg_binary() -> str:
    """FFMPEG_BINARY when set (a system build with hardware encoders), else the ffmpeg that
    the imageio-ffmpeg wheel ships, so `pip install` alone provides it."""
    configured = os.environ.get("FFMPEG_BINARY", "").strip()
    if configured:
        return configured
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv, capture_output=True, text=True, errors="replace", timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ProcessingError(f"ffmpeg took longer than {int(timeout)} s and was stopped.") from exc
    except OSError as exc:
        raise ProcessingError(f"ffmpeg could not be started: {exc.strerror or exc}") from exc


def probe(source: Path) -> Probe:
    done = _run(ffmpeg_args.probe_argv(ffmpeg_binary(), str(source)), PROBE_TIMEOUT)
    result = ffmpeg_args.parse_probe(done.stderr)
    if not result.has_video:
        raise ProcessingError(f"No video stream could be read: {ffmpeg_args.last_error_line(done.stderr)}")
    return result


@dataclass(frozen=True)
class EncodedVideo:
    path: Path
    thumbnail: Path
    probe: Probe


def encode_video(source: Path, workdir: Path) -> EncodedVideo:
    """H.264/AAC MP4 with faststart, its probed duration and size, and a JPEG thumbnail."""
    ffmpeg = ffmpeg_binary()
    found = probe(source)
    target = workdir / "encoded.mp4"
    argv = ffmpeg_args.encode_argv(ffmpeg, str(source), str(target), has_audio=found.has_audio)
    done = _run(argv, ENCODE_TIMEOUT)
    if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise ProcessingError(f"The video could not be encoded: {ffmpeg_args.last_error_line(done.stderr)}")
    encoded = probe(target)
    if not encoded.duration or encoded.duration <= 0:
        raise ProcessingError("The encoded video has no duration: the file is probably damaged.")
    thumbnail = workdir / "thumbnail.jpg"
    at = ffmpeg_args.thumbnail_instant(encoded.duration)
    done = _run(ffmpeg_args.thumbnail_argv(ffmpeg, str(target), str(thumbnail), at_seconds=at), PROBE_TIMEOUT)
    if done.returncode != 0 or not thumbnail.exists() or thumbnail.stat().st_size == 0:
        raise ProcessingError(f"No thumbnail could be made: {ffmpeg_args.last_error_line(done.stderr)}")
    return EncodedVideo(path=target, thumbnail=thumbnail, probe=encoded)


def image_thumbnail(source: Path, target: Path) -> tuple[int, int]:
    """A JPEG thumbnail turned as the camera meant (EXIF orientation); returns the image's
    displayed width and height."""
    from PIL import Image, ImageOps

    try:
        with Image.open(source) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ProcessingError("The image has too many pixels.")
            upright = ImageOps.exif_transpose(image)
            size = upright.size
            upright.thumbnail(THUMB_SIZE)
            _save_jpeg(upright, target)
    except ProcessingError:
        raise
    except Exception as exc:
        raise ProcessingError(f"The image could not be read: {exc}") from exc
    return size


def _save_jpeg(image, target: Path) -> None:
    from PIL import Image

    if image.mode not in ("RGB", "L"):
        # Transparent areas become white, as they would look on a slide.
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.save(target, "JPEG", quality=85, optimize=True)


@dataclass(frozen=True)
class RenderedPdf:
    pages: list[Path]
    thumbnail: Path
    width: int  # of page 1 as rendered
    height: int


def render_pdf(source: Path, workdir: Path) -> RenderedPdf:
    """Every page as a PNG whose long side is PAGE_LONG_SIDE, and a thumbnail of page 1."""
    import pypdfium2 as pdfium
    from PIL import Image

    try:
        document = pdfium.PdfDocument(str(source))
    except Exception as exc:
        raise ProcessingError(f"The PDF cannot be opened: {exc}") from exc
    try:
        count = len(document)
        if count == 0:
            raise ProcessingError("The PDF has no pages.")
        if count > MAX_PDF_PAGES:
            raise ProcessingError(f"The PDF has {count} pages: at most {MAX_PDF_PAGES}.")
        pages: list[Path] = []
        for index in range(count):
            page = document[index]
            try:
                width, height = page.get_size()
                scale = PAGE_LONG_SIDE / max(width, height, 1)
                image = page.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
            finally:
                page.close()
            path = workdir / f"page-{index + 1:04d}.png"
            image.save(path, "PNG", optimize=True)
            pages.append(path)
    except ProcessingError:
        raise
    except Exception as exc:
        raise ProcessingError(f"The PDF could not be rendered: {exc}") from exc
    finally:
        document.close()
    thumbnail = workdir / "thumbnail.jpg"
    with Image.open(pages[0]) as first:
        size = first.size
        first.thumbnail(THUMB_SIZE)
        _save_jpeg(first, thumbnail)
    return RenderedPdf(pages=pages, thumbnail=thumbnail, width=size[0], height=size[1])
