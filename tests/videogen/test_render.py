"""The local renderer: the clip's stream, its loop, its determinism, its poster, and the renderclip command."""

import io
import re
import struct
from pathlib import Path

import av
import numpy as np
import pytest
from django.core.management import call_command
from PIL import Image

from videogen.render import render_clip

WHALE = ("A huge red whale swims beside me in the water", ["whale", "water", "red"])
CITY = ("I fly over a burning city at night", ["flight", "city", "fire", "night"])
MAX_BITS_PER_SECOND = 2_500_000


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """Each example rendered once for the module: {name: (video path, poster path, result)}."""
    folder = tmp_path_factory.mktemp("clips")
    rendered = {}
    for name, (prompt, symbols) in {"whale": WHALE, "city": CITY, "empty": ("", [])}.items():
        video, poster = folder / f"{name}.mp4", folder / f"{name}.jpg"
        rendered[name] = (video, poster, render_clip(prompt, symbols, video, poster))
    return rendered


def frames_of(path: Path) -> np.ndarray:
    """Every decoded frame, at a quarter size, as int16 RGB (for differences)."""
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(width=180, height=320, format="rgb24") for f in container.decode(video=0)]
    return np.stack(frames).astype(np.int16)


def top_level_boxes(path: Path) -> list[str]:
    boxes, data, at = [], path.read_bytes(), 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        elif size == 0:
            size = len(data) - at
        boxes.append(kind.decode("latin-1"))
        at += size
    return boxes


def test_clip_is_h264_720x1280_at_24_fps_for_five_seconds(clips):
    video, _, result = clips["whale"]
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.codec_context.width, stream.codec_context.height) == (720, 1280)
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert stream.average_rate == 24
        assert 4.9 <= float(stream.duration * stream.time_base) <= 5.1
    assert (result.frames, result.width, result.height) == (120, 720, 1280)
    assert len(frames_of(video)) == 120


def test_clip_is_faststart_with_moov_before_mdat(clips):
    boxes = top_level_boxes(clips["city"][0])
    assert boxes[0] == "ftyp"
    assert boxes.index("moov") < boxes.index("mdat")


@pytest.mark.parametrize("name", ["whale", "city", "empty"])
def test_bitrate_stays_under_the_cap(clips, name):
    video, _, result = clips[name]
    assert result.bytes == video.stat().st_size
    assert result.bytes * 8 / 5 <= MAX_BITS_PER_SECOND


def test_same_dream_gives_identical_bytes(clips, tmp_path):
    again = tmp_path / "again.mp4"
    result = render_clip(*WHALE, again)
    assert result.seed == clips["whale"][2].seed
    assert again.read_bytes() == clips["whale"][0].read_bytes()


def test_different_symbols_give_different_colours_and_motion(clips):
    whale, city = frames_of(clips["whale"][0]), frames_of(clips["city"][0])
    whale_colour, city_colour = whale.mean(axis=(0, 1, 2)), city.mean(axis=(0, 1, 2))
    assert np.abs(whale_colour - city_colour).max() > 12
    # the burning city is red-orange, the whale's sea is blue
    assert city_colour[0] > city_colour[2]
    assert whale_colour[2] > whale_colour[0]
    for frames in (whale, city):
        motion = np.abs(np.diff(frames[::6], axis=0)).mean()
        assert motion > 0.5  # it moves
    whale_motion = np.abs(whale[12] - whale[0]).mean(axis=-1)
    city_motion = np.abs(city[12] - city[0]).mean(axis=-1)
    assert np.abs(whale_motion - city_motion).mean() > 0.5  # and moves differently


def test_last_frame_flows_into_the_first(clips):
    frames = frames_of(clips["city"][0])
    steps = np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2, 3))
    seam = np.abs(frames[-1] - frames[0]).mean()
    assert seam <= np.percentile(steps, 90) * 1.5 + 0.5
    assert seam < np.abs(frames[60] - frames[0]).mean()


def test_poster_is_a_small_720x1280_jpeg_of_the_first_frame(clips):
    video, poster, _ = clips["whale"]
    assert poster.stat().st_size < 80_000
    with Image.open(poster) as image:
        assert image.format == "JPEG"
        assert image.size == (720, 1280)
        first = np.asarray(image.convert("RGB").resize((180, 320)), dtype=np.int16)
    assert np.abs(first - frames_of(video)[0]).mean() < 6


def test_a_dream_without_symbols_still_renders_a_scene(clips):
    video, poster, result = clips["empty"]
    frames = frames_of(video)
    assert result.frames == 120 and len(frames) == 120
    assert 30 < frames.mean() < 200  # neither black nor blown out
    assert frames[0].std() > 10  # something to look at, not a flat colour
    assert poster.exists()


def test_renderclip_command_writes_the_clip_and_prints_seconds(tmp_path):
    out, poster, stdout = tmp_path / "clip.mp4", tmp_path / "clip.jpg", io.StringIO()
    call_command("renderclip", prompt="a mirror", symbols="mirror", out=str(out), poster=str(poster), stdout=stdout)
    assert out.stat().st_size > 10_000
    assert poster.exists()
    assert re.match(r"\d+\.\d+ s ", stdout.getvalue())
