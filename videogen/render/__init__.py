"""The local renderer: a dream's symbols become a 5 s, 720×1280, 24 fps looping H.264 clip with an
ambient AAC soundscape, on the CPU."""

from .clip import (
    FRAMES,
    SECONDS,
    RenderResult,
    drawn_symbols,
    dream_key,
    dream_seed,
    ensure_sound,
    loop_of,
    render_clip,
    scene_for,
    sound_of,
)
from .encode import has_audio

__all__ = [
    "FRAMES",
    "SECONDS",
    "RenderResult",
    "dream_key",
    "dream_seed",
    "drawn_symbols",
    "ensure_sound",
    "has_audio",
    "loop_of",
    "render_clip",
    "scene_for",
    "sound_of",
]
