"""Moving stored values to the first encryption key, in batches: what `rotate_keys` and the data migrations that
encrypt existing rows do. Each batch commits on its own, and a value already under the first key is left alone, so an
interrupted run is simply run again."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import migrations, models, transaction
from django.db.models.functions import Cast

from . import encryption
from .fields import Ciphertext, EncryptedField

BATCH_SIZE = 500


@dataclass
class Progress:
    """Where one model's pass stands: rows read, rows rewritten, and the last primary key done."""

    label: str
    read: int = 0
    rewritten: int = 0
    last_pk: object = None


def encrypted_fields(model) -> list[str]:
    return [field.name for field in model._meta.get_fields() if isinstance(field, EncryptedField)]


def models_with_encrypted_fields() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if encrypted_fields(model)]


def to_first_key(value: str | None) -> str | None:
    """The stored value under the first key, or None when it already is (or is empty)."""
    if not value:
        return None
    if not encryption.looks_encrypted(value):
        return encryption.encrypt(value)  # written before the field was encrypted
    return None if encryption.is_current(value) else encryption.rotate(value)


def to_plaintext(value: str | None) -> str | None:
    """The stored value as plain text (to undo the encrypting migrations), or None when it is not encrypted."""
    return encryption.decrypt(value) if value and encryption.looks_encrypted(value) else None


def rewrite(
    model,
    fields: list[str] | None = None,
    *,
    change: Callable[[str | None], str | None] = to_first_key,
    batch_size: int = BATCH_SIZE,
    after=None,
) -> Iterator[Progress]:
    """Rewrite the model's encrypted fields, batch after batch in primary-key order, from after `after`; yields the
    progress after each batch. The stored values are read and written as they are (never through the field)."""
    fields = fields or encrypted_fields(model)
    raw = {f"raw_{name}": Cast(name, models.TextField()) for name in fields}
    progress = Progress(model._meta.label, last_pk=after)
    while True:
        with transaction.atomic():
            rows = model._base_manager.select_for_update().order_by("pk").annotate(**raw)
            if progress.last_pk is not None:
                rows = rows.filter(pk__gt=progress.last_pk)
            batch = list(rows.values_list("pk", *raw)[:batch_size])
            if not batch:
                return
            changed = []
            for pk, *values in batch:
                new = [change(value) for value in values]
                if any(value is not None for value in new):
                    # Every field is written (bulk_update sets them all): the unchanged ones as they were.
                    stored = [_as_stored(made, was) for made, was in zip(new, values, strict=True)]
                    changed.append(model(pk=pk, **dict(zip(fields, stored, strict=True))))
            if changed:
                model._base_manager.bulk_update(changed, fields)
        progress.read += len(batch)
        progress.rewritten += len(changed)
        progress.last_pk = batch[-1][0]
        yield progress


def _as_stored(new: str | None, old: str | None) -> Ciphertext | None:
    value = new if new is not None else old
    return None if value is None else Ciphertext(value)


def rewrite_all(model, fields: list[str] | None = None, **options) -> Progress | None:
    """rewrite() to the end; the final progress."""
    progress = None
    for progress in rewrite(model, fields, **options):  # noqa: B007 (the last one is the answer)
        pass
    return progress


def encrypting(app_label: str, encrypted: dict[str, list[str]]) -> migrations.RunPython:
    """The data step of a migration that makes fields encrypted (after its AlterFields): the rows written before,
    their values in plain text until now, encrypted under the first key; undone, plain text again. `encrypted`
    names the fields by model name."""

    def encrypt_rows(apps, schema_editor):
        for name, fields in encrypted.items():
            rewrite_all(apps.get_model(app_label, name), fields)

    def decrypt_rows(apps, schema_editor):
        for name, fields in encrypted.items():
            rewrite_all(apps.get_model(app_label, name), fields, change=to_plaintext)

    return migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False)
