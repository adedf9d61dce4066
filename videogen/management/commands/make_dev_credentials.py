"""Development tool: make a local CA and content-credentials signer at C2PA_CERT_CHAIN / C2PA_PRIVATE_KEY (once)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from videogen.credentials import make_development_credentials


class Command(BaseCommand):
    help = "Make a development CA and C2PA signer at the configured paths, unless they exist (never in production)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("A development certificate is for DEBUG only: production is given a real one.")
        chain, key = make_development_credentials(settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY)
        self.stdout.write(f"C2PA signer: {chain} (key {key})")
