"""Every symbol drawn: each lexicon symbol has a motif, a dream's place, hour, weather and palette come from its
symbols and mood, the renderer says honestly what it drew, and different dreams look different."""

import itertools
import statistics

import numpy as np
import pytest

from dreams.symbols import all_entries
from tests.corpus import load_corpus
from tests.factories import DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen.render import drawn_symbols, loop_of, scene_for
from videogen.render.measure import VARIETY_BITS, hash_distance, perceptual_hash, seam_ratio
from videogen.render.motion import Flipbook
from videogen.render.scenery import Mirror
from videogen.render.words import read_dream

# What the local provider's prompt says around the symbols: style words that are not the dream's.
PROMPT = (
    "Cinematic dream visualization: an owl with wide luminous eyes, rooftops under the sky, soft rain falling in "
    "silver streaks, surreal atmosphere, owl, roof, rain, rain-streaked glass, glistening reflections"
)


def poster(symbols: list[str], prompt: str = "") -> np.ndarray:
    return scene_for(prompt, symbols).frame(0)


def test_every_lexicon_symbol_has_a_motif_and_is_drawn_on_its_own():
    missing = [e.symbol for e in all_entries() if read_dream("", [e.symbol]).drawn != [e.symbol]]
    assert missing == []


def test_every_lexicon_symbol_renders_its_scene():
    """Each symbol alone: its scene is built and drawn (every shape of the table exists), a finite, lit frame."""
    broken = []
    for item in all_entries():
        frame = scene_for("", [item.symbol]).planes(61)
        if not (np.isfinite(frame).all() and 5 < frame.mean() < 250 and frame.std() > 3):
            broken.append(item.symbol)
    assert broken == []


def test_an_owl_on_a_roof_in_the_rain_is_that_and_no_mirror():
    scene = scene_for(PROMPT, ["owl", "roof", "rain"])
    assert scene.reading.drawn == ["owl", "roof", "rain"]
    assert not any(isinstance(motif, Mirror) for motif in scene.motifs)  # "glass" in the prompt is style, not dream
    assert "rain" in scene.reading.weather and scene.reading.has("build", "roof")


def test_the_boss_is_drawn_at_the_office():
    reading = read_dream("", ["boss"])
    assert reading.drawn == ["boss"] and reading.has("figure", "boss") and reading.place == "office"


def test_a_black_dog_that_chased_the_dreamer_pursues_them_in_the_dark():
    scene = scene_for("", ["dog", "black", "chase"])
    assert scene.reading.drawn == ["dog", "black", "chase"]
    assert "chase" in scene.reading.moves and scene.reading.time == "dark"
    pursuers = [m for m in scene.motifs if isinstance(m, Flipbook) and m.turns == 6]
    assert len(pursuers) == 2  # the dog running after the dreamer
    calm = poster(["garden", "flowers", "sun"])
    assert poster(["dog", "black", "chase"]).mean() < calm.mean() - 40


def test_a_whale_in_a_flooded_house_swims_in_the_flood():
    reading = read_dream("", ["whale", "flood", "house"])
    assert reading.drawn == ["whale", "flood", "house"]
    assert reading.place == "sea" and "flood" in reading.features


@pytest.mark.parametrize(
    ("symbols", "where"),
    [
        (["sea"], "sea"),
        (["kitchen"], "kitchen"),
        (["desert"], "desert"),
        (["sky"], "sky"),
        (["space"], "space"),
        (["street"], "street"),
        (["drowning"], "underwater"),
        (["winter"], "snowfield"),
    ],
)
def test_the_place_comes_from_the_symbols(symbols, where):
    assert read_dream("", symbols).place == where


@pytest.mark.parametrize(
    ("symbols", "hour"),
    [(["moon"], "night"), (["sunset"], "dusk"), (["sunrise"], "dawn"), (["sun"], "day"), (["killer"], "dark")],
)
def test_the_hour_comes_from_the_symbols_and_the_mood(symbols, hour):
    assert scene_for("", symbols).reading.time == hour


def test_not_every_dream_is_a_purple_night():
    scenes = [scene_for("", d["symbols"]) for d in load_corpus() if d["symbols"]]
    assert len({scene.reading.time for scene in scenes}) >= 3
    assert len({scene.reading.place for scene in scenes}) >= 6
    colours = np.array([scene.frame(0).reshape(-1, 3).mean(axis=0) for scene in scenes])
    assert colours.std(axis=0).min() > 15  # in every channel, dreams spread


def test_a_distressing_dream_looks_tense_and_a_calm_one_calm():
    tense, calm = scene_for("", ["monster", "blood", "trapped"]), scene_for("", ["meadow", "flowers", "joy"])
    assert tense.reading.tension >= 0.7 > 0.3 >= calm.reading.tension
    dark, light = tense.frame(0), calm.frame(0)
    saturation = lambda frame: (frame.max(axis=-1).astype(int) - frame.min(axis=-1)).mean()  # noqa: E731
    assert dark.mean() < light.mean() - 40 and saturation(dark) < saturation(light)
    shaking = np.abs(np.diff([tense.moment(i).dx for i in range(12)])).mean()
    assert shaking > 3 * np.abs(np.diff([calm.moment(i).dx for i in range(12)])).mean()  # it trembles


def test_posters_of_dreams_with_no_symbol_in_common_differ():
    dreams = [d for d in load_corpus() if d["symbols"]]
    hashes = {d["id"]: perceptual_hash(poster(d["symbols"])) for d in dreams}
    close = [
        (a["id"], b["id"], hash_distance(hashes[a["id"]], hashes[b["id"]]))
        for a, b in itertools.combinations(dreams, 2)
        if not set(a["symbols"]) & set(b["symbols"]) and hash_distance(hashes[a["id"]], hashes[b["id"]]) < VARIETY_BITS
    ]
    assert close == []


def test_the_hash_finds_a_poster_close_to_itself():
    """The threshold means something: the same scene a sixth of a second later is well under it."""
    scene = scene_for("", ["owl", "roof", "rain"])
    assert hash_distance(perceptual_hash(scene.frame(0)), perceptual_hash(scene.frame(4))) < VARIETY_BITS / 2


def test_most_symbols_of_every_corpus_dream_are_drawn():
    shares = [len(drawn_symbols("", d["symbols"])) / len(d["symbols"]) for d in load_corpus() if d["symbols"]]
    assert statistics.median(shares) >= 0.9 and min(shares) >= 0.6


def test_what_does_not_fit_is_not_claimed_as_drawn():
    symbols = ["clock", "letter", "phone", "book"]  # four floating objects; the picture has room for two
    assert drawn_symbols("", symbols) == ["clock", "letter"]


@pytest.mark.parametrize(
    "symbols",
    [["car", "road"], ["dog", "chase"], ["rocket", "space"], ["comet", "tornado"], ["lighthouse", "storm"]],
)
def test_journeys_and_runs_close_the_loop(symbols):
    assert seam_ratio(np.stack(loop_of("", symbols))) <= 1.0


@pytest.mark.django_db(transaction=True)
def test_a_local_job_records_what_was_drawn_and_the_therapist_sees_it(client):
    dream = DreamFactory(symbols=["owl", "roof", "rain"])
    job = run_to_end(dream, "local")
    assert job.state == "ready", job.error_message
    assert job.drawn_symbols == ["owl", "roof", "rain"]
    client.force_login(dream.author)
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "Drawn: owl, roof, rain" in page
