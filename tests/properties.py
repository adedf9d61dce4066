"""Shared pieces of the property-based tests (hypothesis): modest example counts, and the kinds of hostile text."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Few enough examples to keep the suite quick; no example database written into the work tree.
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(PROPERTY, max_examples=25)

# Control characters, null bytes, right-to-left and other invisible formatting, a lone BOM, emoji, line breaks.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\ufffd\U0001f600\U0001f30a\n\r\t <>&\"'%\\/"
)
hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(NASTY + "ab кит whale Мария"), max_size=200),
)
# Up to 100 KB: a short piece repeated (cheap to generate, long to process).
huge_text = st.builds(
    lambda piece, count: (piece * count)[:100_000], st.text(min_size=1, max_size=8), st.integers(1, 100_000)
)
any_text = st.one_of(hostile_text, huge_text)
