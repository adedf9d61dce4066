"""The local renderer: a dream's symbols become a 5 s, 720×1280, 24 fps looping H.264 clip, on the CPU."""

from .clip import FRAMES, SECONDS, RenderResult, dream_key, dream_seed, render_clip, scene_for

__all__ = ["FRAMES", "SECONDS", "RenderResult", "dream_key", "dream_seed", "render_clip", "scene_for"]
