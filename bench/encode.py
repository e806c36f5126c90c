"""How long the encode-video processing takes here for a 60 s 1080p video.

    .venv/bin/python bench/encode.py [--seconds 60] [--size 1920x1080]

Makes a test pattern with a tone (x264 ultrafast, so making it is quick), then times
signage.media.processing.encode_video on it: the probe, the H.264/AAC faststart encode and
the thumbnail, exactly what the job runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from signage.media.processing import encode_video, ffmpeg_binary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        source = workdir / "source.mp4"
        subprocess.run(
            [
                ffmpeg_binary(),
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"testsrc2=size={args.size}:rate=30:duration={args.seconds}",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency=440:duration={args.seconds}",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                str(source),
            ],  # fmt: skip
            check=True,
        )
        start = time.perf_counter()
        result = encode_video(source, workdir)
        elapsed = time.perf_counter() - start
        print(
            f"{args.seconds:g} s {args.size} -> {result.probe.width}x{result.probe.height}, "
            f"{result.probe.duration:.2f} s, {result.path.stat().st_size / 1e6:.1f} MB: "
            f"encoded in {elapsed:.1f} s ({args.seconds / elapsed:.2f}x real time) with {ffmpeg_binary()}"
        )


if __name__ == "__main__":
    main()
