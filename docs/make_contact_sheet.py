"""Regenerate docs/contact-sheet.png: twelve dreams of the shared corpus rendered by the local renderer, three frames
of each (0 s, 1.7 s, 3.3 s) decoded from the real clip, with the symbols each drew.

.venv/bin/python docs/make_contact_sheet.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import av
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus import distinct_dreams
from videogen.render import drawn_symbols, render_clip

DOCS = Path(__file__).resolve().parent
FRAMES = (0, 40, 80)
CELL_W, CELL_H, LABEL = 180, 320, 30
PER_ROW = 3  # dreams a row, three frames each


def frames_of(video: Path) -> list[Image.Image]:
    with av.open(str(video)) as container:
        return [f.to_image().resize((CELL_W, CELL_H)) for i, f in enumerate(container.decode(video=0)) if i in FRAMES]


def main() -> None:
    dreams = distinct_dreams(12)
    rows = (len(dreams) + PER_ROW - 1) // PER_ROW
    sheet = Image.new("RGB", (PER_ROW * 3 * CELL_W + (PER_ROW - 1) * 8, rows * (CELL_H + LABEL)), (16, 16, 20))
    draw = ImageDraw.Draw(sheet)
    with tempfile.TemporaryDirectory() as folder:
        for k, dream in enumerate(dreams):
            video = Path(folder) / "clip.mp4"
            render_clip("", dream["symbols"], video)
            x0, y0 = (k % PER_ROW) * (3 * CELL_W + 8), (k // PER_ROW) * (CELL_H + LABEL)
            for n, image in enumerate(frames_of(video)):
                sheet.paste(image, (x0 + n * CELL_W, y0))
            drawn = drawn_symbols("", dream["symbols"])
            draw.text((x0 + 4, y0 + CELL_H + 2), f"{dream['id']}: {', '.join(dream['symbols'])}", fill=(230, 230, 230))
            draw.text((x0 + 4, y0 + CELL_H + 15), f"drawn: {', '.join(drawn)}", fill=(150, 200, 150))
            print(dream["id"], dream["symbols"], "drawn", drawn)
    sheet.save(DOCS / "contact-sheet.png", optimize=True)


if __name__ == "__main__":
    main()
