"""Messages of the video pipeline kept as a code (the English message) with its parameters, so a job's error is
translated when someone reads it, not fixed in the language the worker happened to run in."""

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


class CodedMessage(str):
    """A translated message (as gettext gives it) that remembers its code and parameters; `%` keeps them.

    The pipeline's modules use `message` as their `_`, so every message they make can be stored as a code."""

    code: str
    params: dict

    def __new__(cls, code: str, params: dict | None = None):
        params = params or {}
        made = super().__new__(cls, translated(code, params))
        made.code, made.params = code, params
        return made

    def __mod__(self, values):
        if not isinstance(values, dict):
            return str(self) % values
        return CodedMessage(self.code, {key: _stored(value) for key, value in values.items()})


def _stored(value):
    """A parameter as stored: numbers as they are, words in English (a translated label is translated again when
    read)."""
    if isinstance(value, int | float):
        return value
    if isinstance(value, Promise):
        with translation.override("en"):
            return str(value)
    return str(value)


def message(code: str) -> CodedMessage:
    """The pipeline's `_`: gettext that keeps the code (makemessages finds the strings as it finds any `_`)."""
    return CodedMessage(code)


def coded(text: str) -> tuple[str, dict]:
    """What to store of a message: (code, params) for a coded one; ("", {}) for plain text, which is stored as is."""
    if isinstance(text, CodedMessage):
        return text.code, text.params
    return "", {}


def translated(code: str, params: dict, fallback: str = "") -> str:
    """A stored message in the active language; `fallback` (the stored text) when there is no code."""
    if not code:
        return fallback
    values = {key: gettext(value) if isinstance(value, str) and value else value for key, value in params.items()}
    try:
        return gettext(code) % values if values else gettext(code)
    except (KeyError, TypeError, ValueError):  # a catalogue entry that lost a parameter: say it in English
        return code % params if params else code
