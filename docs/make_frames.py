"""Regenerate the README's example frames: each seed example rendered, one frame decoded, saved at 360×640.

.venv/bin/python docs/make_frames.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import av

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from videogen.render import render_clip

DOCS = Path(__file__).resolve().parent
EXAMPLES = {
    "frame-whale.png": ("A huge red whale swims beside me in the water", ["whale", "water", "red"]),
    "frame-burning-city.png": ("I fly over a burning city at night", ["flying", "city", "fire", "night"]),
    "frame-mirror.png": ("I look into a mirror and someone else looks back", ["mirror"]),
}
FRAME = 36  # 1.5 s in


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, (prompt, symbols) in EXAMPLES.items():
            video = Path(folder) / "clip.mp4"
            result = render_clip(prompt, symbols, video)
            with av.open(str(video)) as container:
                for index, frame in enumerate(container.decode(video=0)):
                    if index == FRAME:
                        frame.to_image().resize((360, 640)).save(DOCS / name, optimize=True)
                        break
            print(f"{name}: {result.seconds:.2f} s, {result.bytes / 1000:.0f} KB")


if __name__ == "__main__":
    main()
