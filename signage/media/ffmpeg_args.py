"""ffmpeg command lines and the reading of ffmpeg's stream report. Pure (standard library).

Only ffmpeg is needed (imageio-ffmpeg ships it, ffprobe it does not): `ffmpeg -i FILE` with no
output prints the container's duration and streams, which `parse_probe` reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Screens are at most 4K; anything larger is scaled down, keeping the aspect ratio.
MAX_WIDTH = 3840
MAX_HEIGHT = 2160
THUMB_WIDTH = 480

_DURATION_RE = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_VIDEO_RE = re.compile(r"Stream #\S+.*?: Video: .*?(?<![0-9])(\d{2,5})x(\d{2,5})(?![0-9])")
_AUDIO_RE = re.compile(r"Stream #\S+.*?: Audio: ")
_ROTATE_RE = re.compile(r"(?:rotate\s*:\s*|rotation of )(-?\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Probe:
    duration: float | None
    width: int | None
    height: int | None
    has_video: bool
    has_audio: bool


def probe_argv(ffmpeg: str, source: str) -> list[str]:
    return [ffmpeg, "-hide_banner", "-nostdin", "-i", source]


def parse_probe(report: str) -> Probe:
    """Read `ffmpeg -i` output. Dimensions are as displayed (a 90° rotation swaps them)."""
    duration = None
    match = _DURATION_RE.search(report)
    if match:
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    video = _VIDEO_RE.search(report)
    width = height = None
    if video:
        width, height = int(video.group(1)), int(video.group(2))
        rotation = _ROTATE_RE.search(report)
        if rotation and round(abs(float(rotation.group(1)))) % 180 == 90:
            width, height = height, width
    return Probe(
        duration=duration,
        width=width,
        height=height,
        has_video=video is not None,
        has_audio=_AUDIO_RE.search(report) is not None,
    )


def encode_argv(ffmpeg: str, source: str, target: str, *, has_audio: bool) -> list[str]:
    """H.264 (yuv420p, even dimensions, at most 4K) + AAC in an MP4 with the index first
    (faststart), so a player can start while downloading and seek with Range requests."""
    scale = (
        f"scale='min({MAX_WIDTH},iw)':'min({MAX_HEIGHT},ih)':force_original_aspect_ratio=decrease,"
        "scale=trunc(iw/2)*2:trunc(ih/2)*2"
    )
    argv = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-i", source, "-map", "0:v:0"]
    if has_audio:
        argv += ["-map", "0:a:0"]
    argv += [
        "-vf", scale,
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high",
        "-pix_fmt", "yuv420p",
    ]  # fmt: skip
    argv += ["-c:a", "aac", "-b:a", "128k", "-ac", "2"] if has_audio else ["-an"]
    argv += ["-sn", "-dn", "-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4", target]
    return argv


def thumbnail_argv(ffmpeg: str, source: str, target: str, *, at_seconds: float) -> list[str]:
    """One frame as a JPEG, THUMB_WIDTH wide."""
    return [
        ffmpeg, "-hide_banner", "-nostdin", "-y", "-ss", f"{at_seconds:.3f}", "-i", source,
        "-frames:v", "1", "-vf", f"scale={THUMB_WIDTH}:-2", "-q:v", "4", "-f", "image2", target,
    ]  # fmt: skip


def thumbnail_instant(duration: float | None) -> float:
    """A frame a little into the video (the first is often black), never past its end."""
    if not duration or duration <= 0:
        return 0.0
    return min(1.0, duration / 10)


def last_error_line(report: str) -> str:
    """The most telling line of a failed ffmpeg run, short enough to show a user."""
    lines = [line.strip() for line in report.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        lowered = line.lower()
        if any(word in lowered for word in ("error", "invalid", "not found", "no such", "corrupt", "failed")):
            return line[:300]
    return (lines[-1] if lines else "ffmpeg failed")[:300]
