"""The sample dreams with their expected symbols and personal data: the shared corpus beside the repository when it
is there (CI, the team's machines), else the copy in tests/data (a clone on its own)."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "dreams.jsonl"
COPY = ROOT / "tests" / "data" / "dreams.jsonl"


def load_corpus() -> list[dict]:
    path = SHARED if SHARED.exists() else COPY
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def distinct_dreams(count: int) -> list[dict]:
    """The first `count` dreams with symbols, one of each set of symbols (the benches' and docs' demo dreams)."""
    seen, chosen = set(), []
    for dream in load_corpus():
        key = tuple(dream["symbols"])
        if dream["symbols"] and key not in seen:
            seen.add(key)
            chosen.append(dream)
    return chosen[:count]
