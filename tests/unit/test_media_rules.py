"""The media library's pure rules: keys, ffmpeg argv and report reading, user values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from signage.content import media_rules
from signage.core.wire import parse_instant
from signage.media import ffmpeg_args, keys

DIGEST = "ab" * 32


def test_keys_are_random_per_folder_content_addressed_and_never_paths() -> None:
    one, two = keys.new_folder(), keys.new_folder()
    assert one != two
    key = keys.content_key(one, DIGEST, "png")
    assert keys.is_valid_key(key) and keys.folder_of(key) == one
    assert keys.content_key(one, "cd" * 32, "png") != key
    page = keys.content_key(one, DIGEST, "png", page=3)
    assert keys.page_number(page) == 3 and keys.page_number(key) is None
    for bad in ("m/../x.png", one + "../" + DIGEST[:32] + ".png", "/etc/passwd", one + "x.png", ""):
        assert not keys.is_valid_key(bad)
    with pytest.raises(ValueError):
        keys.content_key("../", DIGEST, "png")
    with pytest.raises(ValueError):
        keys.content_key(one, DIGEST, "exe")


REPORT = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 1205 kb/s
  Stream #0:0[0x1](und): Video: h264 (High), yuv420p(progressive), 1920x1080 [SAR 1:1 DAR 16:9], 25 fps
      Side data:
        displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s
At least one output file must be specified"""


def test_probe_report_reading() -> None:
    found = ffmpeg_args.parse_probe(REPORT)
    assert found.duration == pytest.approx(62.5)
    assert (found.width, found.height) == (1080, 1920)  # rotated: as displayed
    assert found.has_video and found.has_audio
    broken = ffmpeg_args.parse_probe("[mov,mp4 @ 0x1] moov atom not found\nin.mp4: Invalid data found")
    assert not broken.has_video and broken.duration is None
    assert ffmpeg_args.last_error_line("a\nin.mp4: Invalid data found when processing input\n") == (
        "in.mp4: Invalid data found when processing input"
    )


def test_encode_argv_is_h264_aac_faststart() -> None:
    argv = ffmpeg_args.encode_argv("ffmpeg", "in.mov", "out.mp4", has_audio=True)
    assert argv[argv.index("-c:v") + 1] == "libx264" and argv[argv.index("-c:a") + 1] == "aac"
    assert "+faststart" in argv and argv[-1] == "out.mp4"
    assert "-an" in ffmpeg_args.encode_argv("ffmpeg", "in.mov", "out.mp4", has_audio=False)
    assert ffmpeg_args.thumbnail_instant(None) == 0 and ffmpeg_args.thumbnail_instant(3) == pytest.approx(0.3)


def test_user_values() -> None:
    assert media_rules.clean_tags([" a ", "A", "b  c", ""]) == ["a", "b c"]
    with pytest.raises(ValueError):
        media_rules.clean_tags(["x"] * 0 + [str(i) for i in range(21)])
    assert media_rules.default_name("C:\\Users\\me\\../Summer sale.final.mp4") == "Summer sale.final"
    assert media_rules.default_name("") == "Untitled"
    assert parse_instant("2026-03-29T02:30:00+02:00") == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_instant("2026-03-29T02:30:00")
    with pytest.raises(ValueError):
        media_rules.clean_url("file:///etc/passwd")
    with pytest.raises(ValueError):
        media_rules.clean_url("https://user:pw@example.com/")
    with pytest.raises(ValueError):
        media_rules.clean_duration(0)
    at = datetime(2026, 5, 1, tzinfo=UTC)
    assert media_rules.is_showable(None, at, datetime(2026, 4, 30, tzinfo=UTC))
    assert not media_rules.is_showable(None, at, at)


def test_plain_http_web_pages_need_the_setting() -> None:
    media_rules.check_webpage_url("https://intranet.example/board", allow_http=False)
    media_rules.check_webpage_url("http://10.0.0.7/board", allow_http=True)
    for url in ("http://10.0.0.7/board", "HTTP://dash.example/"):
        with pytest.raises(ValueError, match="ALLOW_HTTP_WEBPAGES=true"):
            media_rules.check_webpage_url(url, allow_http=False)
