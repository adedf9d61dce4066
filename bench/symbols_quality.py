"""Prints the quality (precision, recall, F1) of the symbols suggested for the shared corpus' dreams — what the form,
the saved dream and the prompt use, names and contacts excluded — the PII leak count, over-redaction (the share of the
corpus' words that are no personal item yet were replaced) and speed; then, for the held-out-style sets
(tests/data/dreams_heldout.jsonl and dreams_heldout_2.jsonl), the personal items left in each privacy mode.

Run: .venv/bin/python bench/symbols_quality.py
"""

import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()


from dreams.symbols.lexicon import symbol_words  # noqa: E402
from dreams.symbols.safety import suggest_symbols  # noqa: E402
from dreamtok.text.anonymize import anonymize  # noqa: E402
from tests.corpus import appears, load_corpus, load_held_out  # noqa: E402
from videogen.prompts.template import build_prompt  # noqa: E402


def main() -> None:
    dreams = load_corpus()

    started = time.perf_counter()
    suggest_symbols("Кит плавал в воде, Маша позвонила")
    warmup_ms = (time.perf_counter() - started) * 1000

    true_positives = predicted = expected = leaks = kept_words = replaced_words = 0
    timings = []
    for dream in dreams:
        started = time.perf_counter()
        found = set(suggest_symbols(dream["content"]))
        result = anonymize(dream["content"], symbol_words=symbol_words())
        cleaned = result.text
        timings.append((time.perf_counter() - started) * 1000)
        non_personal, replaced = over_redaction(dream["content"], dream["pii"], result.redactions)
        kept_words += non_personal
        replaced_words += replaced
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
    share = replaced_words / kept_words if kept_words else 0.0
    print(f"over-redaction: {share:.1%}  ({replaced_words}/{kept_words} words that are no personal item were replaced)")
    print(
        f"speed:      {sum(timings) / len(timings):.1f} ms mean per dream for suggest + anonymize "
        f"(max {max(timings):.1f} ms; first call with model loading {warmup_ms:.0f} ms)"
    )
    held_out_figures()


def over_redaction(text: str, pii: list[str], redactions: list) -> tuple[int, int]:
    """(words of `text` outside every annotated personal item, how many of those a redaction covers)."""
    personal = [
        (m.start(), m.end())
        for item in pii
        for m in re.finditer(rf"(?<!\w){re.escape(item)}(?!\w)", text, re.IGNORECASE)
    ]
    words = [m for m in re.finditer(r"\w+", text) if not any(s < m.end() and m.start() < e for s, e in personal)]
    replaced = [m for m in words if any(r.start < m.end() and m.start() < r.end for r in redactions)]
    return len(words), len(replaced)


def held_out_figures() -> None:
    dreams = load_held_out()
    items = sum(len(dream["pii"]) for dream in dreams)
    leaks = {"anonymized": 0, "symbols": 0}
    kept_words = replaced_words = 0
    for dream in dreams:
        result = anonymize(dream["content"], symbol_words=symbol_words())
        cleaned = result.text
        non_personal, replaced = over_redaction(dream["content"], dream["pii"], result.redactions)
        kept_words += non_personal
        replaced_words += replaced
        for mode in leaks:
            prompt = build_prompt(text=dream["content"], symbols=None, mode=mode).prompt
            outputs = [prompt, cleaned] if mode == "anonymized" else [prompt]
            leaks[mode] += sum(any(appears(item, output) for output in outputs) for item in dream["pii"])
    print(f"held-out:   {len(dreams)} dreams, {items} personal items (whole-word match, any case)")
    print(f"  symbols mode:    {leaks['symbols']} personal items left (target 0)")
    share = leaks["anonymized"] / items if items else 0.0
    print(f"  anonymized mode: {leaks['anonymized']} personal items left, {share:.1%} (target <= 1 %)")
    share = replaced_words / kept_words if kept_words else 0.0
    print(
        f"  over-redaction:  {share:.1%}  ({replaced_words}/{kept_words} words that are no personal item were replaced)"
    )


if __name__ == "__main__":
    main()
