"""Model fields shared by the apps."""

import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


class WordListField(models.JSONField):
    """A JSON list of short words (a dream's symbols, the providers a job tried).

    Through full_clean (the admin, the forms, the services) it takes a list of at most `max_words` strings of 1 to
    `word_length` printable characters. A value written around that (a raw UPDATE) reads back as the strings it
    holds, or as an empty list: no page has to loop over a number.
    """

    def __init__(self, *args, max_words: int = 20, word_length: int = 40, **kwargs):
        self.max_words, self.word_length = max_words, word_length
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "max_words": self.max_words, "word_length": self.word_length}

    def validate(self, value, model_instance) -> None:
        super().validate(value, model_instance)
        words_ok = isinstance(value, list) and all(
            isinstance(word, str) and 0 < len(word) <= self.word_length and word.isprintable() for word in value
        )
        if not words_ok or len(value) > self.max_words:
            raise ValidationError(
                _("Give a list of at most %(count)d words, each of 1 to %(length)d plain characters."),
                params={"count": self.max_words, "length": self.word_length},
                code="invalid_word_list",
            )

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform):  # one element asked for in a query: as stored
            return value
        if isinstance(value, list) and all(isinstance(word, str) for word in value):
            return value
        log.warning("a malformed %s value was read from the database and is shown as its words only", self.name)
        return [word for word in value if isinstance(word, str)] if isinstance(value, list) else []
