"""Load the language models and word lists once when a web or worker process starts, so that the first preview or
prompt after a start-up is as quick as any other (the Russian NER model alone takes about a second)."""

import logging
import time

log = logging.getLogger(__name__)

# Russian and English, a name, a place and a symbol: every model and list a prompt may need is read.
SAMPLE = "Мне снилось, что Анна шла по Москве к морю, и кит пел. Anna walked through London to the sea."


def warm_up() -> None:
    """Build one anonymized prompt from a sample (no dream's text), as a preview or a job would."""
    from .symbols import suggest_symbols
    from .template import build_prompt

    started = time.perf_counter()
    build_prompt(text=SAMPLE, symbols=suggest_symbols(SAMPLE), mode="anonymized", full_text_allowed=True)
    log.info("language models loaded in %.2f s", time.perf_counter() - started)
