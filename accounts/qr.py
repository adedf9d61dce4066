"""QR codes as SVG markup (segno): drawn with paths and presentation attributes only, so the strict CSP (no inline
style) lets them show inline."""

import io

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str) -> SafeString:
    """An <svg> of `data`, sized by CSS (`.qr`), dark on white with the quiet zone scanners need."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        svgclass="qr",
        lineclass=None,
        omitsize=True,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 - segno escapes the title; the rest is its own paths
