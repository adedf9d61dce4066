"""Model fields shared by the apps: a list of words, and fields stored encrypted (the kinds of `EncryptedField`:
`EncryptedTextField`, `EncryptedCharField`, `EncryptedJSONField`, `EncryptedWordListField`, `EncryptedIntegerField`,
`EncryptedBooleanField`: one import, a drop-in for TextField, CharField, JSONField, WordListField, IntegerField and
BooleanField)."""

import json
import logging
from typing import Any

from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

from . import encryption

log = logging.getLogger(__name__)


class WordsOnly(models.Field):
    """A list of short words (a dream's symbols, the providers a job tried). A mixin placed before a JSON field:
    it subclasses Field so its `super()` calls type-check (the fields' method resolution order is unchanged).

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
        _validate_words(self, value)


class WordListField(WordsOnly, models.JSONField):
    """A JSON list of short words (WordsOnly)."""

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform):  # one element asked for in a query: as stored
            return value
        return _words_only(self, value)


def _validate_words(field, value) -> None:
    words_ok = isinstance(value, list) and all(
        isinstance(word, str) and 0 < len(word) <= field.word_length and word.isprintable() for word in value
    )
    if not words_ok or len(value) > field.max_words:
        raise ValidationError(
            _("Give a list of at most %(count)d words, each of 1 to %(length)d plain characters."),
            params={"count": field.max_words, "length": field.word_length},
            code="invalid_word_list",
        )


def _words_only(field, value) -> list[str]:
    if isinstance(value, list) and all(isinstance(word, str) for word in value):
        return value
    log.warning("a malformed %s value was read from the database and is shown as its words only", field.name)
    return [word for word in value if isinstance(word, str)] if isinstance(value, list) else []


class Ciphertext(str):
    """A value already encrypted (by `rotate_keys` or a migration): an encrypted field writes it as it is."""


class EncryptedField(models.TextField):
    """A value stored as a Fernet token under settings.FIELD_ENCRYPTION_KEYS in a text column, read back as what it
    was; an empty value stays empty. The database cannot compare what it cannot read, so a query on the field (filter,
    search, order) is refused: do that work in Python, or on a keyed hash (encryption.keyed_hash) kept beside it.
    A plaintext value (written before the field was encrypted) is read as it is; `rotate_keys` encrypts it.

    The fields below are its kinds: each says what its model attribute holds (the `_pyi_private_*` annotations
    django-stubs reads), which is why this base says Any where TextField would say str."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def validate(self, value, model_instance) -> None:
        super().validate(value, model_instance)
        if self.max_length is not None:
            MaxLengthValidator(self.max_length)(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(f"{self.model.__name__}.{self.name} is stored encrypted: the database cannot compare it")

    def to_stored(self, value) -> str:
        return value

    def from_stored(self, text: str):
        return text

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or value == "" or isinstance(value, Ciphertext):
            return value
        return encryption.encrypt(self.to_stored(value))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return self.from_stored(encryption.decrypt(value) if encryption.looks_encrypted(value) else value)


class EncryptedTextField(EncryptedField):
    """Text stored encrypted. A drop-in for TextField, and for CharField: `max_length` is then checked, but the
    column is text, since a token is longer than its text."""

    _pyi_private_set_type: str | Combinable
    _pyi_private_get_type: str


class EncryptedCharField(EncryptedTextField):
    """A one-line EncryptedTextField: a text input in forms, as the CharField it stands for."""

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedJSONField(EncryptedField):
    """A JSON value (a list, a dict…) stored encrypted: its JSON text, as EncryptedTextField stores text."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value):
        return value

    def to_python(self, value):
        return value

    def to_stored(self, value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def from_stored(self, text: str):
        return json.loads(text) if text else None

    def value_to_string(self, obj) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})


class EncryptedWordListField(WordsOnly, EncryptedJSONField):
    """WordListField, stored encrypted."""

    _pyi_private_set_type: list[str]
    _pyi_private_get_type: list[str]

    def from_stored(self, text: str) -> list[str]:
        try:
            return _words_only(self, json.loads(text))
        except json.JSONDecodeError:
            return _words_only(self, None)


class EncryptedIntegerField(EncryptedField):
    """A whole number stored encrypted (the Fernet token of its digits), read back as an int (or None). A drop-in
    for IntegerField and its kin: give the bounds as validators; the form field is an IntegerField with them."""

    _pyi_private_set_type: int | str | Combinable
    _pyi_private_get_type: int

    empty_strings_allowed = False

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, Ciphertext):
            return None if value == "" else value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError(
                _("“%(value)s” value must be an integer."), code="invalid", params={"value": value}
            ) from None

    def from_stored(self, text) -> int | None:
        return int(text) if text not in (None, "") else None

    def to_stored(self, value) -> str:
        return str(value)

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self, **{"form_class": forms.IntegerField, "validators": self.validators, **kwargs}
        )


class EncryptedBooleanField(EncryptedField):
    """True or false stored encrypted, read back as a bool (None if nullable and empty). A drop-in for BooleanField:
    a checkbox in forms, not required. Stored as the token of "1" or "0" (what PostgreSQL and SQLite both take back
    as a boolean when the migration is undone). Values written before it was encrypted ("t", "1", "true"…, as the
    database cast them to text) read back as the bools they were."""

    _pyi_private_set_type: bool | Combinable
    _pyi_private_get_type: bool

    empty_strings_allowed = False

    TRUE, FALSE = frozenset({"1", "t", "true", "True"}), frozenset({"0", "f", "false", "False"})

    def to_python(self, value):
        if value is None or isinstance(value, bool | Ciphertext):
            return value
        if value in ("", *self.TRUE, *self.FALSE) or value in (0, 1):
            return None if value == "" else str(value) in self.TRUE
        raise ValidationError(
            _("“%(value)s” value must be either True or False."), code="invalid", params={"value": value}
        )

    def from_stored(self, text) -> bool | None:
        return None if text in (None, "") else str(text) in self.TRUE

    def to_stored(self, value) -> str:
        return "1" if value else "0"

    def formfield(self, **kwargs):
        form_class = forms.NullBooleanField if self.null else forms.BooleanField
        return models.Field.formfield(
            self, **{"form_class": form_class, "required": False, "validators": self.validators, **kwargs}
        )
