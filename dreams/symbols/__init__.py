"""Dream symbols: the bilingual lexicon, extraction of symbols from a dream's text, and which typed symbols may leave
the server (safety.py)."""

from dreams.symbols.extract import SymbolExtraction, extract_symbols
from dreams.symbols.lexicon import DISTRESSING_SYMBOLS, Entry, all_entries, entry, symbol_for_word, symbol_names

__all__ = [
    "DISTRESSING_SYMBOLS",
    "Entry",
    "SymbolExtraction",
    "all_entries",
    "entry",
    "extract_symbols",
    "symbol_for_word",
    "symbol_names",
]
