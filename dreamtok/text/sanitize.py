"""The one sanitizer of dream text: markup, control and bidi-override characters out (and contacts, on request),
with each kept character's position in the original text, so that findings can point back into it."""

from __future__ import annotations

from dreamtok.text import patterns


def sanitize(text: str, *, contacts: bool = False) -> tuple[str, list[int]]:
    """Text without markup (each tag one space) and control characters (a tab is a space, a line break stays), and
    each kept character's original position. With `contacts`, emails, links and handles become spaces too: they
    never name a symbol ("@night_owl_77" is not an owl), while the anonymizer wants to see them to replace them."""
    tags = list(patterns.MARKUP.finditer(text))
    blanked = text
    if contacts:  # found in the text with its markup blanked, every position kept
        for pattern in (patterns.MARKUP, *patterns.CONTACTS):
            blanked = pattern.sub(lambda found: " " * len(found.group()), blanked)
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for tag in [*tags, None]:
        stop = len(text) if tag is None else tag.start()
        for index in range(position, stop):
            char = blanked[index]
            if patterns.is_invisible(char) and char != "\n":
                if char == "\t":
                    chars.append(" ")
                    origin.append(index)
                continue
            chars.append(char)
            origin.append(index)
        if tag is not None:
            chars.append(" ")
            origin.append(tag.start())
            position = tag.end()
    return "".join(chars), origin


def clean_text(text: str) -> str:
    """The text as written, minus markup and control characters, with whitespace collapsed."""
    return " ".join(sanitize(text or "")[0].split())
