"""Re-encrypt every encrypted value under the first of FIELD_ENCRYPTION_KEYS, in batches; restartable."""

from django.core.management.base import BaseCommand, CommandError

from dreamtok.encryption import UndecryptableValue
from dreamtok.reencrypt import BATCH_SIZE, models_with_encrypted_fields, rewrite


class Command(BaseCommand):
    help = (
        "Re-encrypt the dreams' encrypted fields under the first of FIELD_ENCRYPTION_KEYS (and encrypt any value still "
        "in plain text), in batches that commit one by one. Values already under the first key are left alone, so an "
        "interrupted run is simply run again. Retire an old key only once a run reports nothing rewritten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="rows a transaction (default %(default)s)"
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = 0
        for model in models_with_encrypted_fields():
            progress = None
            try:
                for progress in rewrite(model, batch_size=batch_size):
                    self.stdout.write(f"{progress.label}: {progress.read} rows read, {progress.rewritten} re-encrypted")
            except UndecryptableValue as error:
                raise CommandError(f"{model._meta.label}: {error}") from error
            if progress is None:
                self.stdout.write(f"{model._meta.label}: no rows")
            else:
                total += progress.rewritten
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows re-encrypted; every value is under the first key."))
