"""QR codes as inline SVG (rendered on the server: no script, nothing fetched)."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg

_SIZE_ATTRS = re.compile(r'\s(width|height)="[^"]*"')


def qr_svg(text: str) -> str:
    """An SVG that scales to its container (the fixed mm size qrcode writes is dropped)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    head, sep, rest = svg.partition(">")
    return _SIZE_ATTRS.sub("", head) + ' role="img" aria-label="QR code of the activation link"' + sep + rest
