"""The local renderer: the clip's stream, its loop, its determinism, its poster, and the render_clip command."""

import io
import re
import struct
from pathlib import Path

import av
import numpy as np
import pytest
from django.core.management import call_command
from PIL import Image

from videogen.render import FRAMES, render_clip, scene_for

WHALE = ("A huge red whale swims beside me in the water", ["whale", "water", "red"])
CITY = ("I fly over a burning city at night", ["flying", "city", "fire", "night"])
# everything that costs bits at once: fire, snow, rain, water, a city, a forest, flight
STORM = (
    "A storm of fire and snow over the city and the forest, and I fly above the sea",
    ["fire", "snow", "rain", "city", "forest", "flying", "water"],
)
MAX_BITS_PER_SECOND = 2_500_000


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """Each example rendered once for the module: {name: (video path, poster path, result)}."""
    folder = tmp_path_factory.mktemp("clips")
    rendered = {}
    for name, (prompt, symbols) in {"whale": WHALE, "city": CITY, "storm": STORM, "empty": ("", [])}.items():
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


@pytest.mark.parametrize("name", ["whale", "city", "storm", "empty"])
def test_bitrate_stays_under_the_cap(clips, name):
    video, _, result = clips[name]
    assert result.bytes == video.stat().st_size
    assert result.bytes * 8 / 5 <= MAX_BITS_PER_SECOND


@pytest.mark.parametrize("name", ["whale", "city", "storm", "empty"])
def test_every_second_of_the_clip_stays_under_the_cap(clips, name):
    with av.open(str(clips[name][0])) as container:
        packets = sorted((p for p in container.demux(video=0) if p.size), key=lambda p: p.pts)
    sizes = [packet.size for packet in packets]
    assert len(sizes) == 120
    windows = [sum(sizes[start : start + 24]) * 8 for start in range(len(sizes) - 23)]
    assert max(windows) <= MAX_BITS_PER_SECOND, f"busiest second: {max(windows) / 1e6:.2f} Mbit"


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


def test_render_clip_command_writes_the_clip_and_prints_seconds(tmp_path):
    out, poster, stdout = tmp_path / "clip.mp4", tmp_path / "clip.jpg", io.StringIO()
    call_command("render_clip", prompt="a mirror", symbols="mirror", out=str(out), poster=str(poster), stdout=stdout)
    assert out.stat().st_size > 10_000
    assert poster.exists()
    assert re.match(r"\d+\.\d+ s ", stdout.getvalue())


GENERIC = [("", []), ("I was somewhere else", []), ("Then I woke up", [])]


def look(prompt: str, symbols: list[str]) -> dict[str, float]:
    """What a dream's frames (drawn at the internal 180×320, every 8th) measure.

    Frames 8 apart share their grain, so their differences are the scene's own motion; `fine` is the motion of
    details smaller than 4 px (particles, flames, streaks, edges), `asymmetry` compares the top rows with their mirror
    image, `centre` is how much brighter the middle third is than the sides.
    """
    scene = scene_for(prompt, symbols)
    frames = np.stack([scene.frame(i) for i in range(0, FRAMES, 8)]).astype(np.float32)
    count, height, width, _ = frames.shape
    grey = frames.mean(axis=-1)
    blocks = grey.reshape(count, height // 4, 4, width // 4, 4).mean(axis=(2, 4))
    detail = grey - blocks.repeat(4, axis=1).repeat(4, axis=2)
    steps = np.abs(np.diff(grey, axis=0))
    fine = np.abs(np.diff(detail, axis=0))
    red, green, blue = frames.reshape(-1, 3).mean(axis=0)
    top = blocks[:, : height // 16]
    sides = np.concatenate([grey[:, :, : width // 4], grey[:, :, -width // 4 :]], axis=2)
    return {
        "red": red,
        "green": green,
        "blue": blue,
        "light": grey.mean(),
        "motion_top": steps[:, : height // 2].mean(),
        "motion_bottom": steps[:, height // 2 :].mean(),
        "fine": fine.mean(),
        "fine_bottom": fine[:, height // 2 :].mean(),
        "asymmetry": np.abs(top - top[:, :, ::-1]).mean(),
        "centre": grey[:, :, width // 3 : 2 * width // 3].mean() - sides.mean(),
    }


@pytest.fixture(scope="module")
def generic():
    """The range of each measure over generic dreams (no symbols), whose seeds alone differ."""
    looks = [look(*dream) for dream in GENERIC]
    keys = looks[0]
    return {"max": {k: max(f[k] for f in looks) for k in keys}, "min": {k: min(f[k] for f in looks) for k in keys}}


def more(key: str, factor: float):
    return lambda f, g: f[key] > factor * g["max"][key]


def less(key: str, factor: float):
    return lambda f, g: f[key] < factor * g["min"][key]


def bluer(by: float):
    return lambda f, g: f["blue"] > f["red"] + by


# family → (symbols, what sets its frames apart from every generic dream)
FAMILIES = {
    "water": (["water"], [bluer(40), more("motion_bottom", 3)]),  # blue, and waves below the horizon
    "fire": (["fire"], [lambda f, g: f["red"] > f["blue"] + 50, more("motion_bottom", 1.8), more("fine", 1.8)]),
    "sky and flight": (["flying"], [more("motion_top", 3)]),  # the flyer, clouds and wind streaming past
    "mirror": (["mirror"], [less("asymmetry", 0.4)]),
    "forest": (["forest"], [lambda f, g: f["green"] > max(f["red"], f["blue"]), less("light", 0.5)]),
    "night, moon and stars": (["night", "moon", "stars"], [less("light", 0.6), bluer(20)]),
    "falling": (["falling"], [more("fine", 1.6), more("motion_top", 1.3)]),  # streaks rushing up
    "rain": (["rain"], [more("fine", 1.4), bluer(20)]),
    # brighter than any dream without symbols, sunny days among them
    "snow": (["snow"], [more("fine", 1.4), lambda f, g: f["light"] > g["max"]["light"]]),
    "road": (["road"], [more("motion_bottom", 1.5), more("fine_bottom", 1.4)]),  # marks running toward us
    "stairs": (["stairs"], [more("fine", 3)]),
    "door": (["door"], [more("centre", 2)]),  # light through the open door
    "animal: whale": (["whale"], [more("fine_bottom", 2.5)]),
    "animal: horse": (["horse"], [more("fine_bottom", 2.5)]),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_each_motif_family_changes_the_frames_of_the_generic_scene(generic, family):
    symbols, expectations = FAMILIES[family]
    measured = look("", symbols)
    for index, expectation in enumerate(expectations):
        assert expectation(measured, generic), f"{family}: expectation {index} fails, measured {measured}"


def test_snow_gives_cold_whites():
    measured = look("Snow falls on me", ["snow"])
    red, green, blue = measured["red"], measured["green"], measured["blue"]
    assert min(red, green, blue) > 150  # white
    assert blue > red + 10 and blue >= green  # cold
    assert max(red, green, blue) - min(red, green, blue) < 40  # barely tinted


def sky_shadow(prompt: str, symbols: list[str]) -> np.ndarray:
    """Per frame (every 8th): how dark the 150 darkest pixels of the sky above the skyline are, against its median."""
    scene = scene_for(prompt, symbols)
    grey = np.stack([scene.frame(i) for i in range(0, FRAMES, 8)]).astype(np.float32).mean(axis=-1)
    height = grey.shape[1]
    sky = np.sort(grey[:, height // 8 : height // 3].reshape(len(grey), -1), axis=1)
    return sky[:, 150] / np.median(sky, axis=1)


def test_in_the_burning_city_something_flies(generic):
    standing = ("I stand in a burning city at night", ["city", "fire", "night"])
    assert sky_shadow(*CITY).max() < 0.45  # in every frame a dark silhouette crosses the sky
    assert sky_shadow(*standing).min() > 0.45
    assert look(*CITY)["motion_top"] > 2 * look(*standing)["motion_top"]  # and it moves, with the clouds
    assert look(*CITY)["motion_top"] > 2 * generic["max"]["motion_top"]
