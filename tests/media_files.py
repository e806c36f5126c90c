"""Real media files made by the tests: images with Pillow, videos with ffmpeg, PDFs with
pypdfium2. Each returns the file's bytes."""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image


def png(width: int = 64, height: int = 48, color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg_rotated(width: int = 80, height: int = 40) -> bytes:
    """Stored landscape (80×40) with EXIF Orientation 6: displayed portrait (40×80)."""
    image = Image.new("RGB", (width, height), "blue")
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A valid PNG header claiming 900 megapixels, with a tiny (truncated) body: decoding it
    would need gigabytes. Built by hand so making it costs nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def ffmpeg() -> str:
    from signage.media.processing import ffmpeg_binary

    return ffmpeg_binary()


def mp4(tmp: Path, seconds: float = 2.0, size: str = "320x240", faststart: bool = False) -> bytes:
    """A test pattern with a tone, in H.264/AAC (the index at the end unless faststart)."""
    target = tmp / f"made-{seconds}-{size}.mp4"
    argv = [
        ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc=size={size}:rate=25:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
    ]  # fmt: skip
    if faststart:
        argv += ["-movflags", "+faststart"]
    subprocess.run([*argv, str(target)], check=True, capture_output=True, timeout=120)
    return target.read_bytes()


def truncated_mp4(tmp: Path) -> bytes:
    """The first half of an MP4 whose index is at the end: the index is lost."""
    data = mp4(tmp, seconds=2.0)
    return data[: len(data) // 2]


def pdf(pages: int = 2) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)  # A4 portrait, in points
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()
