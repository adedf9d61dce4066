"""The sample dreams with their expected symbols and personal data: the shared corpus beside the repository when it
is there (CI, the team's machines), else the copy in tests/data (a clone on its own); and the held-out-style set of
dreams whose names appear in no other test (tests/data/dreams_heldout.jsonl, and dreams_heldout_2.jsonl: ages,
house numbers, medication, number plates, frozen before the rules that remove them)."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "dreams.jsonl"
COPY = ROOT / "tests" / "data" / "dreams.jsonl"
HELD_OUT = (ROOT / "tests" / "data" / "dreams_heldout.jsonl", ROOT / "tests" / "data" / "dreams_heldout_2.jsonl")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_corpus() -> list[dict]:
    return _read(SHARED if SHARED.exists() else COPY)


def load_held_out() -> list[dict]:
    return [dream for path in HELD_OUT for dream in _read(path)]


def appears(item: str, text: str) -> bool:
    """Whether a personal item is in a text as a whole word ("Ali" is not in "visualization"), in any letter case."""
    return re.search(rf"(?<!\w){re.escape(item.lower())}(?!\w)", text.lower()) is not None


def distinct_dreams(count: int) -> list[dict]:
    """The first `count` dreams with symbols, one of each set of symbols (the benches' and docs' demo dreams)."""
    seen, chosen = set(), []
    for dream in load_corpus():
        key = tuple(dream["symbols"])
        if dream["symbols"] and key not in seen:
            seen.add(key)
            chosen.append(dream)
    return chosen[:count]
