"""Prints the quality (precision, recall, F1) of the symbols suggested for the shared corpus' dreams — what the form,
the saved dream and the prompt use, names and contacts excluded — the PII leak count, and speed; then, for the
held-out-style set (tests/data/dreams_heldout.jsonl), the personal items left in each privacy mode.

Run: .venv/bin/python bench/symbols_quality.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()


from tests.corpus import appears, load_corpus, load_held_out  # noqa: E402
from videogen.prompts.anonymize import anonymize  # noqa: E402
from videogen.prompts.symbols import suggest_symbols  # noqa: E402
from videogen.prompts.template import build_prompt  # noqa: E402


def main() -> None:
    dreams = load_corpus()

    started = time.perf_counter()
    suggest_symbols("Кит плавал в воде, Маша позвонила")
    warmup_ms = (time.perf_counter() - started) * 1000

    true_positives = predicted = expected = leaks = 0
    timings = []
    for dream in dreams:
        started = time.perf_counter()
        found = set(suggest_symbols(dream["content"]))
        cleaned = anonymize(dream["content"]).text
        timings.append((time.perf_counter() - started) * 1000)
        wanted = set(dream["symbols"])
        true_positives += len(found & wanted)
        predicted += len(found)
        expected += len(wanted)
        outputs = [cleaned] + [
            build_prompt(text=dream["content"], symbols=None, mode=m).prompt for m in ("anonymized", "symbols")
        ]
        leaks += sum(pii.lower() in output.lower() for pii in dream["pii"] for output in outputs)

    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"corpus:     {len(dreams)} dreams")
    print(f"precision:  {precision:.3f}  ({true_positives}/{predicted} predicted symbols correct; target >= 0.70)")
    print(f"recall:     {recall:.3f}  ({true_positives}/{expected} expected symbols found; target >= 0.85)")
    print(f"F1:         {f1:.3f}")
    print(f"PII leaks:  {leaks}  (pii strings left in anonymized text or in anonymized/symbols prompts; target 0)")
    print(
        f"speed:      {sum(timings) / len(timings):.1f} ms mean per dream for suggest + anonymize "
        f"(max {max(timings):.1f} ms; first call with model loading {warmup_ms:.0f} ms)"
    )
    held_out_figures()


def held_out_figures() -> None:
    dreams = load_held_out()
    items = sum(len(dream["pii"]) for dream in dreams)
    leaks = {"anonymized": 0, "symbols": 0}
    for dream in dreams:
        cleaned = anonymize(dream["content"]).text
        for mode in leaks:
            prompt = build_prompt(text=dream["content"], symbols=None, mode=mode).prompt
            outputs = [prompt, cleaned] if mode == "anonymized" else [prompt]
            leaks[mode] += sum(any(appears(item, output) for output in outputs) for item in dream["pii"])
    print(f"held-out:   {len(dreams)} dreams, {items} personal items (whole-word match, any case)")
    print(f"  symbols mode:    {leaks['symbols']} personal items left (target 0)")
    share = leaks["anonymized"] / items if items else 0.0
    print(f"  anonymized mode: {leaks['anonymized']} personal items left, {share:.1%} (target <= 1 %)")


if __name__ == "__main__":
    main()
