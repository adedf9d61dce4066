"""Load the language models and word lists once when a web or worker process starts, so that the first preview or
prompt after a start-up is as quick as any other (the Russian NER model alone takes about a second)."""

import logging
import time

from dreamtok.text.anonymize import anonymize
from dreamtok.text.words import SymbolWords

log = logging.getLogger(__name__)

# Russian and English, a name, a place and a symbol: every model and list the anonymizer may need is read.
SAMPLE = "Мне снилось, что Анна шла по Москве к морю, и кит пел. Anna walked through London to the sea."


def warm_up() -> None:
    """Anonymize a sample (no dream's text), as a preview or a job would: natasha, pymorphy3 and the lists load."""
    started = time.perf_counter()
    anonymize(SAMPLE, symbol_words=SymbolWords())
    log.info("language models loaded in %.2f s", time.perf_counter() - started)
