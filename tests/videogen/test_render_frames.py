"""The renderer's raw frames, pinned: every lexicon symbol alone (one frame each) and twelve corpus dreams (every
frame) hash to what they hashed to when the digests were last set. A refactor of the drawing modules must keep them;
a change meant to alter the picture updates them in the same commit, and says why. (numpy on this project's machines:
another CPU's vector unit may round a float32 differently.)"""

import hashlib

from dreams.symbols import all_entries
from tests.corpus import distinct_dreams
from videogen.render import FRAMES, scene_for

LEXICON = "a47ae3b2aeefb522b4903e1f453c516224fd4d40d49215392448dc6fcf884e77"
DREAMS = {
    "whale,water,red": "6bd5f7da00d37b9ce494a0846e6f193d99f77fb772af314045eced0c8669f386",
    "house,candle,grandmother": "f6471e2cffbfddd6df4e42f73d0f6dcadba0ba934c45a519838d2f55a33a3a75",
    "snow,red": "9840fdf5f150d7db7a8a67cb35367529241e78499a4801190a4c597ae2f22d64",
    "dog,black,street": "6944b14b68aecee30f90f3c4eb7f2b610ce89f0be46fb4aba58bc6b525aa277a",
    "elevator,falling": "09a84f7e3d8a70f9da1cd5ea87cd640e38d859141ebccdf313c16f6933e470b0",
    "school,sea,letter": "808a58809b18a46ae157535b5833da466550646748010e7e8145ded9cf84a9d9",
    "garden,apple tree,flowers,butterfly,spring": "2dc8e3d777e428d68eaf571a62f9da0545d226cdd1663e3f8551bf3bf6679e10",
    "fire,blue,apartment": "212ddd2228832700e24d2fa5bf6629433ad948d4b0538f0be84ca42906e1a040",
    "ship,fog,owl,father": "b214288718328cb552f403767b30f5dee2bf62d4a29c278bdcb6e70688378660",
    "key,car": "25151e5b3a28b9a870d6eaad1ce0568f6ba293240321854c67c3b3e487844d7b",
    "bear,office": "9f3dc7600177e4f3f7bdca7597549ba638ef71308f6dbe49e0f1c860c9c98e11",
    "stars,sky,snow": "e0b36c94f215570141bdefeced047b6799eede05c849d10ab274db1a5e0c2b1c",
}


def test_every_lexicon_symbol_draws_the_same_frame_as_before():
    digest = hashlib.sha256()
    for item in all_entries():
        digest.update(scene_for("", [item.symbol]).planes(37).tobytes())
    assert digest.hexdigest() == LEXICON


def test_twelve_corpus_dreams_draw_the_same_frames_as_before():
    found = {}
    for dream in distinct_dreams(12):
        scene, digest = scene_for("", dream["symbols"]), hashlib.sha256()
        for index in range(FRAMES):
            digest.update(scene.planes(index).tobytes())
        found[",".join(dream["symbols"])] = digest.hexdigest()
    assert found == DREAMS
